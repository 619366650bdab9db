package org.fnnc.network;

import java.util.Arrays;
import java.util.Objects;
import org.fnnc.kernels.Updates;
import org.fnnc.spec.Precision;

/** Parameters of a float network; see {@link Parameters} for the storage layout. */
public final class FloatParameters extends Parameters {

    private final float[][][] weights;
    private final float[][] biases;
    private final float[][] segments;
    private final boolean[] segmentIsWeight;
    /** Per layer, {@code u} and {@code v} of weights held as the outer product {@code u v^T}; see {@link #setOuterProduct}. */
    private final float[][] outerU;
    private final float[][] outerV;

    /** Zero-filled parameters for the layout. */
    public FloatParameters(ParameterLayout layout) {
        super(layout);
        int depth = layout.depth();
        this.weights = new float[depth][][];
        this.biases = new float[depth][];
        for (int l = 0; l < depth; l++) {
            weights[l] = new float[layout.fanIn(l)][layout.units(l)];
            biases[l] = new float[layout.units(l)];
        }
        int count = segmentCount();
        this.segments = new float[count][];
        this.segmentIsWeight = new boolean[count];
        this.outerU = new float[depth][];
        this.outerV = new float[depth][];
        int s = 0;
        for (int l = 0; l < depth; l++) {
            for (float[] row : weights[l]) {
                segmentIsWeight[s] = true;
                segments[s++] = row;
            }
            segments[s++] = biases[l];
        }
    }

    /**
     * Sets layer {@code l}'s weights to the outer product {@code u v^T}: {@code weights(l)[i][j] = u[uo + i] * v[vo + j]}
     * (a fused multiply-add onto zero, as the kernel library's one-sample weight gradient), for the {@code fanIn}
     * values of {@code u} and {@code units} of {@code v}. The product is kept as copies of the two vectors and written
     * into the arrays when anything reads or writes these parameters ({@link #settle()}): a one-sample weight
     * gradient then costs {@code in + out} numbers instead of {@code in x out} unless somebody looks at it. Allocates
     * the copies once per layer.
     */
    public void setOuterProduct(int l, float[] u, int uo, float[] v, int vo) {
        int in = layout.fanIn(l);
        int out = layout.units(l);
        Objects.checkFromIndexSize(uo, in, u.length);
        Objects.checkFromIndexSize(vo, out, v.length);
        if (outerU[l] == null) {
            outerU[l] = new float[in];
            outerV[l] = new float[out];
        }
        System.arraycopy(u, uo, outerU[l], 0, in);
        System.arraycopy(v, vo, outerV[l], 0, out);
        markOuterProduct(l);
    }

    @Override
    protected void writeOuterProduct(int l) {
        float[] u = outerU[l];
        float[] v = outerV[l];
        float[][] w = weights[l];
        for (int i = 0; i < u.length; i++) {
            float[] row = w[i];
            float ui = u[i];
            for (int j = 0; j < v.length; j++) {
                row[j] = Math.fma(v[j], ui, 0.0f);
            }
        }
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT;
    }

    /** Layer {@code l}'s weights, input-major: {@code weights(l)[in][out]} is canonical {@code W[out][in]}. */
    public float[][] weights(int l) {
        settle();
        return weights[l];
    }

    /** Layer {@code l}'s bias, {@code [out]}. */
    public float[] bias(int l) {
        settle();
        return biases[l];
    }

    /**
     * Every storage array (weight rows, then the bias, per layer): what optimizers update element-wise.
     * Gradients have segments of identical lengths in the same order.
     */
    public float[][] segments() {
        settle();
        return segments;
    }

    /** Whether segment {@code s} holds weights (weight decay applies) rather than a bias. */
    public boolean isWeightSegment(int s) {
        return segmentIsWeight[s];
    }

    @Override
    public double getWeight(int layer, int out, int in) {
        settle();
        return weights[layer][in][out];
    }

    @Override
    public void setWeight(int layer, int out, int in, double value) {
        settle();
        weights[layer][in][out] = (float) value;
    }

    @Override
    public double getBias(int layer, int out) {
        settle();
        return biases[layer][out];
    }

    @Override
    public void setBias(int layer, int out, double value) {
        settle();
        biases[layer][out] = (float) value;
    }

    @Override
    public void addWeight(int layer, int out, int in, double value) {
        settle();
        weights[layer][in][out] = (float) (weights[layer][in][out] + value);
    }

    @Override
    public void addBias(int layer, int out, double value) {
        settle();
        biases[layer][out] = (float) (biases[layer][out] + value);
    }

    @Override
    public void fill(double value) {
        discardOuterProducts();
        for (float[] seg : segments) {
            Arrays.fill(seg, (float) value);
        }
    }

    @Override
    public void scale(double factor, int from, int to) {
        settle();
        Objects.checkFromToIndex(from, to, segments.length);
        float f = (float) factor;
        for (int s = from; s < to; s++) {
            float[] seg = segments[s];
            for (int k = 0; k < seg.length; k++) {
                seg[k] *= f;
            }
        }
    }

    @Override
    public FloatParameters copy() {
        settle();
        FloatParameters c = new FloatParameters(layout);
        for (int s = 0; s < segments.length; s++) {
            System.arraycopy(segments[s], 0, c.segments[s], 0, segments[s].length);
        }
        return c;
    }

    @Override
    public void add(Parameters other, int from, int to) {
        settle();
        if (!(other instanceof FloatParameters o) || o.segments.length != segments.length) {
            throw new IllegalArgumentException("cannot add " + other.precision() + " parameters of another layout to "
                    + precision() + " parameters");
        }
        o.settle();
        Objects.checkFromToIndex(from, to, segments.length);
        for (int s = from; s < to; s++) {
            float[] a = segments[s];
            float[] b = o.segments[s];
            for (int k = 0; k < a.length; k++) {
                a[k] += b[k];
            }
        }
    }

    /** {@link Parameters.Summation#sumInto} over the parts' segment arrays. */
    static boolean sumInto(float[][][] parts, int from, int to) {
        Objects.checkFromToIndex(from, to, parts[0].length);
        boolean finite = true;
        for (int s = from; s < to; s++) {
            float[] sum = parts[0][s];
            for (int j = 1; j < parts.length; j++) {
                float[] part = parts[j][s];
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += part[k];
                }
            }
            finite &= Updates.finite(sum, sum.length);
            for (int j = 1; j < parts.length; j++) {
                System.arraycopy(sum, 0, parts[j][s], 0, sum.length);
            }
        }
        return finite;
    }

    @Override
    public boolean scaleFinite(double factor, int from, int to) {
        settle();
        Objects.checkFromToIndex(from, to, segments.length);
        boolean finite = true;
        for (int s = from; s < to; s++) {
            finite &= Updates.scaleFinite(segments[s], segments[s].length, factor);
        }
        return finite;
    }

    @Override
    public boolean hasNonFinite() {
        settle();
        for (float[] seg : segments) {
            if (!Updates.finite(seg, seg.length)) {
                return true;
            }
        }
        return false;
    }
}
