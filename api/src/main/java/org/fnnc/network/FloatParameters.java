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
        int s = 0;
        for (int l = 0; l < depth; l++) {
            for (float[] row : weights[l]) {
                segmentIsWeight[s] = true;
                segments[s++] = row;
            }
            segments[s++] = biases[l];
        }
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT;
    }

    /** Layer {@code l}'s weights, input-major: {@code weights(l)[in][out]} is canonical {@code W[out][in]}. */
    public float[][] weights(int l) {
        return weights[l];
    }

    /** Layer {@code l}'s bias, {@code [out]}. */
    public float[] bias(int l) {
        return biases[l];
    }

    /**
     * Every storage array (weight rows, then the bias, per layer): what optimizers update element-wise.
     * Gradients have segments of identical lengths in the same order.
     */
    public float[][] segments() {
        return segments;
    }

    /** Whether segment {@code s} holds weights (weight decay applies) rather than a bias. */
    public boolean isWeightSegment(int s) {
        return segmentIsWeight[s];
    }

    @Override
    public double getWeight(int layer, int out, int in) {
        return weights[layer][in][out];
    }

    @Override
    public void setWeight(int layer, int out, int in, double value) {
        weights[layer][in][out] = (float) value;
    }

    @Override
    public double getBias(int layer, int out) {
        return biases[layer][out];
    }

    @Override
    public void setBias(int layer, int out, double value) {
        biases[layer][out] = (float) value;
    }

    @Override
    public void addWeight(int layer, int out, int in, double value) {
        weights[layer][in][out] = (float) (weights[layer][in][out] + value);
    }

    @Override
    public void addBias(int layer, int out, double value) {
        biases[layer][out] = (float) (biases[layer][out] + value);
    }

    @Override
    public void fill(double value) {
        for (float[] seg : segments) {
            Arrays.fill(seg, (float) value);
        }
    }

    @Override
    public void scale(double factor, int from, int to) {
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
        FloatParameters c = new FloatParameters(layout);
        for (int s = 0; s < segments.length; s++) {
            System.arraycopy(segments[s], 0, c.segments[s], 0, segments[s].length);
        }
        return c;
    }

    @Override
    public void add(Parameters other, int from, int to) {
        if (!(other instanceof FloatParameters o) || o.segments.length != segments.length) {
            throw new IllegalArgumentException("cannot add " + other.precision() + " parameters of another layout to "
                    + precision() + " parameters");
        }
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
        Objects.checkFromToIndex(from, to, segments.length);
        boolean finite = true;
        for (int s = from; s < to; s++) {
            finite &= Updates.scaleFinite(segments[s], segments[s].length, factor);
        }
        return finite;
    }

    @Override
    public boolean hasNonFinite() {
        for (float[] seg : segments) {
            if (!Updates.finite(seg, seg.length)) {
                return true;
            }
        }
        return false;
    }
}
