package org.fnnc.network;

import java.util.Arrays;
import org.fnnc.spec.Precision;

/**
 * A network's parameters (or its gradients, which have the same shape), in the precision of the network.
 *
 * <h2>Storage</h2>
 * Per layer {@code l}: the weights as {@code in} separate rows of length {@code out}, row {@code i} holding
 * the weights from input {@code i} to every unit ({@code W^T}, input-major), and the bias as one array of
 * length {@code out}. This is the storage the generated kernels run fastest on: the forward product
 * {@code z += a[i] * W^T[i]} and the weight gradient {@code dW^T[i] += a[i] * delta} are both axpy loops over
 * one row with the same index in every array, which C2 vectorises (docs/parameter-layout.md has the
 * measurements). Only the input gradient of hidden layers is a dot product.
 *
 * <h2>Canonical view</h2>
 * {@link #get(int)}, {@link #copyTo(double[])} and friends address parameters in the canonical
 * {@link ParameterLayout} order ({@code [out][in]} per weight) and convert on the way; they are for IO,
 * tests and tools, not hot paths. Optimizers work element-wise on {@link FloatParameters#segments()}
 * (or the double equivalent), where order does not matter.
 */
public abstract class Parameters {

    protected final ParameterLayout layout;
    private final int segmentCount;
    /**
     * Per layer, whether its weights are a product the subclass keeps (an outer product, or a block's product), not
     * yet written into the arrays.
     */
    private final boolean[] layerPending;
    /** Whether any layer's are. */
    private boolean pending;

    protected Parameters(ParameterLayout layout) {
        this.layout = layout;
        int count = 0;
        for (int l = 0; l < layout.depth(); l++) {
            count += layout.fanIn(l) + 1;
        }
        this.segmentCount = count;
        this.layerPending = new boolean[layout.depth()];
    }

    public final ParameterLayout layout() {
        return layout;
    }

    /**
     * Number of storage segments: per layer {@code fanIn} weight rows, then the bias. The ranged operations
     * ({@link #add(Parameters, int, int)} and friends) address segments {@code from .. to-1} in this order,
     * so threads can work on disjoint ranges of the same parameters at once.
     */
    public final int segmentCount() {
        return segmentCount;
    }

    /** Total number of parameters. */
    public final int size() {
        return layout.size();
    }

    public abstract Precision precision();

    /** Parameter at canonical index {@code index}. */
    public final double get(int index) {
        ParameterTensor t = layout.tensorAt(index);
        int k = index - t.offset();
        return t.weight() ? getWeight(t.layer(), k / t.in(), k % t.in()) : getBias(t.layer(), k);
    }

    /** Sets the parameter at canonical index {@code index} (rounded to this precision). */
    public final void set(int index, double value) {
        ParameterTensor t = layout.tensorAt(index);
        int k = index - t.offset();
        if (t.weight()) {
            setWeight(t.layer(), k / t.in(), k % t.in(), value);
        } else {
            setBias(t.layer(), k, value);
        }
    }

    /** Weight from input {@code in} to unit {@code out} of layer {@code layer}: canonical {@code W[out][in]}. */
    public abstract double getWeight(int layer, int out, int in);

    public abstract void setWeight(int layer, int out, int in, double value);

    public abstract double getBias(int layer, int out);

    public abstract void setBias(int layer, int out, double value);

    /**
     * Adds {@code value} to canonical {@code W[out][in]} of layer {@code layer}, rounding the sum to this
     * precision: how the reference interpreter accumulates gradients in either precision.
     */
    public abstract void addWeight(int layer, int out, int in, double value);

    /** Adds {@code value} to the bias of unit {@code out} of layer {@code layer}, rounding to this precision. */
    public abstract void addBias(int layer, int out, double value);

    /** Writes all parameters in canonical order into {@code dst[0 .. size())}. */
    public final void copyTo(double[] dst) {
        checkLength(dst.length);
        for (ParameterTensor t : layout.tensors()) {
            for (int r = 0; r < t.out(); r++) {
                for (int c = 0; c < t.in(); c++) {
                    dst[t.index(r, c)] = t.weight() ? getWeight(t.layer(), r, c) : getBias(t.layer(), r);
                }
            }
        }
    }

    /** All parameters in canonical order, as a new array. */
    public final double[] toArray() {
        double[] a = new double[size()];
        copyTo(a);
        return a;
    }

