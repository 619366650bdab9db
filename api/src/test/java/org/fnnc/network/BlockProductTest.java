package org.fnnc.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.function.Consumer;
import org.fnnc.kernels.DoubleDenseWorkspace;
import org.fnnc.kernels.FloatDenseWorkspace;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * Weights held as the mean product of a block ({@code setBlockProduct}): whatever reads or writes the parameters
 * first sees {@code scale * sum_s x[s][i] d[s][j]} in canonical order; the operands are references until
 * {@code keepProductOperands} copies them, after which the caller may overwrite its arrays; {@code fill},
 * {@code discardProducts} and a later outer product win over it. The data are small integers and the scale a power
 * of two, so every sum is exact in float and the expected values, computed here in double from the operands, are
 * exact too.
 */
class BlockProductTest {

    private static final int IN = 13;
    private static final int OUT = 37;
    private static final int N = 5;
    /** Operands at offsets, with leading dimensions wider than the rows. */
    private static final int XO = 2;
    private static final int LDX = IN + 3;
    private static final int DO = 1;
    private static final int LDD = OUT + 1;
    private static final double SCALE = 0.25;

    private static final ParameterLayout LAYOUT = ParameterLayout.of(NetworkSpec.builder("P").input(7)
            .layer(IN, Activation.RELU).layer(OUT, Activation.RELU).layer(3, Activation.SOFTMAX)
            .loss(Loss.CROSS_ENTROPY).build());

    private static double[] x() {
        double[] x = new double[XO + (N - 1) * LDX + IN];
        Arrays.fill(x, Double.NaN);
        for (int s = 0; s < N; s++) {
            for (int i = 0; i < IN; i++) {
                x[XO + s * LDX + i] = (s * 7 + i * 3) % 11 - 5;
            }
        }
        return x;
    }

    private static double[] d() {
        double[] d = new double[DO + (N - 1) * LDD + OUT];
        Arrays.fill(d, Double.NaN);
        for (int s = 0; s < N; s++) {
            for (int j = 0; j < OUT; j++) {
                d[DO + s * LDD + j] = (s * 5 + j * 2) % 9 - 4;
            }
        }
        return d;
    }

    private static double[] base() {
        double[] v = new double[LAYOUT.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = 1 + k * 0.25;
        }
        return v;
    }

    /** The canonical array after layer 1's weights (canonical [out][in]) became the block's mean product. */
    private static double[] expected(double[] x, double[] d) {
        double[] e = base();
        ParameterTensor t = LAYOUT.tensors().get(2);
        for (int out = 0; out < OUT; out++) {
            for (int in = 0; in < IN; in++) {
                double sum = 0;
                for (int s = 0; s < N; s++) {
                    sum += x[XO + s * LDX + in] * d[DO + s * LDD + out];
                }
                e[t.index(out, in)] = sum * SCALE + 0.0;
            }
        }
        return e;
    }

