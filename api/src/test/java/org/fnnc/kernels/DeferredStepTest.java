package org.fnnc.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.fnnc.spec.Activation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-sample weight step on its own ({@code oneSampleStep}) and taken in the next forward pass
 * ({@code forwardAfterStep}), both implementations in both precisions, against the step written out here
 * ({@code w - lr * (0 + u v)}, each operation rounded to the precision, rows of a zero {@code u} untouched) and the
 * implementation's own forward pass over the stepped weights: the same bits; and the outputs against a double sum.
 * Shapes with whole 16-vector row groups (256 and 512 units, where 512-bit vectors fuse the step into the pass) and
 * without, inputs with and without zeros (zeros take the step, then the pass).
 */
class DeferredStepTest {

    static final int[][] SHAPES = {{784, 512}, {300, 256}, {33, 512}, {20, 128}, {784, 128}, {17, 33}, {5, 7},
        {1, 256}};

    @ParameterizedTest
    @MethodSource("org.fnnc.kernels.DenseKernelsTest#allKits")
    void theStepAloneAndInTheForwardPassIsTheStepWrittenOutThenThePass(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int zeros = 0; zeros < 4; zeros++) {
                check(kit, shape[0], shape[1], (zeros & 1) != 0, (zeros & 2) != 0, 31L * shape[0] + shape[1] + 1000L * zeros);
            }
        }
    }

    private static void check(DenseKit kit, int inputs, int units, boolean zeroInputs, boolean zeroStepInputs,
                              long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] w = new double[inputs][];
        for (int i = 0; i < inputs; i++) {
            w[i] = values(kit, r, units, 1 / Math.sqrt(inputs), false);
        }
        double[] b = values(kit, r, units, 0.1, false);
        double[] x = values(kit, r, inputs + 2, 1.0, zeroInputs);   // at offset 2
        double[] u = values(kit, r, inputs + 1, 1.0, zeroStepInputs); // at offset 1
        double[] v = values(kit, r, units + 3, 0.5, false);          // at offset 3
        double lr = 0.375;
        String what = kit + " " + inputs + " -> " + units + (zeroInputs ? ", zero inputs" : "")
                + (zeroStepInputs ? ", zero step inputs" : "");
        // the step written out: w - lr * (0 + u v), each operation rounded to the precision
        double[][] stepped = new double[inputs][];
        int untouched = 0;
        for (int i = 0; i < inputs; i++) {
            stepped[i] = w[i].clone();
            double c = u[1 + i];
            if (c == 0.0) {
                untouched++;
                continue;
            }
            for (int j = 0; j < units; j++) {
                double m = kit.round(0.0 + kit.round(c * v[3 + j]));
                stepped[i][j] = kit.round(stepped[i][j] - kit.round(lr * m));
            }
        }
        assertTrue(!zeroStepInputs || untouched > 0 || inputs < 5, what + ": the data has zero step inputs");

        double[][] alone = deepCopy(w);
        kit.oneSampleStep(u, 1, inputs, v, 3, units, alone, lr);
        for (int i = 0; i < inputs; i++) {
            assertArrayEquals(stepped[i], alone[i], what + ": oneSampleStep, row " + i);
        }

        for (Activation f : new Activation[] {Activation.RELU, Activation.LINEAR, Activation.TANH}) {
            double[][] fused = deepCopy(w);
            double[] y = nans(units + 4);
            kit.forwardAfterStep(x, 2, inputs, fused, b, units, f, 0.0, y, 4, u, 1, v, 3, lr,
                    kit.workspace(1, inputs, units));
            for (int i = 0; i < inputs; i++) {
                assertArrayEquals(stepped[i], fused[i], what + ", " + f + ": forwardAfterStep's weights, row " + i);
            }
            double[] expected = nans(units + 4);
            kit.forward(x, 2, inputs, 1, inputs, deepCopy(stepped), b, units, f, 0.0, expected, 4, units,
                    kit.workspace(1, inputs, units));
            assertArrayEquals(expected, y, what + ", " + f + ": forwardAfterStep's outputs vs forward after the step");
            // and the pass itself against a sum in double over the stepped weights (K + 4 roundings of its scale)
            for (int j = 0; j < units; j++) {
                double z = b[j];
                double scale = Math.abs(b[j]);
                for (int i = 0; i < inputs; i++) {
                    z += x[2 + i] * stepped[i][j];
                    scale += Math.abs(x[2 + i] * stepped[i][j]);
                }
                double a = f == Activation.RELU ? Math.max(z, 0) : f == Activation.TANH ? Math.tanh(z) : z;
                assertEquals(a, y[4 + j], (inputs + 4) * kit.unitRoundoff() * (scale + 1),
                        what + ", " + f + ": output " + j);
            }
        }
    }

    private static double[] values(DenseKit kit, SplittableRandom r, int n, double scale, boolean zeros) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = zeros && r.nextInt(4) == 0 ? 0.0
                    : kit.round(scale * (0.05 + r.nextDouble()) * (r.nextBoolean() ? 1 : -1));
        }
        return a;
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
