package org.fnnc.train;

/** The trainer's verdict on a step's mean loss and gradients, asked on its own thread before any update. */
interface DivergenceCheck {

    /**
     * Returns if the step may update the parameters; throws (a {@link TrainingDivergedException}) if not.
     *
     * @param loss            the step's mean loss
     * @param gradientsFinite whether every element of the mean gradient is finite
     */
    void verify(double loss, boolean gradientsFinite);
}