    /** Reads all parameters in canonical order from {@code src[0 .. size())}, rounding to this precision. */
    public final void copyFrom(double[] src) {
        checkLength(src.length);
        for (ParameterTensor t : layout.tensors()) {
            for (int r = 0; r < t.out(); r++) {
                for (int c = 0; c < t.in(); c++) {
                    if (t.weight()) {
                        setWeight(t.layer(), r, c, src[t.index(r, c)]);
                    } else {
                        setBias(t.layer(), r, src[t.index(r, c)]);
                    }
                }
            }
        }
    }

    /** Copies every value from {@code other}, which must have the same layout (any precision). */
    public final void copyFrom(Parameters other) {
        if (other.size() != size() || other.layout.depth() != layout.depth()) {
            throw new IllegalArgumentException("parameter layouts differ: " + other.size() + " vs " + size());
        }
        boolean sameShape = sameShape(layout, other.layout);
        if (sameShape && this instanceof FloatParameters to && other instanceof FloatParameters from) {
            // same storage: segment by segment, no detour through the canonical double array
            float[][] src = from.segments();
            float[][] dst = to.segments();
            for (int s = 0; s < dst.length; s++) {
                System.arraycopy(src[s], 0, dst[s], 0, dst[s].length);
            }
        } else if (sameShape && this instanceof DoubleParameters to && other instanceof DoubleParameters from) {
            double[][] src = from.segments();
            double[][] dst = to.segments();
            for (int s = 0; s < dst.length; s++) {
                System.arraycopy(src[s], 0, dst[s], 0, dst[s].length);
            }
        } else {
            copyFrom(other.toArray());
        }
    }

    /** Whether the two layouts have the same layers (so the same storage segments). */
    private static boolean sameShape(ParameterLayout a, ParameterLayout b) {
        if (a.depth() != b.depth()) {
            return false;
        }
        for (int l = 0; l < a.depth(); l++) {
            if (a.fanIn(l) != b.fanIn(l) || a.units(l) != b.units(l)) {
                return false;
            }
        }
        return true;
    }

    /** Sets every parameter to {@code value}. */
    public abstract void fill(double value);

    /** Multiplies every parameter by {@code factor} (rounded to this precision first). */
    public final void scale(double factor) {
        scale(factor, 0, segmentCount);
    }

    /** Multiplies the parameters of segments {@code from .. to-1} by {@code factor} (rounded to this precision first). */
    public abstract void scale(double factor, int from, int to);

    /** Adds {@code other} (same layout and precision) element by element: {@code this += other}. */
    public final void add(Parameters other) {
        add(other, 0, segmentCount);
    }

    /** {@link #add(Parameters)} restricted to segments {@code from .. to-1}. */
    public abstract void add(Parameters other, int from, int to);

    /**
     * The element-wise sum of {@code parts} (same layout and precision) written back into every part, for ranges
     * of segments: {@link Summation#sumInto}. Made once; summing allocates nothing.
     */
    public static Summation summation(Parameters... parts) {
        if (parts[0] instanceof FloatParameters) {
            float[][][] segs = new float[parts.length][][];
            for (int j = 0; j < parts.length; j++) {
                segs[j] = ((FloatParameters) sameKind(parts[0], parts[j])).segments();
            }
            return (from, to, factor, descending) -> FloatParameters.sumInto(segs, from, to, factor, descending);
        }
        double[][][] segs = new double[parts.length][][];
        for (int j = 0; j < parts.length; j++) {
            segs[j] = ((DoubleParameters) sameKind(parts[0], parts[j])).segments();
        }
        return (from, to, factor, descending) -> DoubleParameters.sumInto(segs, from, to, factor, descending);
    }

    /** See {@link #summation}. */
    @FunctionalInterface
    public interface Summation {
        /**
         * Sets segments {@code from .. to-1} of every part to the parts' element-wise sum, added in the order of
         * the parts, times {@code factor} (rounded to the parts' precision first: the same bits as summing and
         * then {@link Parameters#scaleFinite}); returns true when every result is finite. Works segment by
         * segment, so each part's segment is read and then promptly written by the calling thread (which another
         * core hands over cheaply; see the trainer's data-parallel step).
         */
        default boolean sumInto(int from, int to, double factor) {
            return sumInto(from, to, factor, false);
        }

