package org.fnnc.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.ParameterTensor;
import org.fnnc.network.Parameters;
import org.fnnc.spec.TrainingSpec;

/**
 * An element-wise parameter update rule, for float and double parameters alike.
 *
 * <p>One {@link #step} walks the storage segments of the parameters and the gradients together (same
 * lengths, same order). Per segment the rule ({@link #update}) computes, element by element,
 * {@code d = g + lambda w}, where {@code lambda} is the L2 weight decay for weight segments and 0 for bias
 * segments; turns {@code d} into a step direction; and stores {@code w - lr direction}, rounded to the
 * parameters' precision. The element-wise work is {@link org.fnnc.kernels.Updates}': every operation in the
 * parameters' precision (float parameters with float arithmetic, as PyTorch's optimizers; vectorised either
 * way). Optimizer state, one row per segment, is kept in the precision of the parameters it updates.
 *
 * <p>{@link #state()} exports the state as named arrays in canonical order ({@code velocity.layers.0.weight}
 * is {@code [out][in]} like the weight, plus {@code step}, the number of steps taken), and
 * {@link #restore} imports it, so a resumed run continues bit for bit.
 *
 * <h2>Threads</h2>
 * {@link #step} is not thread-safe. For an update split between threads, call {@link #advance()} once per
 * step, then let each thread run {@link Slice#update} of its own {@link #slice} (disjoint segment ranges
 * covering {@code 0 .. segmentCount()}): every rule keeps its state per segment, so the result is bit for bit
 * that of {@link #step}. The threads must be ordered after
 * {@code advance()} and before the next one (a barrier does it).
 */
public abstract class Optimizer {

    /** Name of the exported step counter: an array of one element. */
    public static final String STEP = "step";

    private final SegmentMap map;
    private final double weightDecay;
    private final Slice all;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private long steps;

