package org.fnnc.network;

import java.util.Arrays;
import java.util.Objects;
import org.fnnc.kernels.FloatDense;
import org.fnnc.kernels.FloatDenseWorkspace;
import org.fnnc.kernels.Updates;
import org.fnnc.spec.Activation;
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
    /** Per layer, whether its pending product is a block's ({@link #setBlockProduct}) rather than an outer product. */
    private final boolean[] blockPending;
    /** Per layer, the operands of its block product (allocated on first use). */
    private final BlockProduct[] blocks;
    /** Per layer, whether its pending product is a deferred one-sample step ({@link #deferStep}), and its operands. */
    private final boolean[] stepPending;
    private final float[][] stepU;
    private final float[][] stepV;
    private final float[] stepRate;

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
        this.blockPending = new boolean[depth];
        this.blocks = new BlockProduct[depth];
        this.stepPending = new boolean[depth];
        this.stepU = new float[depth][];
        this.stepV = new float[depth][];
        this.stepRate = new float[depth];
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
        blockPending[l] = false;
        stepPending[l] = false;
        markProduct(l);
    }

    /**
     * Sets layer {@code l}'s weights to the mean product of a block of {@code n} samples,
     * {@code weights(l)[i][j] = (sum_s x[s][i] d[s][j]) * scale} ({@link FloatDense#weightGradient} not
     * accumulated, then each element times {@code scale}, rounded to float): what a network's SGD step of one block
     * leaves as its weight gradient ({@link FloatDense#sgdBlock} steps with it without writing it). The product is
     * written into the arrays when anything reads or writes these parameters ({@link #settle()}), with workspace
     * {@code ws}.
     *
     * <p>Unlike {@link #setOuterProduct} this keeps references, not copies: {@code x} (rows of {@code fanIn} at
     * {@code x[xo + s*ldx]}) and {@code d} (rows of {@code units} at {@code d[dOff + s*ldd]}) must not change until
     * the product is written, discarded ({@link #discardProducts}) or its operands copied
     * ({@link #keepProductOperands}), which the generated networks do before their next forward pass.
     */
    public void setBlockProduct(int l, float[] x, int xo, int ldx, int n, float[] d, int dOff, int ldd, float scale,
                                FloatDenseWorkspace ws) {
        int in = layout.fanIn(l);
        int out = layout.units(l);
        if (n < 1 || ldx < in || ldd < out || xo < 0 || dOff < 0
                || (long) xo + (long) (n - 1) * ldx + in > x.length
                || (long) dOff + (long) (n - 1) * ldd + out > d.length) {
            throw new IndexOutOfBoundsException("a block of " + n + " samples of " + in + " inputs (offset " + xo
                    + ", leading dimension " + ldx + ") and " + out + " deltas (offset " + dOff
                    + ", leading dimension " + ldd + ") does not fit arrays of " + x.length + " and " + d.length);
        }
        if (n > ws.maxSamples() || in > ws.maxInputs() || out > ws.maxUnits()) {
            throw new IllegalArgumentException("workspace too small for a block of " + n + " samples of layer " + l);
        }
        BlockProduct b = blocks[l];
        if (b == null) {
            b = blocks[l] = new BlockProduct(out);
        }
        b.x = x;
        b.xo = xo;
        b.ldx = ldx;
        b.n = n;
        b.d = d;
        b.dOff = dOff;
        b.ldd = ldd;
        b.scale = scale;
        b.ws = ws;
        blockPending[l] = true;
        stepPending[l] = false;
        markProduct(l);
    }

    /**
     * Defers layer {@code l}'s one-sample SGD step {@code weights(l)[i][j] -= rate * (u[uo + i] * v[vo + j])}
     * ({@link FloatDense#oneSampleStep}: what a network's one-sample step takes) to the layer's next forward pass
     * ({@link #forwardAfterDeferredStep}), which then reads and writes each weight row once instead of the step
     * reading and writing it and the pass reading it again. Until then the arrays hold the weights before the step;
     * anything that reads or writes these parameters takes it first ({@link #settle()}), as for the products above.
     * Copies {@code u} ({@code fanIn} values) and {@code v} ({@code units}); allocates the copies once per layer.
     */
    public void deferStep(int l, float rate, float[] u, int uo, float[] v, int vo) {
        int in = layout.fanIn(l);
        int out = layout.units(l);
        Objects.checkFromIndexSize(uo, in, u.length);
        Objects.checkFromIndexSize(vo, out, v.length);
        settle();
        if (stepU[l] == null) {
            stepU[l] = new float[in];
            stepV[l] = new float[out];
        }
        System.arraycopy(u, uo, stepU[l], 0, in);
        System.arraycopy(v, vo, stepV[l], 0, out);
        stepRate[l] = rate;
        stepPending[l] = true;
        markProduct(l);
    }

    /**
     * One sample's forward pass through layer {@code l} after the step {@link #deferStep} left pending on it,
     * {@link FloatDense#forwardAfterStep} (same bits as the step, then {@link FloatDense#forward}); returns false,
     * and does nothing, if no step is pending on {@code l}. Other layers' pending work stays pending.
     */
    public boolean forwardAfterDeferredStep(int l, float[] x, int xo, Activation activation, float alpha, float[] y,
                                            int yo, FloatDenseWorkspace ws) {
        if (!stepPending[l] || !productPending(l)) {
            return false;
        }
        stepPending[l] = false;
        productWritten(l);
        FloatDense.forwardAfterStep(x, xo, layout.fanIn(l), weights[l], biases[l], layout.units(l), activation, alpha,
                y, yo, stepU[l], 0, stepV[l], 0, stepRate[l], ws);
        return true;
    }

    /** The operands of a block product: references to the caller's arrays until {@link #keepOperands} copies them. */
    private static final class BlockProduct {
        float[] x;
        int xo;
        int ldx;
        int n;
        float[] d;
        int dOff;
        int ldd;
        float scale;
        FloatDenseWorkspace ws;
        /** The bias gradient the kernel computes along with the product (not wanted here). */
        final float[] bias;
        /** This object's own copies of the operands, once needed. */
        float[] ownX;
        float[] ownD;

        BlockProduct(int units) {
            this.bias = new float[units];
        }
    }

    @Override
    protected void keepOperands(int l) {
        if (!blockPending[l]) {
            return;
        }
        BlockProduct b = blocks[l];
        int in = layout.fanIn(l);
        int out = layout.units(l);
        if (b.x == b.ownX && b.d == b.ownD) {
            return;
        }
        if (b.ownX == null || b.ownX.length < b.n * in) {
            b.ownX = new float[b.ws.maxSamples() * in];
            b.ownD = new float[b.ws.maxSamples() * out];
        }
        for (int s = 0; s < b.n; s++) {
            System.arraycopy(b.x, b.xo + s * b.ldx, b.ownX, s * in, in);
            System.arraycopy(b.d, b.dOff + s * b.ldd, b.ownD, s * out, out);
        }
        b.x = b.ownX;
        b.xo = 0;
        b.ldx = in;
        b.d = b.ownD;
        b.dOff = 0;
        b.ldd = out;
    }

    @Override
    protected void writeProduct(int l) {
        if (stepPending[l]) {
            stepPending[l] = false;
            FloatDense.oneSampleStep(stepU[l], 0, layout.fanIn(l), stepV[l], 0, layout.units(l), weights[l],
                    stepRate[l]);
            return;
        }
        if (blockPending[l]) {
            blockPending[l] = false;
            BlockProduct b = blocks[l];
            int in = layout.fanIn(l);
            int out = layout.units(l);
            float[][] w = weights[l];
            FloatDense.weightGradient(b.x, b.xo, b.ldx, b.n, in, b.d, b.dOff, b.ldd, out, w, b.bias, false, b.ws);
            float scale = b.scale;
            for (int i = 0; i < in; i++) {
                float[] row = w[i];
                for (int j = 0; j < out; j++) {
                    row[j] *= scale;
                }
            }
            b.x = null;
            b.d = null;
            return;
        }
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
        discardProducts();
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
    static boolean sumInto(float[][][] parts, int from, int to, double factor, boolean descending) {
        Objects.checkFromToIndex(from, to, parts[0].length);
        boolean finite = true;
        for (int i = from; i < to; i++) {
            int s = descending ? from + to - 1 - i : i;
            float[] sum = parts[0][s];
            for (int j = 1; j < parts.length; j++) {
                float[] part = parts[j][s];
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += part[k];
                }
            }
            finite &= Updates.scaleFinite(sum, sum.length, factor);
            for (int j = 1; j < parts.length; j++) {
                System.arraycopy(sum, 0, parts[j][s], 0, sum.length);
            }
        }
        return finite;
    }

    @Override
    public boolean scaleFinite(double factor, int from, int to, boolean descending) {
        settle();
        Objects.checkFromToIndex(from, to, segments.length);
        boolean finite = true;
        for (int i = from; i < to; i++) {
            int s = descending ? from + to - 1 - i : i;
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
