package org.fnnc.train;

/** The trainer's verdict on a step's mean loss and gradients, asked on its own thread before any update. */
interface DivergenceCheck {

    /**
     * Returns if the step may update the parameters; throws (a {@link TrainingDivergedException}) if not.
     *
     * @param loss        the step's mean loss
     * @param gradientSum the sum of every element of the mean gradient: finite exactly when every element is,
     *                    barring overflow
     */
    void verify(double loss, double gradientSum);
}
