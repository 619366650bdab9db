package org.fnnc.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fnnc.network.ParameterTensor;
import org.fnnc.network.Parameters;

/**
 * A named tensor for a safetensors file: dtype ({@link DType#F32} or {@link DType#F64}), shape, and values in
 * row-major order. Values are held as doubles; F32 values are exactly representable, so a float tensor survives
 * a write/read round trip bit for bit.
 */
public final class Tensor {

    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final double[] values;

    /**
     * @param values row-major, {@code product(shape)} of them; F32 tensors round each to float on writing
     */
    public Tensor(String name, DType dtype, long[] shape, double[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.values = Objects.requireNonNull(values, "values");
        if (!dtype.isSupported()) {
            throw new IllegalArgumentException(name + ": dtype " + dtype + " is not supported (F32 and F64 are)");
        }
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + count
                    + " values, not " + values.length);
        }
    }

    /** A float tensor. */
    public static Tensor f32(String name, long[] shape, float[] values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return new Tensor(name, DType.F32, shape, v);
    }

    /** A double tensor. */
    public static Tensor f64(String name, long[] shape, double[] values) {
        return new Tensor(name, DType.F64, shape, values.clone());
    }

    /**
     * The parameters (or gradients, or optimizer moments of the same layout) as tensors named
     * {@code prefix + "layers.N.weight"} {@code [out, in]} and {@code prefix + "layers.N.bias"} {@code [out]},
     * in canonical order, F32 or F64 by precision.
     */
    public static List<Tensor> ofParameters(String prefix, Parameters parameters) {
        DType dtype = DType.of(parameters.precision());
        double[] all = parameters.toArray();
        List<Tensor> out = new ArrayList<>();
        for (ParameterTensor t : parameters.layout().tensors()) {
            out.add(new Tensor(prefix + t.name(), dtype, t.shape(),
                    Arrays.copyOfRange(all, t.offset(), t.offset() + t.size())));
        }
        return out;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    /** Element {@code i} in row-major order. */
    public double get(int i) {
        return values[i];
    }

    /** A copy of the values, row-major. */
    public double[] values() {
        return values.clone();
    }

    /** The values rounded to float. */
    public float[] floatValues() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /** Size in bytes of the data in a file. */
    long byteSize() {
        return (long) values.length * dtype.bytes();
    }

    double[] rawValues() {
        return values;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " " + dtype;
    }
}