    /** Parameters whose layer 1 is the block product of operand arrays the caller keeps in {@code operands}. */
    private static Parameters withBlockProduct(boolean single, Object[] operands) {
        double[] x = x();
        double[] d = d();
        if (single) {
            FloatParameters p = new FloatParameters(LAYOUT);
            p.copyFrom(base());
            float[] xf = floats(x);
            float[] df = floats(d);
            p.setBlockProduct(1, xf, XO, LDX, N, df, DO, LDD, (float) SCALE, new FloatDenseWorkspace(N, IN, OUT));
            operands[0] = xf;
            operands[1] = df;
            return p;
        }
        DoubleParameters p = new DoubleParameters(LAYOUT);
        p.copyFrom(base());
        p.setBlockProduct(1, x, XO, LDX, N, d, DO, LDD, SCALE, new DoubleDenseWorkspace(N, IN, OUT));
        operands[0] = x;
        operands[1] = d;
        return p;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            f[k] = (float) v[k];
        }
        return f;
    }

    @Test
    void everyAccessorSeesTheProduct() {
        double[] expected = expected(x(), d());
        for (boolean single : new boolean[] {true, false}) {
            check(single, p -> assertArrayEquals(expected, p.toArray(), "toArray"));
            check(single, p -> assertArrayEquals(expected, p.copy().toArray(), "copy"));
            check(single, p -> {
                ParameterTensor t = LAYOUT.tensors().get(2);
                assertEquals(expected[t.index(30, 12)], p.getWeight(1, 30, 12), "getWeight");
            });
            check(single, p -> {
                double w = single ? ((FloatParameters) p).weights(1)[12][30]
                        : ((DoubleParameters) p).weights(1)[12][30];
                assertEquals(expected[LAYOUT.tensors().get(2).index(30, 12)], w, "weights(l)");
            });
            check(single, p -> {
                Parameters sum = single ? new FloatParameters(LAYOUT) : new DoubleParameters(LAYOUT);
                sum.add(p);
                assertArrayEquals(expected, sum.toArray(), "add(other)");
            });
        }
    }

    @Test
    void keptOperandsSurviveTheCallersArraysBeingOverwritten() {
        double[] expected = expected(x(), d());
        for (boolean single : new boolean[] {true, false}) {
            Object[] operands = new Object[2];
            Parameters p = withBlockProduct(single, operands);
            p.keepProductOperands();
            scribble(operands);
            assertArrayEquals(expected, p.toArray(), (single ? "float" : "double") + ": kept, then overwritten");
        }
    }

    @Test
    void withoutKeepingTheProductReadsTheOperandsWhenSettled() {
        // the documented contract: references until kept, so overwriting first changes the product (proves that
        // keepProductOperands is what the test above relies on, not an eager copy)
        for (boolean single : new boolean[] {true, false}) {
            Object[] operands = new Object[2];
            Parameters p = withBlockProduct(single, operands);
            scribble(operands);
            double[] zero = base();
            ParameterTensor t = LAYOUT.tensors().get(2);
            for (int out = 0; out < OUT; out++) {
                for (int in = 0; in < IN; in++) {
                    zero[t.index(out, in)] = 0.0;
                }
            }
            assertArrayEquals(zero, p.toArray(), (single ? "float" : "double") + ": operands zeroed before settling");
        }
    }

    @Test
    void fillDiscardAndAnOuterProductWin() {
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
            check(single, p -> {
                double[] u = new double[IN];
                double[] v = new double[OUT];
                Arrays.fill(u, 2.0);
                Arrays.fill(v, 3.0);
                if (single) {
                    ((FloatParameters) p).setOuterProduct(1, floats(u), 0, floats(v), 0);
                } else {
                    ((DoubleParameters) p).setOuterProduct(1, u, 0, v, 0);
                }
                assertEquals(6.0, p.getWeight(1, 3, 4), "the later outer product");
            });
        }
    }

    @Test
    void operandsThatDoNotFitAreRefused() {
        FloatParameters p = new FloatParameters(LAYOUT);
        float[] x = floats(x());
        float[] d = floats(d());
        FloatDenseWorkspace ws = new FloatDenseWorkspace(N, IN, OUT);
        assertThrows(IndexOutOfBoundsException.class,
                () -> p.setBlockProduct(1, x, XO + 2, LDX, N, d, DO, LDD, 1f, ws));
        assertThrows(IndexOutOfBoundsException.class, () -> p.setBlockProduct(1, x, XO, IN - 1, N, d, DO, LDD, 1f, ws));
        assertThrows(IllegalArgumentException.class, () -> p.setBlockProduct(1, x, XO, LDX, N, d, DO, LDD, 1f,
                new FloatDenseWorkspace(N - 1, IN, OUT)));
    }

    private static void scribble(Object[] operands) {
        if (operands[0] instanceof float[] xf) {
            Arrays.fill(xf, 0f);
            Arrays.fill((float[]) operands[1], 0f);
        } else {
            Arrays.fill((double[]) operands[0], 0.0);
            Arrays.fill((double[]) operands[1], 0.0);
        }
    }

    private static void check(boolean single, Consumer<Parameters> test) {
        test.accept(withBlockProduct(single, new Object[2]));
    }
}