        /**
         * {@link #sumInto(int, int, double)} walking the segments from {@code to-1} down to {@code from} when
         * {@code descending}: the same results, in the order that streams faster when a collection has left the
         * segment arrays in descending address order (see {@link Parameters#scaleFinite(double, int, int, boolean)}).
         */
        boolean sumInto(int from, int to, double factor, boolean descending);
    }

    private static Parameters sameKind(Parameters first, Parameters p) {
        if (p.getClass() != first.getClass() || p.size() != first.size()
                || p.segmentCount() != first.segmentCount()) {
            throw new IllegalArgumentException("cannot sum " + p.precision() + " parameters of " + p.size()
                    + " into " + first.precision() + " parameters of " + first.size());
        }
        return p;
    }


    /**
     * {@link #scale(double, int, int)} and the finiteness check a trainer makes before it updates, in one pass:
     * multiplies segments {@code from .. to-1} by {@code factor} (rounded to this precision first) and returns
     * true when every result is finite.
     */
    public final boolean scaleFinite(double factor, int from, int to) {
        return scaleFinite(factor, from, to, false);
    }

    /**
     * {@link #scaleFinite(double, int, int)} walking the segments from {@code to-1} down to {@code from} when
     * {@code descending}. The results are the same (the pass is element-wise); the time is not: each segment is an
     * array of its own, and once a garbage collection has moved a matrix's rows they mostly lie in descending
     * address order, against which an ascending pass restarts the hardware prefetcher at every row. A trainer times
     * both orders and takes the faster.
     */
    public abstract boolean scaleFinite(double factor, int from, int to, boolean descending);

    /**
     * Writes into the arrays any layer's weights still held as a product ({@link FloatParameters#setOuterProduct},
     * {@link FloatParameters#setBlockProduct}) or owing a deferred step ({@link FloatParameters#deferStep}): a
     * network's SGD step of one block leaves its weight gradients so, and a float network's one-sample step its first
     * layer's weights.
     * Every method of this class and its subclasses does it first, {@code segments()}, {@code weights(l)} and
     * {@code bias(l)} included; only code that kept an array from before a training call and reads it after needs
     * to call this itself (the generated networks do in {@code accumulateGradients}).
     */
    public final void settle() {
        if (!pending) {
            return;
        }
        pending = false;
        for (int l = 0; l < layerPending.length; l++) {
            if (layerPending[l]) {
                layerPending[l] = false;
                writeProduct(l);
            }
        }
    }

    /**
     * Forgets products not yet written: for code about to overwrite every value (a step's fresh gradient), so that
     * they are neither computed nor later written over the new values.
     */
    public final void discardProducts() {
        pending = false;
        Arrays.fill(layerPending, false);
    }

    /**
     * Copies the operands of block products not yet written ({@link FloatParameters#setBlockProduct}) into arrays of
     * these parameters' own: for a network about to overwrite the block scratch they were set from (its next forward
     * pass). Costs a copy of the block's inputs and deltas, not the product.
     */
    public final void keepProductOperands() {
        if (!pending) {
            return;
        }
        for (int l = 0; l < layerPending.length; l++) {
            if (layerPending[l]) {
                keepOperands(l);
            }
        }
    }

    /** Notes that layer {@code l}'s weights are now a product the subclass keeps, written by {@link #settle()}. */
    protected final void markProduct(int l) {
        layerPending[l] = true;
        pending = true;
    }

    /** Whether layer {@code l} has a product (or deferred step) not yet written. */
    protected final boolean productPending(int l) {
        return layerPending[l];
    }

    /** Notes that layer {@code l}'s product was written (or consumed) by the subclass outside {@link #settle()}. */
    protected final void productWritten(int l) {
        layerPending[l] = false;
        boolean any = false;
        for (boolean p : layerPending) {
            any |= p;
        }
        pending = any;
    }

    /** Writes layer {@code l}'s product into its weight arrays (called by {@link #settle()}). */
    protected abstract void writeProduct(int l);

    /** Makes layer {@code l}'s pending product independent of the caller's arrays ({@link #keepProductOperands}). */
    protected abstract void keepOperands(int l);

    /** A deep copy with the same layout and precision. */
    public abstract Parameters copy();

    /** True if any parameter is NaN or infinite. */
    public abstract boolean hasNonFinite();

    private void checkLength(int length) {
        if (length < size()) {
            throw new IllegalArgumentException("array of length " + length + " cannot hold " + size() + " parameters");
        }
    }
}
