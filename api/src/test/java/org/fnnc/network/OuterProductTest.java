package org.fnnc.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Consumer;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * Weights held as an outer product ({@code setOuterProduct}): whatever reads or writes the parameters first
 * sees {@code u[i] v[j]} in canonical order, exactly; {@code fill} and {@code discardProducts} drop it; the
 * layers not set keep their values. The expected values are computed here from the vectors, not by the class.
 */
class OuterProductTest {

    private static final ParameterLayout LAYOUT = ParameterLayout.of(NetworkSpec.builder("P").input(3)
            .layer(4, Activation.TANH).layer(2, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build());

    private static final double[] U = {0.5, -1.25, 0.0};
    private static final double[] V = {2.0, -0.75, 1.5, -0.0};

    /** The canonical array after layer 0's weights (canonical [out][in]) became {@code U V^T} over {@code base}. */
    private static double[] expected(double[] base) {
        double[] e = base.clone();
        ParameterTensor t = LAYOUT.tensors().get(0);
        for (int out = 0; out < 4; out++) {
            for (int in = 0; in < 3; in++) {
                e[t.index(out, in)] = U[in] * V[out] + 0.0;
            }
        }
        return e;
    }

    private static double[] base() {
        double[] v = new double[LAYOUT.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = 1 + k * 0.25;
        }
        return v;
    }

    private static Parameters withOuterProduct(boolean single) {
        if (single) {
            FloatParameters p = new FloatParameters(LAYOUT);
            p.copyFrom(base());
            // at offsets, from arrays longer than the vectors
            p.setOuterProduct(0, new float[] {9f, 0.5f, -1.25f, 0f}, 1, new float[] {7f, 7f, 2f, -0.75f, 1.5f, -0f}, 2);
            return p;
        }
        DoubleParameters p = new DoubleParameters(LAYOUT);
        p.copyFrom(base());
        p.setOuterProduct(0, new double[] {9, 0.5, -1.25, 0}, 1, new double[] {7, 7, 2, -0.75, 1.5, -0.0}, 2);
        return p;
    }

    @Test
    void everyAccessorSeesTheProduct() {
        for (boolean single : new boolean[] {true, false}) {
            double[] expected = expected(base());
            // each way in, on a fresh object: canonical reads, the storage arrays, copies and arithmetic
            check(single, p -> assertArrayEquals(expected, p.toArray(), "toArray"));
            check(single, p -> assertEquals(expected[LAYOUT.tensors().get(0).index(1, 1)], p.get(LAYOUT.tensors().get(0).index(1, 1)), "get"));
            check(single, p -> assertEquals(expected[1], p.getWeight(0, 0, 1), "getWeight"));
            check(single, p -> assertArrayEquals(expected, p.copy().toArray(), "copy"));
            check(single, p -> {
                double row1 = single ? ((FloatParameters) p).segments()[1][0] : ((DoubleParameters) p).segments()[1][0];
                assertEquals(U[1] * V[0], row1, "segments");
            });
            check(single, p -> {
                double w = single ? ((FloatParameters) p).weights(0)[2][3] : ((DoubleParameters) p).weights(0)[2][3];
                assertEquals(0.0, w, "weights(l)");
                assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(w), "0 * -0 onto zero is +0");
            });
            check(single, p -> {
                p.scale(2.0);
                double[] doubled = expected.clone();
                for (int k = 0; k < doubled.length; k++) {
                    doubled[k] *= 2;
                }
                assertArrayEquals(doubled, p.toArray(), "scale");
            });
            check(single, p -> {
                Parameters other = single ? new FloatParameters(LAYOUT) : new DoubleParameters(LAYOUT);
                other.copyFrom(p);
                assertArrayEquals(expected, other.toArray(), "copyFrom(other)");
            });
            check(single, p -> {
                Parameters sum = single ? new FloatParameters(LAYOUT) : new DoubleParameters(LAYOUT);
                sum.add(p);
                assertArrayEquals(expected, sum.toArray(), "add(other)");
            });
            check(single, p -> {
                p.setWeight(0, 0, 0, 5.0);
                double[] e = expected.clone();
                e[0] = 5.0;
                assertArrayEquals(e, p.toArray(), "setWeight after the product");
            });
        }
    }

    @Test
    void fillAndDiscardDropTheProduct() {
        for (boolean single : new boolean[] {true, false}) {
            check(single, p -> {
                p.fill(0.5);
                for (double v : p.toArray()) {
                    assertEquals(0.5, v, "fill wins over a pending product");
                }
            });
            check(single, p -> {
                p.discardProducts();
                assertArrayEquals(base(), p.toArray(), "discarded: the arrays as they were");
            });
        }
    }

    private static void check(boolean single, Consumer<Parameters> test) {
        test.accept(withOuterProduct(single));
    }
}
