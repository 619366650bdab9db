package org.fnnc.network;

import java.util.ArrayList;
import java.util.List;
import org.fnnc.spec.NetworkSpec;

/**
 * The canonical order and names of a network's parameters: for each layer N, {@code layers.N.weight}
 * ({@code [out][in]}, row-major) then {@code layers.N.bias} ({@code [out]}). Comparing two networks'
 * parameters or gradients is comparing arrays in this order; weight files use these names and shapes.
 *
 * <p>The canonical order is an exchange format. In memory, weights are stored input-major (see
 * {@link FloatParameters}); {@link Parameters#copyTo} and {@link Parameters#copyFrom} convert.
 */
public final class ParameterLayout {

    private final List<ParameterTensor> tensors;
    private final int size;
    private final int[] fanIn;
    private final int[] units;

    private ParameterLayout(List<ParameterTensor> tensors, int size, int[] fanIn, int[] units) {
        this.tensors = List.copyOf(tensors);
        this.size = size;
        this.fanIn = fanIn;
        this.units = units;
    }

    /** The layout of the spec's network. */
    public static ParameterLayout of(NetworkSpec spec) {
        int depth = spec.depth();
        int[] fanIn = new int[depth];
        int[] units = new int[depth];
        List<ParameterTensor> tensors = new ArrayList<>();
        long offset = 0;
        for (int l = 0; l < depth; l++) {
            fanIn[l] = spec.inputsOf(l);
            units[l] = spec.layer(l).units();
            tensors.add(new ParameterTensor("layers." + l + ".weight", l, true, units[l], fanIn[l], (int) offset));
            offset += (long) units[l] * fanIn[l];
            tensors.add(new ParameterTensor("layers." + l + ".bias", l, false, units[l], 1, (int) offset));
            offset += units[l];
        }
        if (offset > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(spec.name() + " has " + offset
                    + " parameters, more than one Java array can hold");
        }
        return new ParameterLayout(tensors, (int) offset, fanIn, units);
    }

    /** All tensors in canonical order: weight then bias of layer 0, then layer 1, ... */
    public List<ParameterTensor> tensors() {
        return tensors;
    }

    /** The tensor with this name, or null. */
    public ParameterTensor tensor(String name) {
        for (ParameterTensor t : tensors) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    public ParameterTensor weight(int layer) {
        return tensors.get(2 * layer);
    }

    public ParameterTensor bias(int layer) {
        return tensors.get(2 * layer + 1);
    }

    /** Total number of parameters. */
    public int size() {
        return size;
    }

    public int depth() {
        return units.length;
    }

    /** Fan-in of layer {@code l}. */
    public int fanIn(int l) {
        return fanIn[l];
    }

    /** Units (fan-out) of layer {@code l}. */
    public int units(int l) {
        return units[l];
    }

    /** The tensor holding canonical index {@code index}. */
    public ParameterTensor tensorAt(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("parameter index " + index + " out of [0, " + size + ")");
        }
        int lo = 0;
        int hi = tensors.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tensors.get(mid).offset() <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return tensors.get(lo);
    }

    /** {@code layers.0.weight[3, 17]} or {@code layers.1.bias[4]}: a readable name for one parameter. */
    public String describe(int index) {
        ParameterTensor t = tensorAt(index);
        int k = index - t.offset();
        return t.weight() ? t.name() + "[" + (k / t.in()) + ", " + (k % t.in()) + "]" : t.name() + "[" + k + "]";
    }
}
