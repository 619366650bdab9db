package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Parameters;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer's update against its formula evaluated independently here, element by element in
 * canonical order, for float and double parameters.
 */
class OptimizerTest {

    // 2 inputs, 3 units: 6 weights then 3 biases in canonical order
    static final ParameterLayout LAYOUT = ParameterLayout.of(NetworkSpec.builder("Opt").input(2)
            .layer(3, Activation.LINEAR).loss(Loss.MSE).build());
    static final double[] W0 = {0.5, -0.25, 1.0, 0.75, -1.5, 0.125, 0.3, -0.6, 0.9};
    static final double[] G1 = {0.2, -0.4, 0.0, 1.5, -0.05, 0.3, 0.7, -0.1, 0.25};
    static final double[] G2 = {-0.3, 0.1, 0.6, -1.0, 0.2, 0.05, -0.2, 0.4, 0.0};

    static boolean isWeight(int k) {
        return k < 6;
    }

    static Parameters params(boolean dbl, double[] values) {
        Parameters p = dbl ? new DoubleParameters(LAYOUT) : new FloatParameters(LAYOUT);
        p.copyFrom(values);
        return p;
    }

    /** Runs two steps with G1 then G2 at learning rate lr; returns the parameters in canonical order. */
    static double[] twoSteps(Optimizer o, boolean dbl, double lr) {
        Parameters p = params(dbl, W0);
        o.step(p, params(dbl, G1), lr);
        o.step(p, params(dbl, G2), lr);
        return p.toArray();
    }

