package org.fnnc.train;

/** One training step's gradient computation: on the calling thread ({@link Lane}) or data-parallel. */
interface GradientStep extends AutoCloseable {

    /** Gathers the batch, leaves its mean gradient in the network's gradients and returns its mean loss. */
    double trainStep(TrainingData data, int[] order, int from, int count);

    /** The sum of every gradient element, in double: finite exactly when every element is (barring overflow). */
    double gradientSum();

    /** Stops worker threads, if any. */
    @Override
    void close();
}
