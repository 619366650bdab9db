package org.fnnc.train;

import org.fnnc.network.BatchSource;

/**
 * Labelled samples as the {@link Trainer} and {@link Evaluator} see them: a fixed number of samples, each
 * {@link #featureCount()} inputs and {@link #targetWidth()} targets (a class index for cross-entropy, see
 * {@link org.fnnc.network.Network}), copied out in any order into a caller's batch buffers.
 */
public interface TrainingData extends BatchSource {

    /** Number of samples. */
    int size();

    /** Inputs per sample. */
    int featureCount();

    /** Targets per sample. */
    int targetWidth();

    /**
     * Copies samples {@code order[from] .. order[from + count - 1]} into {@code x} (sample-major,
     * {@code x[b * featureCount() + i]}) and {@code t} ({@code t[b * targetWidth() + j]}).
     */
    @Override
    void gather(int[] order, int from, int count, float[] x, float[] t);

    /** As {@link #gather(int[], int, int, float[], float[])}, widening to double. */
    @Override
    void gather(int[] order, int from, int count, double[] x, double[] t);

    /**
     * In-memory data over sample-major arrays (not copied): {@code features.length / featureCount} samples.
     *
     * @throws IllegalArgumentException if the array lengths do not describe the same number of samples
     */
    static TrainingData of(float[] features, float[] targets, int featureCount, int targetWidth) {
        return new ArrayTrainingData(features, targets, featureCount, targetWidth);
    }
}
