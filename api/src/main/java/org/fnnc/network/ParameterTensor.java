package org.fnnc.network;

/**
 * One named tensor of the canonical parameter layout: {@code layers.N.weight} of shape {@code [out, in]}
 * or {@code layers.N.bias} of shape {@code [out]} (PyTorch's {@code nn.Linear} names and shapes).
 *
 * @param name   {@code layers.N.weight} or {@code layers.N.bias}
 * @param layer  layer index N
 * @param weight true for the weight matrix, false for the bias vector
 * @param out    rows: the layer's units
 * @param in     columns of a weight matrix (the layer's fan-in); 1 for a bias
 * @param offset index of the tensor's first element in the canonical flat order
 */
public record ParameterTensor(String name, int layer, boolean weight, int out, int in, int offset) {

    /** Number of elements. */
    public int size() {
        return out * in;
    }

    /** {@code [out, in]} for a weight, {@code [out]} for a bias. */
    public long[] shape() {
        return weight ? new long[] {out, in} : new long[] {out};
    }

    /** Canonical flat index of element {@code [row][col]} (col 0 for a bias). */
    public int index(int row, int col) {
        return offset + row * in + col;
    }
}
