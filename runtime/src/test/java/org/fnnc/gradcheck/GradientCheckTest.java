package org.fnnc.gradcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.testsupport.Fixtures;
import org.junit.jupiter.api.Test;

/** The checker itself: it must find a wrong gradient, name it, and pass correct float networks. */
class GradientCheckTest {

    private static final int BATCH = 3;
    private final NetworkSpec spec = Fixtures.spec(3, new int[] {4, 2}, Activation.TANH, Activation.SIGMOID,
            Loss.BINARY_CROSS_ENTROPY, Precision.DOUBLE, 12);
    private final double[] x;
    private final double[] t;

    GradientCheckTest() {
        SplitMix64 rng = new SplitMix64(13);
        x = Fixtures.inputs(spec, Interpreter.create(spec).parameters(), BATCH, rng);
        t = Fixtures.targets(spec, BATCH, rng);
    }

    /** An interpreter whose gradient for canonical {@code W1[1][2]} is off by a relative {@code error}. */
    private static DoubleNetwork corrupted(DoubleNetwork good, double error) {
        return new DoubleNetwork() {
            @Override
            public NetworkSpec spec() {
                return good.spec();
            }

            @Override
            public DoubleParameters parameters() {
                return good.parameters();
            }

            @Override
            public DoubleParameters gradients() {
                return good.gradients();
            }

            @Override
            public DoubleNetwork copy() {
                return corrupted(good.copy(), error);
            }

            @Override
            public void predict(double[] xs, int batch, double[] out) {
                good.predict(xs, batch, out);
            }

            @Override
            public double loss(double[] xs, double[] ts, int batch) {
                return good.loss(xs, ts, batch);
            }

            @Override
            public double accumulateGradients(double[] xs, double[] ts, int batch) {
                double before = good.gradients().getWeight(1, 1, 2);
                double sum = good.accumulateGradients(xs, ts, batch);
                good.gradients().addWeight(1, 1, 2, (good.gradients().getWeight(1, 1, 2) - before) * error);
                return sum;
            }

            @Override
            public String toString() {
                return "corrupted";
            }
        };
    }

    @Test
    void correctGradientPassesAndIsReportedByName() {
        Network net = Interpreter.create(spec);
        GradientCheck.Report r = GradientCheck.check(net, x, t, BATCH);
        assertTrue(r.passes(GradientCheck.DOUBLE_TOLERANCE), r::format);
        assertEquals(spec.parameterCount(), r.checked());
        assertEquals(spec.parameterCount(), r.total());
        assertEquals(10, r.worst().size());
        assertEquals(r.loss(), r.referenceLoss(), 1e-15);
    }

    /** A 1e-4 relative error in one weight's gradient is caught and named, with both values. */
    @Test
    void findsAndNamesAWrongGradient() {
        DoubleNetwork good = Interpreter.createDouble(spec);
        GradientCheck.Report r = GradientCheck.check(corrupted(good, 1e-4), x, t, BATCH);
        assertFalse(r.passes(GradientCheck.DOUBLE_TOLERANCE), r::format);
        GradientCheck.Entry worst = r.worst().get(0);
        assertEquals("layers.1.weight[1, 2]", worst.name());
        assertEquals(3 * 4 + 4 + 1 * 4 + 2, worst.index()); // after W0 [4][3] and b0 [4]: row 1, column 2
        assertEquals(worst.reference() * (1 + 1e-4), worst.gradient(), 1e-9 * Math.abs(worst.gradient()));
        assertTrue(worst.relativeError() > 1e-5 && worst.relativeError() < 1e-4, r::format);
        assertTrue(r.format().contains("layers.1.weight[1, 2]"), r::format);
    }

    @Test
    void relativeErrorFormula() {
        assertEquals(0.0, GradientCheck.relativeError(0.0, 0.0, 1e-8));
        assertEquals(1.0 / 3.0, GradientCheck.relativeError(2.0, 1.0, 1e-8), 1e-16);
        assertEquals(1e-12 / 1e-8, GradientCheck.relativeError(1e-12, 0.0, 1e-8), 1e-16);
        assertTrue(Double.isNaN(GradientCheck.relativeError(Double.NaN, 1.0, 1e-8)));
    }

