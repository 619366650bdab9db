package org.fnnc.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.kernels.FloatDenseWorkspace;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * A one-sample step deferred on float parameters ({@code deferStep}): whatever reads or writes them first sees the
 * stepped weights, {@code w - rate (0 + u v)} with float roundings (computed here from the vectors), exactly once;
 * a one-sample forward pass ({@code forwardAfterDeferredStep}) takes it instead, and then nothing takes it again;
 * {@code fill} drops it; the other layers and the biases keep their values.
 */
class DeferredStepParametersTest {

    private static final ParameterLayout LAYOUT = ParameterLayout.of(NetworkSpec.builder("P").input(3)
            .layer(4, Activation.RELU).layer(2, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build());

    private static final float[] U = {0.5f, -1.25f, 0.0f};
    private static final float[] V = {2.0f, -0.75f, 1.5f, 0.125f};
    private static final float RATE = 0.375f;

    private static double[] base() {
        double[] v = new double[LAYOUT.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = 1 + k * 0.25;
        }
        return v;
    }

    /** The canonical array after layer 0's weights (canonical [out][in]) took the step, over {@code base}. */
    private static double[] expected(double[] base) {
        double[] e = base.clone();
        ParameterTensor t = LAYOUT.tensors().get(0);
        for (int out = 0; out < 4; out++) {
            for (int in = 0; in < 3; in++) {
                if (U[in] != 0.0f) {
                    float w = (float) base[t.index(out, in)];
                    e[t.index(out, in)] = w - RATE * (0.0f + U[in] * V[out]);
                }
            }
        }
        return e;
    }

    private static FloatParameters deferred() {
        FloatParameters p = new FloatParameters(LAYOUT);
        p.copyFrom(base());
        // at offsets, from arrays longer than the vectors, which the caller then overwrites
        float[] u = {9f, U[0], U[1], U[2]};
        float[] v = {7f, 7f, V[0], V[1], V[2], V[3]};
        p.deferStep(0, RATE, u, 1, v, 2);
        java.util.Arrays.fill(u, Float.NaN);
        java.util.Arrays.fill(v, Float.NaN);
        return p;
    }

    @Test
    void aReadTakesTheStepOnce() {
        FloatParameters p = deferred();
        double[] e = expected(base());
        assertArrayEquals(e, p.toArray());
        assertArrayEquals(e, p.toArray(), "a second read takes nothing again");
        float[] x = {1f, 2f, 3f};
        assertFalse(p.forwardAfterDeferredStep(0, x, 0, Activation.RELU, 0f, new float[4], 0,
                new FloatDenseWorkspace(1, 3, 4)), "no step pending after the read");
        assertArrayEquals(e, p.toArray());
    }

    @Test
    void aOneSampleForwardPassTakesTheStepAndComputesWithIt() {
        FloatParameters p = deferred();
        float[] x = {1f, -2f, 0.5f};
        float[] y = new float[4];
        assertTrue(p.forwardAfterDeferredStep(0, x, 0, Activation.LINEAR, 0f, y, 0, new FloatDenseWorkspace(1, 3, 4)));
        double[] e = expected(base());
        assertArrayEquals(e, p.toArray(), "the pass's step, and no second one");
        ParameterTensor w = LAYOUT.tensors().get(0);
        ParameterTensor b = LAYOUT.tensors().get(1);
        for (int out = 0; out < 4; out++) {
            double z = e[b.index(out, 0)];
            for (int in = 0; in < 3; in++) {
                z += x[in] * e[w.index(out, in)];
            }
            org.junit.jupiter.api.Assertions.assertEquals(z, y[out], 1e-5, "output " + out);
        }
        assertFalse(p.forwardAfterDeferredStep(0, x, 0, Activation.LINEAR, 0f, y, 0, new FloatDenseWorkspace(1, 3, 4)));
    }

    @Test
    void fillDropsTheStep() {
        FloatParameters p = deferred();
        p.fill(0.5);
        float[] y = new float[4];
        assertFalse(p.forwardAfterDeferredStep(0, new float[] {1f, 1f, 1f}, 0, Activation.LINEAR, 0f, y, 0,
                new FloatDenseWorkspace(1, 3, 4)));
        for (double v : p.toArray()) {
            org.junit.jupiter.api.Assertions.assertEquals(0.5, v);
        }
    }

    @Test
    void aCopyHasTheStepTaken() {
        assertArrayEquals(expected(base()), deferred().copy().toArray());
    }
}
