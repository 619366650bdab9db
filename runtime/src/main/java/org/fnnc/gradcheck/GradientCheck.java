package org.fnnc.gradcheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.network.Parameters;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Precision;

/**
 * Gradient checking for any {@link Network}: the analytic gradient of the network under test (its
 * {@code lossAndGradients}, read canonically through {@code gradients().copyTo}) against central finite
 * differences {@code (L(p + eps) - L(p - eps)) / 2 eps} of the mean loss, always computed by a
 * <em>double</em> interpreter holding the same parameter values, so that checking a float network measures
 * the network and not float rounding of the differences. docs/interpreter.md explains the tolerances.
 *
 * <p>Each parameter's error is {@link #relativeError(double, double, double) relative}:
 * {@code |g - n| / max(|g| + |n|, floor)}, where {@link #check} scales the floor by {@code max(1, |L|)}
 * (see {@link Options#DEFAULT} for why).
 */
public final class GradientCheck {

    /**
     * Worst relative error a correct double computation stays below with the default options: the central
     * difference's truncation error ({@code eps^2 |L'''| / 6 ~ 1e-13}) and rounding error
     * ({@code ~ 2e-10 |L|}) are both far below it for gradients above the floor, and a wrong
     * formula gives errors of order 1.
     */
    public static final double DOUBLE_TOLERANCE = 1e-6;

    private GradientCheck() {
    }

    /**
     * How to check.
     *
     * @param epsilon perturbation of each parameter (central differences); default {@code 1e-6}
     * @param floor   smallest denominator of the relative error, per unit of loss in {@link #check};
     *                default {@code 1e-3}
     * @param subset  number of parameters to check, chosen at random without repetition; 0 checks all
     * @param seed    seed of the subset choice
     * @param worst   number of worst entries to report
     */
    public record Options(double epsilon, double floor, int subset, long seed, int worst) {

        /**
         * {@code epsilon = 1e-6}, {@code floor = 1e-3}, all parameters, the 10 worst reported.
         *
         * <p>Why the floor: each loss evaluation is exact to a few ulp, so the difference quotient carries a
         * rounding error of about {@code 3 * 1.1e-16 * |L| / 2e-6 ~ 2e-10 |L|} (measured: up to
         * {@code 1.5e-10 |L|}); at the {@link #DOUBLE_TOLERANCE} of 1e-6 that noise alone would fail any
         * gradient below {@code ~3e-4 |L|}. So {@link #check} floors the denominator at
         * {@code floor * max(1, |L|)}: gradients above it are compared relatively, smaller ones absolutely to
         * within {@code 1e-9 |L|} — still a million times finer than the error of a wrong formula.
         * ({@link #compare} has no finite-difference noise and applies the floor as it is.)
         */
        public static final Options DEFAULT = new Options(1e-6, 1e-3, 0, 1L, 10);

        public Options {
            if (!(epsilon > 0.0 && epsilon < 1.0)) {
                throw new IllegalArgumentException("epsilon must be in (0, 1): " + epsilon);
            }
            if (!(floor > 0.0 && Double.isFinite(floor))) {
                throw new IllegalArgumentException("floor must be positive and finite: " + floor);
            }
            if (subset < 0) {
                throw new IllegalArgumentException("subset must be 0 (all) or positive: " + subset);
            }
            if (worst < 0) {
                throw new IllegalArgumentException("worst must not be negative: " + worst);
            }
        }

        public Options withEpsilon(double e) {
            return new Options(e, floor, subset, seed, worst);
        }

        public Options withFloor(double f) {
            return new Options(epsilon, f, subset, seed, worst);
        }

        /** Checks {@code n} parameters chosen with {@code seed} (all of them if the network has fewer). */
        public Options withSubset(int n, long subsetSeed) {
            return new Options(epsilon, floor, n, subsetSeed, worst);
        }

        public Options withWorst(int k) {
            return new Options(epsilon, floor, subset, seed, k);
        }
    }

    /**
     * One checked parameter.
     *
     * @param index         canonical index
     * @param name          e.g. {@code layers.0.weight[3, 17]}
     * @param gradient      the tested network's gradient
     * @param reference     the reference value (finite difference, or the other network's gradient)
     * @param relativeError {@code |gradient - reference| / max(|gradient| + |reference|, floor)}
     */
    public record Entry(int index, String name, double gradient, double reference, double relativeError) {
    }

