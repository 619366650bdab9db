package org.fnnc.network;

/**
 * Samples that copy themselves, in any order, into a batch's arrays of either precision: what
 * {@link Networks.Batch#gather} fills a network's batch buffers from (fnnc-runtime's {@code TrainingData} is one).
 */
public interface BatchSource {

    /**
     * Copies samples {@code order[from] .. order[from + count - 1]} into {@code x} (sample-major,
     * {@code x[b * inputs + i]}) and {@code t} ({@code t[b * targetWidth + j]}).
     */
    void gather(int[] order, int from, int count, float[] x, float[] t);

    /** As {@link #gather(int[], int, int, float[], float[])}, widening to double. */
    void gather(int[] order, int from, int count, double[] x, double[] t);
}
