package org.fnnc.kernels;
// Derived from FloatDenseWorkspace.java by api/src/build/derive-double-kernels.sh: edit that file and rerun the script.

/**
 * Scratch memory for the {@link DoubleDense} kernels: packed weight panels, edge tiles and the like, sized once
 * for the largest layer and block it will serve, so that the kernels never allocate. One workspace may serve
 * every layer of a network, one call at a time: it is not thread-safe (a network instance, single-threaded
 * itself, owns one).
 */
public final class DoubleDenseWorkspace {

    final int maxSamples;
    final int maxInputs;
    final int maxUnits;
    /** Vector kernels: a packed panel of weights (at most max(inputs, units) rows of one panel width). */
    double[] panel;
    /** Vector kernels: the last rows of a block that do not fill a register tile, zero-padded to a tile. */
    double[] tailRows;
    /** Vector kernels: the input gradient of one panel of samples, transposed (a row per input, then a tile's). */
    double[] gradientPanel;
    /** Vector kernels: one register tile's outputs where they do not fit the destination. */
    double[] tile;
    /** Vector kernels: the last columns of a bias, zero-padded to a whole vector. */
    double[] edgeBias;
    /** Vector kernels: a panel width of zeros, the bias of the input gradient. */
    double[] zeros;
    /** Vector kernels: the last columns of the deltas, zero-padded to a whole vector, one row per sample. */
    double[] edgeColumns;
    /** Vector kernels: rows of a weight-gradient tile that do not fit the destination's rows. */
    double[][] edgeRows;
    /** Vector kernels: one vector's lanes, summed in a fixed order. */
    double[] lanes;
    /** Vector kernels: one sample's nonzero inputs, packed, and (below) the weight rows they multiply. */
    double[] nonzeroInputs;
    double[][] nonzeroRows;
    /**
     * Both: a few rows of a weight gradient that is used for a step and not kept ({@link DoubleDense#sgdBlock}), one
     * group of rows at a time.
     */
    double[][] stepRows;
    /**
     * Vector kernels, 512-bit vectors: the deltas packed for the weight gradient's tiles, an {@code n x PW} block a
     * panel.
     */
    double[] deltaPanels;
    /** Scalar kernels: rows of the block (outputs, then deltas), so that every array in a loop has the same index. */
    double[][] rows;
    /** Scalar kernels: the weights W = transpose of the stored W^T, for the input gradient of larger blocks. */
    double[][] transposed;

    /**
     * Scratch for layers of at most {@code maxInputs} inputs and {@code maxUnits} units over blocks of at most
     * {@code maxSamples} samples, for the kernels this JVM runs.
     *
     * @throws IllegalArgumentException unless all three are at least 1
     */
    public DoubleDenseWorkspace(int maxSamples, int maxInputs, int maxUnits) {
        this(maxSamples, maxInputs, maxUnits, DoubleDense.KERNELS);
    }

    DoubleDenseWorkspace(int maxSamples, int maxInputs, int maxUnits, DoubleDenseKernels kernels) {
        if (maxSamples < 1 || maxInputs < 1 || maxUnits < 1) {
            throw new IllegalArgumentException("workspace sizes must be at least 1: samples " + maxSamples
                    + ", inputs " + maxInputs + ", units " + maxUnits);
        }
        this.maxSamples = maxSamples;
        this.maxInputs = maxInputs;
        this.maxUnits = maxUnits;
        kernels.allocate(this);
    }

    /** Largest block this workspace serves. */
    public int maxSamples() {
        return maxSamples;
    }

    /** Largest fan-in this workspace serves. */
    public int maxInputs() {
        return maxInputs;
    }

    /** Largest layer width this workspace serves. */
    public int maxUnits() {
        return maxUnits;
    }

    void check(int n, int inputs, int units) {
        if (n > maxSamples || inputs > maxInputs || units > maxUnits) {
            throw new IllegalArgumentException("workspace for " + maxSamples + " samples, " + maxInputs
                    + " inputs and " + maxUnits + " units cannot serve " + n + " samples of a " + inputs + " -> "
                    + units + " layer");
        }
    }
}
