package org.fnnc.train;

/**
 * Progress callbacks of a {@link Trainer}, which prints nothing itself: front ends show progress as they
 * see fit. Epochs and steps are numbered from 1. Every method does nothing by default. Calls come from the
 * training thread, in this order: {@code onStart}, then per epoch {@code onEpochStart}, {@code onStep} per
 * minibatch, {@code onEpochEnd}; finally {@code onFinish} (not called when training fails, e.g. with
 * {@link TrainingDivergedException}).
 */
public interface TrainingListener {

    /**
     * Training begins (or resumes) with epoch {@code firstEpoch} of {@code epochs}.
     *
     * @param stepsPerEpoch   minibatches per epoch, the last one possibly partial
     * @param trainingSamples samples in the training set
     */
    default void onStart(int firstEpoch, int epochs, int stepsPerEpoch, int trainingSamples) {
    }

    /** Epoch {@code epoch} begins with this learning rate. */
    default void onEpochStart(int epoch, double learningRate) {
    }

    /**
     * A minibatch was trained on.
     *
     * @param loss              the minibatch's mean loss before the update
     * @param samplesPerSecond  throughput of this epoch so far
     */
    default void onStep(int epoch, int step, int stepsPerEpoch, double loss, double samplesPerSecond) {
    }

    /** An epoch ended, its validation evaluated. */
    default void onEpochEnd(EpochResult result) {
    }

    /** Training ended normally (all epochs, early stopping or a stop request). */
    default void onFinish(TrainingResult result) {
    }
}