    /** Double: exact but for Adam's pow; float: the result is rounded to float once per step. */
    static void assertClose(double[] expected, double[] actual, boolean dbl) {
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], (dbl ? 1e-12 : 2e-7) * Math.max(1, Math.abs(expected[k])), "index " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sgdWithWeightDecay(boolean dbl) {
        double lr = 0.1;
        double lambda = 0.01;
        double[] w = W0.clone();
        for (double[] g : new double[][] {G1, G2}) {
            for (int k = 0; k < w.length; k++) {
                w[k] -= lr * (g[k] + (isWeight(k) ? lambda * w[k] : 0));
            }
        }
        assertClose(w, twoSteps(new Sgd(LAYOUT, lambda), dbl, lr), dbl);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void momentum(boolean dbl) {
        double lr = 0.05;
        double mu = 0.9;
        double[] w = W0.clone();
        double[] v = new double[w.length];
        for (double[] g : new double[][] {G1, G2}) {
            for (int k = 0; k < w.length; k++) {
                v[k] = mu * v[k] + g[k];
                w[k] -= lr * v[k];
            }
        }
        assertClose(w, twoSteps(new Momentum(LAYOUT, 0, mu, false), dbl, lr), dbl);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void nesterov(boolean dbl) {
        double lr = 0.05;
        double mu = 0.8;
        double[] w = W0.clone();
        double[] v = new double[w.length];
        for (double[] g : new double[][] {G1, G2}) {
            for (int k = 0; k < w.length; k++) {
                v[k] = mu * v[k] + g[k];
                w[k] -= lr * (g[k] + mu * v[k]);
            }
        }
        assertClose(w, twoSteps(new Momentum(LAYOUT, 0, mu, true), dbl, lr), dbl);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void adam(boolean dbl) {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double[] w = W0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        int t = 0;
        for (double[] g : new double[][] {G1, G2}) {
            t++;
            for (int k = 0; k < w.length; k++) {
                m[k] = b1 * m[k] + (1 - b1) * g[k];
                v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
                double mHat = m[k] / (1 - Math.pow(b1, t));
                double vHat = v[k] / (1 - Math.pow(b2, t));
                w[k] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        assertClose(w, twoSteps(new Adam(LAYOUT, 0, b1, b2, eps), dbl, lr), dbl);
    }

    @Test
    void adamBiasCorrectionMakesTheFirstStepLrTimesTheSignOfTheGradient() {
        // without correction the first step would be lr * 0.1 g / (sqrt(0.001) |g|), about 3.16 lr
        Parameters p = params(true, W0);
        new Adam(LAYOUT, 0, 0.9, 0.999, 1e-8).step(p, params(true, G1), 0.01);
        for (int k = 0; k < W0.length; k++) {
            assertEquals(-0.01 * Math.signum(G1[k]), p.get(k) - W0[k], 1e-8, "index " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void weightDecayShrinksWeightsButNotBiases(boolean dbl) {
        for (Optimizer o : new Optimizer[] {new Sgd(LAYOUT, 0.5), new Momentum(LAYOUT, 0.5, 0.9, true),
                new Adam(LAYOUT, 0.5, 0.9, 0.999, 1e-8)}) {
            Parameters p = params(dbl, W0);
            o.step(p, params(dbl, new double[W0.length]), 0.1);
            for (int k = 0; k < W0.length; k++) {
                if (isWeight(k)) {
                    assertTrue(Math.abs(p.get(k)) < Math.abs(params(dbl, W0).get(k)), o.name() + " weight " + k);
                } else {
                    assertEquals(params(dbl, W0).get(k), p.get(k), 0.0, o.name() + " bias " + k);
                }
            }
        }
    }

    @Test
    void stateIsExportedInCanonicalOrder() {
        Momentum o = new Momentum(LAYOUT, 0, 0.9, false);
        o.step(params(true, W0), params(true, G1), 0.1);
        Map<String, double[]> s = o.state();
        assertArrayEquals(new double[] {1}, s.get(Optimizer.STEP));
        // from zero velocity, v = g: the canonical [out][in] weight gradient, then the bias
        assertArrayEquals(java.util.Arrays.copyOfRange(G1, 0, 6), s.get("velocity.layers.0.weight"));
        assertArrayEquals(java.util.Arrays.copyOfRange(G1, 6, 9), s.get("velocity.layers.0.bias"));
        assertEquals(3, s.size());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void restoredStateContinuesBitForBit(boolean dbl) {
        Adam a = new Adam(LAYOUT, 0.01, 0.9, 0.999, 1e-8);
        Parameters pa = params(dbl, W0);
        a.step(pa, params(dbl, G1), 0.01);
        Adam b = new Adam(LAYOUT, 0.01, 0.9, 0.999, 1e-8);
        b.restore(a.state());
        Parameters pb = params(dbl, pa.toArray());
        a.step(pa, params(dbl, G2), 0.01);
        b.step(pb, params(dbl, G2), 0.01);
        assertArrayEquals(pa.toArray(), pb.toArray());
        assertEquals(2, b.steps());
    }

    @Test
    void restoreRejectsAnotherOptimizersState() {
        Map<String, double[]> momentum = new Momentum(LAYOUT, 0, 0.9, false).state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(LAYOUT, 0, 0.9, 0.999, 1e-8).restore(momentum));
        assertTrue(e.getMessage().contains("missing 'm.layers.0.weight'"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected entries [velocity.layers.0.bias"), e.getMessage());
        Map<String, double[]> shortState = new Sgd(LAYOUT, 0).state();
        shortState.put(Optimizer.STEP, new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> new Sgd(LAYOUT, 0).restore(shortState));
    }

    @Test
    void mixedPrecisionIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(LAYOUT, 0).step(params(true, W0), params(false, G1), 0.1));
        assertTrue(e.getMessage().contains("parameters are double but gradients are float"), e.getMessage());
    }

    // 5 inputs, 7 then 3 units: 5 weight rows of 7 and a bias of 7, then 7 rows of 3 and a bias of 3: 14 segments
    static final ParameterLayout WIDE = ParameterLayout.of(NetworkSpec.builder("Wide").input(5)
            .layer(7, Activation.TANH).layer(3, Activation.LINEAR).loss(Loss.MSE).build());

    static Optimizer[] everyKind(ParameterLayout layout) {
        double lambda = 0.03;
        return new Optimizer[] {new Sgd(layout, lambda), new Momentum(layout, lambda, 0.9, false),
                new Momentum(layout, lambda, 0.8, true), new Adam(layout, lambda, 0.9, 0.999, 1e-8)};
    }

    /**
     * A copy made mid-run (what each data-parallel replica gets) continues exactly as the original: the same
     * kind, coefficients, step count and state, and no state shared with the original.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCopyTakesTheOriginalsStepsBitForBit(boolean dbl) {
        for (Optimizer a : everyKind(WIDE)) {
            Parameters pa = dbl ? new DoubleParameters(WIDE) : new FloatParameters(WIDE);
            Fixtures.randomize(pa, 7, 1.0);
            Parameters g = pa.copy();
            Fixtures.randomize(g, 99, 0.5);
            a.step(pa, g, 0.05);
            Optimizer b = a.copy();
            Parameters pb = pa.copy();
            assertEquals(a.name(), b.name());
            assertEquals(1, b.steps());
            for (int step = 0; step < 3; step++) {
                Fixtures.randomize(g, 100 + step, 0.5);
                a.step(pa, g, 0.05);
                b.step(pb, g, 0.05);
            }
            assertArrayEquals(pa.toArray(), pb.toArray(), a.name());
            // the copy's state is its own: stepping it alone leaves the original's as it was
            Map<String, double[]> before = a.state();
            b.step(pb, g, 0.05);
            Map<String, double[]> after = a.state();
            for (String key : before.keySet()) {
                assertArrayEquals(before.get(key), after.get(key), a.name() + " " + key);
            }
        }
    }

    /**
     * {@code advance()} then slices updated concurrently by three threads must give exactly the bits of
     * {@code step()}: the same arithmetic per element, the step counter and Adam's bias correction advanced
     * once per step (advancing per slice would change Adam's result and the exported step count).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void slicesUpdatedOnSeveralThreadsEqualTheWholeStepBitForBit(boolean dbl) throws Exception {
        Optimizer[] whole = everyKind(WIDE);
        Optimizer[] split = everyKind(WIDE);
        for (int o = 0; o < whole.length; o++) {
            Parameters pw = dbl ? new DoubleParameters(WIDE) : new FloatParameters(WIDE);
            Fixtures.randomize(pw, 7, 1.0);
            Parameters ps = pw.copy();
            Optimizer a = whole[o];
            Optimizer b = split[o];
            int n = b.segmentCount();
            assertEquals(14, n);
            Optimizer.Slice[] slices = {b.slice(0, 3), b.slice(3, 3), b.slice(3, 9), b.slice(9, n)};
            for (int step = 0; step < 3; step++) {
                Parameters g = pw.copy();
                Fixtures.randomize(g, 100 + step, 0.5);
                a.step(pw, g, 0.05);
                b.advance();
                Thread[] threads = new Thread[slices.length];
                for (int k = 0; k < slices.length; k++) {
                    Optimizer.Slice slice = slices[k];
                    threads[k] = new Thread(() -> slice.update(ps, g, 0.05));
                    threads[k].start();
                }
                for (Thread t : threads) {
                    t.join();
                }
            }
            assertSameParametersAndState(pw, a, ps, b);
            assertEquals(3, b.steps());
        }
    }

    /**
     * A slice walks its segments in whichever order is faster ({@link SegmentOrder}); both orders must give the
     * same bits and the same state, for every rule, whole or in slices that start past segment 0.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void segmentsWalkedInEitherOrderGiveTheSameBits(boolean dbl) {
        Optimizer[] up = everyKind(WIDE);
        Optimizer[] down = everyKind(WIDE);
        for (int o = 0; o < up.length; o++) {
            Parameters pu = dbl ? new DoubleParameters(WIDE) : new FloatParameters(WIDE);
            Fixtures.randomize(pu, 7, 1.0);
            Parameters pd = pu.copy();
            Optimizer a = up[o];
            Optimizer b = down[o];
            int n = b.segmentCount();
            Optimizer.Slice[] slices = {b.slice(0, 3), b.slice(3, 9), b.slice(9, n)};
            for (int step = 0; step < 5; step++) {
                Parameters g = pu.copy();
                Fixtures.randomize(g, 100 + step, 0.5);
                a.advance();
                a.slice(0, n).update(pu, g, 0.05, false);
                b.advance();
                for (Optimizer.Slice slice : slices) {
                    slice.update(pd, g, 0.05, true);
                }
            }
            assertSameParametersAndState(pu, a, pd, b);
        }
    }

    /** The same parameter bits and the same optimizer state, slot by slot, after two ways of stepping. */
    private static void assertSameParametersAndState(Parameters pa, Optimizer a, Parameters pb, Optimizer b) {
        assertArrayEquals(pa.toArray(), pb.toArray(), a.name());
        Map<String, double[]> sa = a.state();
        Map<String, double[]> sb = b.state();
        assertEquals(sa.keySet(), sb.keySet());
        for (String key : sa.keySet()) {
            assertArrayEquals(sa.get(key), sb.get(key), a.name() + " " + key);
        }
    }

    @Test
    void slicesOutsideTheSegmentsAreRejected() {
        Sgd o = new Sgd(WIDE, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> o.slice(-1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> o.slice(5, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> o.slice(0, 15));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.slice(0, 14).update(new DoubleParameters(WIDE), new FloatParameters(WIDE), 0.1));
        assertTrue(e.getMessage().contains("parameters are double but gradients are float"), e.getMessage());
    }
}