    /**
     * The outcome of a check or comparison.
     *
     * @param reference        what the gradients were compared with
     * @param checked          parameters compared
     * @param total            parameters of the network
     * @param loss             mean loss computed by the tested network
     * @param referenceLoss    mean loss computed by the reference
     * @param floor            the smallest denominator of the relative errors, as applied
     * @param maxRelativeError the largest relative error (NaN if any value was NaN)
     * @param worst            the entries with the largest errors, worst first
     */
    public record Report(String reference, int checked, int total, double loss, double referenceLoss,
            double floor, double maxRelativeError, List<Entry> worst) {

        public Report {
            worst = List.copyOf(worst);
        }

        /** True if every relative error is at most {@code tolerance} (false if any is NaN). */
        public boolean passes(double tolerance) {
            return maxRelativeError <= tolerance;
        }

        /** A human-readable table: a summary line, the losses and the worst entries by name. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%d of %d parameters against %s%n", checked, total, reference));
            sb.append(String.format(Locale.ROOT, "loss %.10g (reference %.10g)%n", loss, referenceLoss));
            sb.append(String.format(Locale.ROOT, "max relative error %.3e (denominators floored at %.1e)%n",
                    maxRelativeError, floor));
            int width = worst.stream().mapToInt(e -> e.name().length()).max().orElse(0);
            for (Entry e : worst) {
                sb.append(String.format(Locale.ROOT, "  %-" + width + "s  gradient %+.10e  reference %+.10e  "
                        + "rel.err %.3e%n", e.name(), e.gradient(), e.reference(), e.relativeError()));
            }
            return sb.toString();
        }

        @Override
        public String toString() {
            return format();
        }
    }

    /** {@code |g - n| / max(|g| + |n|, floor)}; NaN if either value is NaN, 0 if both are equal. */
    public static double relativeError(double g, double n, double floor) {
        if (g == n) {
            return 0.0;
        }
        return Math.abs(g - n) / Math.max(Math.abs(g) + Math.abs(n), floor);
    }

    /** {@link #check(Network, double[], double[], int, Options)} with {@link Options#DEFAULT}. */
    public static Report check(Network network, double[] x, double[] targets, int batch) {
        return check(network, x, targets, batch, Options.DEFAULT);
    }

    /**
     * Compares the network's analytic mean gradient over the batch with central finite differences of the
     * mean loss on a double interpreter with the same parameters. For a float network, inputs and targets
     * are rounded to float first and both sides see the rounded values. The network's gradients are
     * overwritten; its parameters are left unchanged.
     */
    public static Report check(Network network, double[] x, double[] targets, int batch, Options options) {
        Inputs in = new Inputs(x, targets, network.precision() == Precision.FLOAT);
        int total = network.parameters().size();
        double[] analytic = new double[total];
        double loss = lossAndGradients(network, in, batch, analytic);

        DoubleNetwork ref = (DoubleNetwork) Interpreter.create(network.spec().withPrecision(Precision.DOUBLE),
                network.parameters());
        Parameters p = ref.parameters();
        double referenceLoss = ref.loss(in.x, in.t, batch);
        int[] indices = chooseIndices(total, options);
        double[] numeric = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int index = indices[k];
            double value = p.get(index);
            double up = value + options.epsilon();
            double down = value - options.epsilon();
            p.set(index, up);
            double lossUp = ref.loss(in.x, in.t, batch);
            p.set(index, down);
            double lossDown = ref.loss(in.x, in.t, batch);
            p.set(index, value);
            // Divide by the step actually taken: up - down is 2 eps up to rounding of value +- eps.
            numeric[k] = (lossUp - lossDown) / (up - down);
        }
        String reference = String.format(Locale.ROOT, "central differences (eps %.1e) on a double interpreter",
                options.epsilon());
        // Rounding makes each difference quotient uncertain by about 3e-10 * |L| (see Options.DEFAULT): the
        // floor scales with the loss so that the verdict does not depend on the loss's scale.
        double floor = options.floor() * Math.max(1.0, Math.abs(referenceLoss));
        return report(reference, network, analytic, numeric, indices, loss, referenceLoss, floor, options.worst());
    }