    @Test
    void nanGradientFails() {
        DoubleNetwork good = Interpreter.createDouble(spec);
        GradientCheck.Report r = GradientCheck.check(corrupted(good, Double.NaN), x, t, BATCH);
        assertTrue(Double.isNaN(r.maxRelativeError()));
        assertFalse(r.passes(1.0));
    }

    /** The subset is seeded, distinct, sorted and of the requested size. */
    @Test
    void checksASeededSubset() {
        NetworkSpec big = Fixtures.spec(20, new int[] {30, 3}, Activation.RELU, Activation.SOFTMAX,
                Loss.CROSS_ENTROPY, Precision.DOUBLE, 3);
        Network net = Interpreter.create(big);
        double[] xb = Fixtures.inputs(big, net.parameters(), 2, new SplitMix64(4));
        double[] tb = {0, 2};
        GradientCheck.Options opts = GradientCheck.Options.DEFAULT.withSubset(40, 9).withWorst(40);
        GradientCheck.Report a = GradientCheck.check(net, xb, tb, 2, opts);
        GradientCheck.Report b = GradientCheck.check(net, xb, tb, 2, opts);
        assertEquals(40, a.checked());
        assertEquals(big.parameterCount(), a.total());
        assertEquals(indices(a), indices(b));
        assertEquals(40, indices(a).stream().distinct().count());
        assertTrue(a.passes(GradientCheck.DOUBLE_TOLERANCE), a::format);
        GradientCheck.Report c = GradientCheck.check(net, xb, tb, 2, opts.withSubset(40, 10));
        assertFalse(indices(a).equals(indices(c)));
    }

    private static List<Integer> indices(GradientCheck.Report r) {
        return r.worst().stream().map(GradientCheck.Entry::index).sorted().toList();
    }

    /**
     * A float interpreter checked against double finite differences: its gradients are double results
     * rounded into float accumulators, (batch + 2) roundings of 2^-24 each, about 3e-7 relative; 1e-6 holds.
     */
    @Test
    void floatNetworkIsCheckedAgainstTheDoubleInterpreter() {
        FloatNetwork f = Interpreter.createFloat(spec.withPrecision(Precision.FLOAT));
        GradientCheck.Report r = GradientCheck.check(f, x, t, BATCH);
        assertTrue(r.passes(GradientCheck.DOUBLE_TOLERANCE), r::format);
        assertTrue(r.maxRelativeError() > 0, "float rounding is visible");
        double[] before = f.parameters().toArray();
        GradientCheck.check(f, x, t, BATCH);
        assertArrayEquals(before, f.parameters().toArray(), 0.0, "parameters unchanged");
    }

    /** compare(): float vs double interpreter agree; a corrupted network is named; architectures must match. */
    @Test
    void comparesTwoNetworksByName() {
        DoubleNetwork d = Interpreter.createDouble(spec);
        Network f = Interpreter.create(spec.withPrecision(Precision.FLOAT), d.parameters());
        GradientCheck.Options opts = GradientCheck.Options.DEFAULT.withFloor(1e-8);
        GradientCheck.Report same = GradientCheck.compare(f, d, x, t, BATCH, opts);
        assertTrue(same.passes(1e-6), same::format);

        DoubleNetwork other = Interpreter.createDouble(spec);
        other.parameters().copyFrom(d.parameters());
        GradientCheck.Report bad = GradientCheck.compare(corrupted(other, 1e-3), d, x, t, BATCH, opts);
        assertEquals("layers.1.weight[1, 2]", bad.worst().get(0).name());
        assertFalse(bad.passes(1e-5));

        NetworkSpec wider = Fixtures.spec(3, new int[] {5, 2}, Activation.TANH, Activation.SIGMOID,
                Loss.BINARY_CROSS_ENTROPY, Precision.DOUBLE, 12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.compare(Interpreter.create(wider), d, x, t, BATCH, opts));
        assertTrue(e.getMessage().startsWith("cannot compare gradients of different architectures"), e.getMessage());
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.Options.DEFAULT.withEpsilon(0));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.Options.DEFAULT.withFloor(-1));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.Options.DEFAULT.withSubset(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.Options.DEFAULT.withWorst(-1));
    }
}