    /**
     * @param layout      the parameters' layout, fixing the segments' number and lengths
     * @param weightDecay L2 coefficient {@code lambda} added as {@code lambda w} to weight gradients only
     */
    protected Optimizer(ParameterLayout layout, double weightDecay) {
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0: " + weightDecay);
        }
        this.map = new SegmentMap(layout);
        this.weightDecay = weightDecay;
        this.all = new Slice(0, map.count());
    }

    /** The optimizer a training spec names, with its coefficients, for parameters of {@code layout}. */
    public static Optimizer create(TrainingSpec t, ParameterLayout layout) {
        return switch (t.optimizer()) {
            case SGD -> new Sgd(layout, t.weightDecay());
            case MOMENTUM -> new Momentum(layout, t.weightDecay(), t.momentum(), false);
            case NESTEROV -> new Momentum(layout, t.weightDecay(), t.momentum(), true);
            case ADAM -> new Adam(layout, t.weightDecay(), t.beta1(), t.beta2(), t.epsilon());
        };
    }

    /** The spec spelling of this optimizer: {@code sgd}, {@code momentum}, {@code nesterov}, {@code adam}. */
    public abstract String name();

    /**
     * An independent optimizer of the same kind and coefficients holding a copy of this one's state: from the
     * same parameters and gradients the two take bit-identical steps.
     */
    public final Optimizer copy() {
        Optimizer c = newInstance();
        c.restore(state());
        return c;
    }

    /** A fresh optimizer of this kind with this one's coefficients (zero state), for {@link #copy()}. */
    protected abstract Optimizer newInstance();

    /** The layout of the parameters this optimizer updates. */
    protected final ParameterLayout layout() {
        return map.layout();
    }

    /** Steps taken so far (restored by {@link #restore}). */
    public final long steps() {
        return steps;
    }

    /** Number of storage segments the parameters have (weight rows then the bias, per layer). */
    public final int segmentCount() {
        return map.count();
    }

    /** The L2 weight decay coefficient. */
    public final double weightDecay() {
        return weightDecay;
    }

    /** Registers a state slot exported as {@code name.layers.N.weight} etc.: zero rows shaped like the segments. */
    protected final Slot addSlot(String name) {
        Slot slot = new Slot();
        slots.put(name, slot);
        return slot;
    }

    /**
     * One state value per parameter, as rows shaped like the segments, kept in the precision of the parameters
     * the optimizer updates: allocated (zero) at the first update, converted if parameters of the other
     * precision come (exact from float to double; a restored double state is rounded once for float
     * parameters). Slices may allocate the rows from several threads at once; switching precision while
     * another thread updates is not supported.
     */
    protected final class Slot {
        private volatile float[][] floats;
        private volatile double[][] doubles;

        private Slot() {
        }

        /** The rows for float parameters. */
        public float[][] floats() {
            float[][] f = floats;
            return f != null ? f : toFloats();
        }

        /** The rows for double parameters. */
        public double[][] doubles() {
            double[][] d = doubles;
            return d != null ? d : toDoubles();
        }

        private synchronized float[][] toFloats() {
            if (floats == null) {
                float[][] f = new float[map.count()][];
                for (int s = 0; s < f.length; s++) {
                    f[s] = new float[map.length(s)];
                    if (doubles != null) {
                        for (int k = 0; k < f[s].length; k++) {
                            f[s][k] = (float) doubles[s][k];
                        }
                    }
                }
                floats = f;
                doubles = null;
            }
            return floats;
        }

        private synchronized double[][] toDoubles() {
            if (doubles == null) {
                doubles = floats != null ? widened(floats) : map.allocate();
                floats = null;
            }
            return doubles;
        }

        /** The values as double rows (the live rows for double state, a copy for float state). */
        private synchronized double[][] exported() {
            return floats != null ? widened(floats) : doubles();
        }

        /** Replaces the values with {@code rows}' (double rows shaped like the segments). */
        private synchronized void replace(double[][] rows) {
            if (floats != null) {
                for (int s = 0; s < rows.length; s++) {
                    for (int k = 0; k < rows[s].length; k++) {
                        floats[s][k] = (float) rows[s][k];
                    }
                }
            } else {
                doubles = rows;
            }
        }

        /** Double rows holding {@code f}'s values (exact). */
        private double[][] widened(float[][] f) {
            double[][] d = map.allocate();
            for (int s = 0; s < d.length; s++) {
                for (int k = 0; k < d[s].length; k++) {
                    d[s][k] = f[s][k];
                }
            }
            return d;
        }
    }

    /** Called before the segments of step number {@code t} (1 for the first step) are updated. */
    protected void beginStep(long t) {
    }

    /**
     * Updates segment {@code segment} of float parameters, {@code w}, from its gradient {@code g} (same length)
     * with decay {@code lambda} and learning rate {@code lr}, and this rule's state for the segment.
     */
    protected abstract void update(int segment, float[] w, float[] g, double lambda, double lr);

    /** As {@link #update(int, float[], float[], double, double)} for double parameters. */
    protected abstract void update(int segment, double[] w, double[] g, double lambda, double lr);

    /**
     * Updates {@code params} in place from {@code grads}: {@code w -= lr * d}. The same as {@link #advance()}
     * followed by the update of every segment.
     *
     * @throws IllegalArgumentException if the two differ in precision or layout
     */
    public final void step(Parameters params, Parameters grads, double lr) {
        checkFits(params, grads);
        advance();
        all.update(params, grads, lr);
    }

    /**
     * Starts the next step: counts it in {@link #steps()} and prepares the rule's per-step values (Adam's
     * bias correction). Call it exactly once per step, before the {@link Slice#update}s of that step.
     */
    public final void advance() {
        steps++;
        beginStep(steps);
    }

    /**
     * A part of the update covering segments {@code from .. to-1}: slices over disjoint ranges may
     * {@link Slice#update} at the same time from different threads.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= segmentCount()}
     */
    public final Slice slice(int from, int to) {
        Objects.checkFromToIndex(from, to, map.count());
        return new Slice(from, to);
    }

    private void checkFits(Parameters params, Parameters grads) {
        if (params.size() != map.layout().size() || grads.size() != params.size()) {
            throw new IllegalArgumentException("optimizer built for " + map.layout().size()
                    + " parameters got parameters of " + params.size() + " and gradients of " + grads.size());
        }
        if (params.precision() != grads.precision()) {
            throw new IllegalArgumentException("parameters are " + params.precision().yamlName()
                    + " but gradients are " + grads.precision().yamlName());
        }
    }

    /**
     * The update of a range of segments, for one thread: see {@link Optimizer#slice}. Not thread-safe itself;
     * distinct slices over disjoint ranges are.
     */
    public final class Slice {
        private final int from;
        private final int to;
        /** The order this slice walks its segments in: by their addresses, which only timing tells. */
        private final SegmentOrder order = new SegmentOrder();

        private Slice(int from, int to) {
            this.from = from;
            this.to = to;
        }

        /** First segment updated. */
        public int from() {
            return from;
        }

        /** One past the last segment updated. */
        public int to() {
            return to;
        }

        /**
         * Updates segments {@code from() .. to()-1} of {@code params} from {@code grads} ({@code w -= lr * d})
         * for the step most recently started by {@link Optimizer#advance()}. The segments are walked in the order
         * this slice's passes have timed faster ({@code SegmentOrder}: it depends on where the collector left
         * the row arrays); the result does not depend on it.
         *
         * @throws IllegalArgumentException if the two differ in precision or layout
         */
        public void update(Parameters params, Parameters grads, double lr) {
            // a pass that throws is never ended, so its time is never counted
            boolean descending = order.begin();
            update(params, grads, lr, descending);
            order.end();
        }

        /** {@link #update(Parameters, Parameters, double)} walking the segments in the given order. */
        void update(Parameters params, Parameters grads, double lr, boolean descending) {
            if (params instanceof FloatParameters p && grads instanceof FloatParameters g) {
                update(p, g, lr, descending);
            } else if (params instanceof DoubleParameters p && grads instanceof DoubleParameters g) {
                update(p, g, lr, descending);
            } else {
                checkFits(params, grads);
                throw new IllegalArgumentException(params.getClass().getName() + " are neither float nor double");
            }
        }

        private void update(FloatParameters p, FloatParameters g, double lr, boolean descending) {
            checkFits(p, g);
            float[][] ws = p.segments();
            float[][] gs = g.segments();
            for (int k = from; k < to; k++) {
                int s = descending ? from + to - 1 - k : k;
                Optimizer.this.update(s, ws[s], gs[s], p.isWeightSegment(s) ? weightDecay : 0.0, lr);
            }
        }

        private void update(DoubleParameters p, DoubleParameters g, double lr, boolean descending) {
            checkFits(p, g);
            double[][] ws = p.segments();
            double[][] gs = g.segments();
            for (int k = from; k < to; k++) {
                int s = descending ? from + to - 1 - k : k;
                Optimizer.this.update(s, ws[s], gs[s], p.isWeightSegment(s) ? weightDecay : 0.0, lr);
            }
        }
    }

    /**
     * The state as named canonical-order arrays: {@value #STEP} (one element, the step count) and, per
     * slot and parameter tensor, {@code slot.layers.N.weight} ({@code [out][in]} row-major) and
     * {@code slot.layers.N.bias}. A fresh map of fresh arrays.
     */
    public final Map<String, double[]> state() {
        Map<String, double[]> state = new LinkedHashMap<>();
        state.put(STEP, new double[] {steps});
        for (Map.Entry<String, Slot> slot : slots.entrySet()) {
            double[][] rows = slot.getValue().exported();
            for (ParameterTensor t : map.layout().tensors()) {
                state.put(slot.getKey() + "." + t.name(), map.toCanonical(rows, t));
            }
        }
        return state;
    }

    /**
     * Replaces the state with one exported by {@link #state()} of an optimizer of the same kind and layout.
     *
     * @throws IllegalArgumentException naming the missing, unexpected or mis-sized entries
     */
    public final void restore(Map<String, double[]> state) {
        List<String> problems = new ArrayList<>();
        Map<String, double[]> expected = state();
        TreeSet<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(expected.keySet());
        if (!unexpected.isEmpty()) {
            problems.add("unexpected entries " + unexpected);
        }
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            double[] v = state.get(e.getKey());
            if (v == null) {
                problems.add("missing '" + e.getKey() + "'");
            } else if (v.length != e.getValue().length) {
                problems.add("'" + e.getKey() + "' has " + v.length + " values, expected " + e.getValue().length);
            }
        }
        double count = problems.isEmpty() ? state.get(STEP)[0] : 0;
        if (problems.isEmpty() && !(count >= 0 && count == Math.rint(count))) {
            problems.add("'" + STEP + "' is " + count + ", not a step count");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot restore " + name() + " optimizer state: "
                    + String.join("; ", problems) + " (was the state saved for another optimizer or network?)");
        }
        steps = (long) count;
        for (Map.Entry<String, Slot> slot : slots.entrySet()) {
            double[][] rows = map.allocate();
            for (ParameterTensor t : map.layout().tensors()) {
                map.fromCanonical(state.get(slot.getKey() + "." + t.name()), t, rows);
            }
            slot.getValue().replace(rows);
        }
    }
}