    /**
     * Compares the mean gradients of two networks of the same architecture (e.g. a generated network and
     * the interpreter) element-wise by name, on the same batch. Inputs and targets are rounded to float if
     * either network is a float network. Both networks' gradients are overwritten.
     */
    public static Report compare(Network tested, Network reference, double[] x, double[] targets, int batch,
            Options options) {
        if (!tested.spec().architectureHash().equals(reference.spec().architectureHash())) {
            throw new IllegalArgumentException("cannot compare gradients of different architectures: "
                    + tested.spec() + " vs " + reference.spec());
        }
        Inputs in = new Inputs(x, targets,
                tested.precision() == Precision.FLOAT || reference.precision() == Precision.FLOAT);
        int total = tested.parameters().size();
        double[] g = new double[total];
        double[] r = new double[total];
        double loss = lossAndGradients(tested, in, batch, g);
        double referenceLoss = lossAndGradients(reference, in, batch, r);
        int[] indices = chooseIndices(total, options);
        double[] picked = new double[indices.length];
        for (int k = 0; k < indices.length; k++) {
            picked[k] = r[indices[k]];
        }
        return report(reference.toString(), tested, g, picked, indices, loss, referenceLoss, options.floor(),
                options.worst());
    }

    /** Runs {@code lossAndGradients} in the network's precision; writes the canonical gradient to {@code g}. */
    private static double lossAndGradients(Network network, Inputs in, int batch, double[] g) {
        double loss;
        if (network instanceof FloatNetwork) {
            loss = ((FloatNetwork) network).lossAndGradients(in.xFloat(), in.tFloat(), batch);
        } else if (network instanceof DoubleNetwork) {
            loss = ((DoubleNetwork) network).lossAndGradients(in.x, in.t, batch);
        } else {
            throw new IllegalArgumentException(network.getClass().getName()
                    + " implements neither FloatNetwork nor DoubleNetwork");
        }
        network.gradients().copyTo(g);
        return loss;
    }

    private static Report report(String reference, Network network, double[] gradient, double[] referenceValues,
            int[] indices, double loss, double referenceLoss, double floor, int worstCount) {
        List<Entry> entries = new ArrayList<>(indices.length);
        double max = 0.0;
        for (int k = 0; k < indices.length; k++) {
            int index = indices[k];
            double err = relativeError(gradient[index], referenceValues[k], floor);
            if (Double.isNaN(err) || err > max) { // once NaN, stays NaN
                max = err;
            }
            entries.add(new Entry(index, network.parameters().layout().describe(index), gradient[index],
                    referenceValues[k], err));
        }
        entries.sort(Comparator.comparingDouble(Entry::relativeError).reversed()
                .thenComparingInt(Entry::index));
        List<Entry> worst = entries.subList(0, Math.min(worstCount, entries.size()));
        return new Report(reference, indices.length, gradient.length, loss, referenceLoss, floor, max, worst);
    }

    /** All indices, or a seeded random subset (partial Fisher–Yates), sorted. */
    private static int[] chooseIndices(int total, Options options) {
        int[] all = new int[total];
        for (int i = 0; i < total; i++) {
            all[i] = i;
        }
        if (options.subset() == 0 || options.subset() >= total) {
            return all;
        }
        SplitMix64 rng = new SplitMix64(options.seed());
        for (int k = 0; k < options.subset(); k++) {
            int j = k + rng.nextInt(total - k);
            int tmp = all[k];
            all[k] = all[j];
            all[j] = tmp;
        }
        int[] picked = Arrays.copyOf(all, options.subset());
        Arrays.sort(picked);
        return picked;
    }

    /** The batch in double, rounded through float when a float network takes part so both sides agree. */
    private static final class Inputs {
        final double[] x;
        final double[] t;

        Inputs(double[] x, double[] t, boolean roundToFloat) {
            this.x = roundToFloat ? roundToFloat(x) : x;
            this.t = roundToFloat ? roundToFloat(t) : t;
        }

        float[] xFloat() {
            return Networks.toFloat(x);
        }

        float[] tFloat() {
            return Networks.toFloat(t);
        }

        private static double[] roundToFloat(double[] v) {
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                r[i] = (float) v[i];
            }
            return r;
        }
    }
}
