package org.fnnc.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.fnnc.spec.Activation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both implementations (scalar, Vector API) in both precisions against a plain double reference written here,
 * over shapes that cross every tile and vector boundary: widths that are not multiples of the vector length,
 * blocks of 1 to 17 samples and larger, inputs and units from 1 to 1000, offsets and leading dimensions wider than
 * the rows. Two kinds of data:
 * <ul>
 * <li><b>exact</b>: small integers times powers of two, so every product and partial sum is exact in float and
 * the result cannot depend on the order of summation: the kernels must equal the reference bit for bit
 * (linear, relu, leaky_relu with slope 1/4).</li>
 * <li><b>random</b>: uniform values; the tolerance is the classic bound for a sum of {@code K} terms,
 * {@code |error| <= (K + 2) u sum|terms|} ({@code u} the unit roundoff), plus a few {@code u} for the activation
 * (sigmoid and tanh are evaluated in double and rounded once, and are 1-Lipschitz).</li>
 * </ul>
 * Every destination starts as NaN, so a kernel that reads its destination, or writes outside the rows and
 * columns it owns (the gaps between rows of a wider leading dimension), is caught.
 */
class DenseKernelsTest {

    /**
     * (inputs, units): every case of a tile and vector edge at 4, 8 and 16 lanes (256 and 400 units: the wide
     * one-sample row groups and their tails), plus the benchmark layers; 517 x 259 streams whole rows at one and two
     * samples on narrow vectors (512 KB of weights), with a tail of inputs (517 = 4 x 129 + 1) and of columns.
     */
    static final int[][] SHAPES = {
        {1, 1}, {1, 17}, {2, 3}, {3, 5}, {5, 7}, {7, 16}, {13, 31}, {16, 16}, {17, 33}, {31, 64}, {33, 65},
        {6, 96}, {12, 100}, {64, 127}, {100, 10}, {128, 10}, {10, 128}, {129, 200}, {784, 128}, {9, 256}, {3, 400},
        {517, 259},
    };
    static final int[] SAMPLES = {1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 16, 17};

    /**
     * The build's {@code kernels-256-bit} execution ({@code -XX:MaxVectorSize=32}, property
     * {@code fnnc.test.narrowRerun}) tests the narrow kernels an AVX2 machine gets; on a CPU without AVX-512 the
     * default execution already ran them, and the slow classes skip the repeat.
     */
    static void skipARepeatOfTheDefaultExecution() {
        Assumptions.assumeFalse(Boolean.getBoolean("fnnc.test.narrowRerun") && !cpuHasAvx512(),
                "this CPU has no AVX-512: the default execution already ran the 256-bit kernels");
    }

    private static boolean cpuHasAvx512() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo")).contains("avx512f");
        } catch (IOException | RuntimeException e) {
            return true; // cannot tell: run
        }
    }

    @BeforeAll
    static void skipARepeat() {
        skipARepeatOfTheDefaultExecution();
    }
    static final Activation[] ELEMENT_WISE = {
        Activation.LINEAR, Activation.RELU, Activation.LEAKY_RELU, Activation.SIGMOID, Activation.TANH,
    };

    static List<DenseKit> kits() {
        List<DenseKit> kits = new ArrayList<>();
        kits.add(DenseKit.floats("scalar", new ScalarFloatDense()));
        kits.add(DenseKit.doubles("scalar", new ScalarDoubleDense()));
        if (vectorModulePresent()) {
            kits.add(DenseKit.floats("vector", (FloatDenseKernels) vector("VectorFloatDense")));
            kits.add(DenseKit.doubles("vector", (DoubleDenseKernels) vector("VectorDoubleDense")));
        }
        return kits;
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(KernelLibrary.VECTOR_MODULE).isPresent();
    }

    static Object vector(String name) {
        try {
            return Class.forName("org.fnnc.kernels." + name).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<DenseKit> allKits() {
        return kits().stream();
    }

    @Test
    void theVectorKernelsAreUnderTestExactlyWhereTheBuildSaysSo() {
        String promised = System.getProperty("fnnc.test.vector");
        if ("true".equals(promised)) {
            assertTrue(vectorModulePresent(), "this test run was configured with " + KernelLibrary.VECTOR_MODULE);
            assertEquals(4, kits().size());
        } else if ("false".equals(promised)) {
            assertFalse(vectorModulePresent(), "this test run was configured without " + KernelLibrary.VECTOR_MODULE);
        }
    }

    // ------------------------------------------------------------------------------------------- forward

    @ParameterizedTest
    @MethodSource("allKits")
    void forwardIsExactOnExactData(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : SAMPLES) {
                for (Activation f : new Activation[] {Activation.LINEAR, Activation.RELU, Activation.LEAKY_RELU}) {
                    checkForward(kit, shape[0], shape[1], n, f, true, 7L * n + shape[0] + 31L * shape[1]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void forwardOfOneOrTwoSamplesWithoutZeroInputsIsExact(DenseKit kit) {
        // exact data draws zeros, and one sample with a zero input takes the packed path of a large layer: these
        // inputs have none, so the row kernels over every row (whole rows on narrow vectors) are held to exactness
        for (int[] shape : SHAPES) {
            for (int n : new int[] {1, 2}) {
                checkForward(kit, shape[0], shape[1], n, Activation.LINEAR, true, true,
                        kit.workspace(n, shape[0], shape[1]), 11L * n + shape[0] + 7L * shape[1]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void forwardMatchesTheReferenceWithinRoundingOnRandomData(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : SAMPLES) {
                for (Activation f : ELEMENT_WISE) {
                    checkForward(kit, shape[0], shape[1], n, f, false, 11L * n + shape[0] + 17L * shape[1]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void largeShapesAndBlocks(DenseKit kit) {
        // the vector forward packs its weight panels for 48+ samples of 2^17+ weights and reads the rows in place
        // otherwise: both, with row and column tails ({700, 300, 53} packed, {300, 200, 47} in place). The vector
        // input gradient transposes the deltas instead of W where n (inputs + units) < inputs units: in panels of
        // samples, the last one narrower ({400, 300, 70} and {400, 300, 100}: 64 + 6 and 64 + 36 floats, 32 + 32 + 6
        // and 3 x 32 + 4 doubles at 512 bits), and inputs that do not fill a tile ({700, 300, 53}: 700 = 6 x 116 + 4)
        int[][] large = {{1000, 1000, 3}, {1000, 1000, 20}, {512, 512, 128}, {784, 128, 128}, {1, 1000, 64},
            {1000, 1, 33}, {256, 129, 64}, {700, 300, 53}, {300, 200, 47}, {400, 300, 70}, {400, 300, 100}};
        for (int[] c : large) {
            checkForward(kit, c[0], c[1], c[2], Activation.RELU, true, c[0] + c[2]);
            checkForward(kit, c[0], c[1], c[2], Activation.TANH, false, c[1] + c[2]);
            checkWeightGradient(kit, c[0], c[1], c[2], true, c[0] * 3L + c[2]);
            checkInputGradient(kit, c[0], c[1], c[2], Activation.RELU, true, c[1] * 5L + c[2]);
            checkInputGradient(kit, c[0], c[1], c[2], Activation.SIGMOID, false, c[0] * 7L + c[2]);
        }
    }

    // ---------------------------------------------------------------------------------- weight gradient

    @ParameterizedTest
    @MethodSource("allKits")
    void weightGradientIsExactOnExactData(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : SAMPLES) {
                checkWeightGradient(kit, shape[0], shape[1], n, true, 3L * n + shape[0] + 13L * shape[1]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void weightGradientMatchesTheReferenceOnRandomData(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : SAMPLES) {
                checkWeightGradient(kit, shape[0], shape[1], n, false, 5L * n + shape[0] + 19L * shape[1]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void writtenWeightGradientIsTheSumWithoutReadingTheDestination(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : new int[] {1, 2, 6, 13}) {
                checkGradientStep(kit, shape[0], shape[1], n, false, false, 43L * n + shape[0] + 47L * shape[1]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void weightGradientAndSgdIsExactOnExactData(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : new int[] {1, 3, 6, 16, 17}) {
                checkGradientStep(kit, shape[0], shape[1], n, true, true, 53L * n + shape[0] + 59L * shape[1]);
                checkGradientStep(kit, shape[0], shape[1], n, false, true, 61L * n + shape[0] + 67L * shape[1]);
            }
        }
        checkGradientStep(kit, 700, 300, 53, true, true, 71);
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void weightGradientAndSgdIsTheGradientThenTheStepBitForBit(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : new int[] {1, 2, 6, 13, 32}) {
                for (boolean accumulate : new boolean[] {true, false}) {
                    long seed = 73L * n + shape[0] + 79L * shape[1] + (accumulate ? 1 : 0);
                    SplittableRandom rnd = new SplittableRandom(seed);
                    Data data = new Data(kit, rnd, false);
                    int inputs = shape[0];
                    int units = shape[1];
                    double[] x = data.matrix(0, inputs, n, inputs, 1.0);
                    double[] d = data.matrix(0, units, n, units, 1.0);
                    double[][] gw0 = data.weights(inputs, units);
                    double[] gb0 = data.vector(units, 1.0);
                    double[][] w0 = data.weights(inputs, units);
                    double[] b0 = data.vector(units, 1.0);
                    double scale = kit.round(1.0 / n);
                    double lr = kit.round(0.37);
                    // the gradient, then the step as a separate loop in the kit's precision
                    double[][] gwSeparate = deepCopy(gw0);
                    double[] gbSeparate = gb0.clone();
                    double[][] wSeparate = deepCopy(w0);
                    double[] bSeparate = b0.clone();
                    kit.weightGradient(x, 0, inputs, n, inputs, d, 0, units, units, gwSeparate, gbSeparate, accumulate,
                            null, null, 0, 0, kit.workspace(n, inputs, units));
                    for (int i = 0; i < inputs; i++) {
                        step(kit, gwSeparate[i], wSeparate[i], scale, lr);
                    }
                    step(kit, gbSeparate, bSeparate, scale, lr);
                    // fused
                    double[][] gw = deepCopy(gw0);
                    double[] gb = gb0.clone();
                    double[][] w = deepCopy(w0);
                    double[] b = b0.clone();
                    kit.weightGradient(x, 0, inputs, n, inputs, d, 0, units, units, gw, gb, accumulate, w, b, scale,
                            lr, kit.workspace(n, inputs, units));
                    String what = kit + " weight gradient and SGD " + inputs + " -> " + units + ", n = " + n
                            + (accumulate ? ", accumulated" : "");
                    for (int i = 0; i < inputs; i++) {
                        assertArrayEquals(gwSeparate[i], gw[i], what + ": mean gradient row " + i);
                        assertArrayEquals(wSeparate[i], w[i], what + ": weight row " + i);
                    }
                    assertArrayEquals(gbSeparate, gb, what + ": mean bias gradient");
                    assertArrayEquals(bSeparate, b, what + ": bias");
                }
            }
        }
    }

    /**
     * The step that keeps no weight gradient ({@code gw} null: {@link FloatDense#sgdBlock}) gives, bit for bit, the
     * weights, bias and bias gradient of the written, fused step on every shape (tiles, single rows, edge columns,
     * groups of rows that end inside a tile) and block size (one or two samples, a few, many), whatever the bias
     * gradient held before.
     */
    @ParameterizedTest
    @MethodSource("allKits")
    void stepWithoutKeepingTheGradientIsTheFusedStepBitForBit(DenseKit kit) {
        List<int[]> shapes = new ArrayList<>(Arrays.asList(SHAPES));
        shapes.add(new int[] {784, 512});
        shapes.add(new int[] {512, 10});
        // whole panels of units (the packed tiles on 512-bit vectors) with inputs that fill whole groups of six, that
        // fill none, and one group
        shapes.add(new int[] {12, 192});
        shapes.add(new int[] {5, 64});
        shapes.add(new int[] {6, 64});
        for (int[] shape : shapes) {
            for (int n : new int[] {1, 2, 3, 6, 13, 32, 128}) {
                int inputs = shape[0];
                int units = shape[1];
                SplittableRandom rnd = new SplittableRandom(97L * n + inputs + 101L * units);
                Data data = new Data(kit, rnd, false);
                int xo = rnd.nextInt(3);
                int dOff = rnd.nextInt(3);
                double[] x = data.matrix(xo, inputs + 1, n, inputs, 1.0);
                double[] d = data.matrix(dOff, units + 2, n, units, 1.0);
                double[][] w0 = data.weights(inputs, units);
                double[] b0 = data.vector(units, 1.0);
                double scale = kit.round(1.0 / n);
                double lr = kit.round(0.37);
                double[][] gw = new double[inputs][];
                for (int i = 0; i < inputs; i++) {
                    gw[i] = nans(units);
                }
                double[] gbKept = nans(units);
                double[][] wKept = deepCopy(w0);
                double[] bKept = b0.clone();
                kit.weightGradient(x, xo, inputs + 1, n, inputs, d, dOff, units + 2, units, gw, gbKept, false, wKept,
                        bKept, scale, lr, kit.workspace(n, inputs, units));
                double[] gb = nans(units);
                double[][] w = deepCopy(w0);
                double[] b = b0.clone();
                kit.weightGradient(x, xo, inputs + 1, n, inputs, d, dOff, units + 2, units, null, gb, false, w, b,
                        scale, lr, kit.workspace(n, inputs, units));
                String what = kit + " step without the gradient " + inputs + " -> " + units + ", n = " + n;
                for (int i = 0; i < inputs; i++) {
                    assertArrayEquals(wKept[i], w[i], what + ": weight row " + i);
                }
                assertArrayEquals(bKept, b, what + ": bias");
                assertArrayEquals(gbKept, gb, what + ": mean bias gradient");
            }
        }
    }

    /**
     * The one-sample step in one pass over the weights is, bit for bit, the input gradient (with the weights before
     * the step) followed by the written weight gradient with its fused step at scale 1, on every shape (vector
     * bodies, pairs and tails), every activation of the previous layer and none (a first layer), with inputs that
     * hold exact zeros (the rows it skips). The weight gradient it does not write is the outer product
     * {@code round(a[i] d[j] + 0)}, which the kernels' written gradient must equal: that is what a network's gradients
     * show after the step.
     */
    @ParameterizedTest
    @MethodSource("allKits")
    void sgdOneSampleIsTheInputGradientThenTheStepBitForBit(DenseKit kit) {
        List<Activation> previous = new ArrayList<>(Arrays.asList(ELEMENT_WISE));
        previous.add(null);
        for (int[] shape : SHAPES) {
            for (Activation f : previous) {
                int inputs = shape[0];
                int units = shape[1];
                long seed = 83L * inputs + 89L * units + (f == null ? 7 : f.ordinal());
                SplittableRandom rnd = new SplittableRandom(seed);
                Data data = new Data(kit, rnd, false);
                int ao = rnd.nextInt(3);
                int dOff = rnd.nextInt(3);
                double[] a = data.activations(ao, inputs, 1, inputs, f == null ? Activation.RELU : f);
                for (int i = 0; i < inputs; i += 3) {
                    a[ao + i] = 0.0;
                }
                double[] d = data.matrix(dOff, units, 1, units, 1.0);
                double[][] w0 = data.weights(inputs, units);
                double[] b0 = data.vector(units, 1.0);
                double lr = kit.round(0.37);
                double alpha = 0.25;
                // separately: the input gradient, then the written gradient and its step
                double[] dxSeparate = f == null ? null : nans(inputs + 2);
                if (f != null) {
                    kit.inputGradient(d, dOff, units, 1, units, deepCopy(w0), inputs, f, alpha, a, ao, inputs,
                            dxSeparate, 1, inputs, kit.workspace(1, inputs, units));
                }
                double[][] gw = new double[inputs][];
                for (int i = 0; i < inputs; i++) {
                    gw[i] = nans(units);
                }
                double[] gbSeparate = nans(units);
                double[][] wSeparate = deepCopy(w0);
                double[] bSeparate = b0.clone();
                kit.weightGradient(a, ao, inputs, 1, inputs, d, dOff, units, units, gw, gbSeparate, false, wSeparate,
                        bSeparate, 1.0, lr, kit.workspace(1, inputs, units));
                // in one pass
                double[] dx = f == null ? null : nans(inputs + 2);
                double[][] w = deepCopy(w0);
                double[] b = b0.clone();
                double[] gb = nans(units);
                kit.sgdOneSample(a, ao, inputs, d, dOff, units, w, b, gb, lr, f == null ? Activation.LINEAR : f,
                        alpha, dx, 1, kit.workspace(1, inputs, units));
                String what = kit + " one-sample step " + inputs + " -> " + units + " after " + f;
                for (int i = 0; i < inputs; i++) {
                    assertArrayEquals(wSeparate[i], w[i], what + ": weight row " + i);
                    for (int j = 0; j < units; j++) {
                        // accumulated onto zero: + 0.0 turns an exact -0 into 0, as the kernels do
                        double outer = kit.round(a[ao + i] * d[dOff + j] + 0.0);
                        assertEquals(outer, gw[i][j], what + ": written gradient " + i + "," + j + " vs a[i] d[j]");
                    }
                }
                assertArrayEquals(bSeparate, b, what + ": bias");
                assertArrayEquals(gbSeparate, gb, what + ": bias gradient");
                if (f != null) {
                    assertArrayEquals(dxSeparate, dx, what + ": input gradient");
                }
            }
        }
    }

    /** {@code g = g * scale; p -= lr * g}, each operation rounded to the kit's precision. */
    private static void step(DenseKit kit, double[] g, double[] p, double scale, double lr) {
        for (int j = 0; j < g.length; j++) {
            g[j] = kit.round(g[j] * scale);
            p[j] = kit.round(p[j] - kit.round(lr * g[j]));
        }
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] r = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = m[i].clone();
        }
        return r;
    }

    /**
     * The gradient written ({@code accumulate} false: the destination starts as NaN, so reading it shows) or
     * accumulated, and with {@code sgd} the fused step, against the reference: exact data make the sums exact, so
     * the mean {@code round(sum * scale)} and the step {@code round(w - round(lr * g))} are exactly predictable.
     */
    private static void checkGradientStep(DenseKit kit, int inputs, int units, int n, boolean accumulate, boolean sgd,
                                          long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Data data = new Data(kit, rnd, true);
        int xo = rnd.nextInt(3);
        int ldx = inputs + rnd.nextInt(3);
        int dOff = rnd.nextInt(3);
        int ldd = units + rnd.nextInt(4);
        double[] x = data.matrix(xo, ldx, n, inputs, 1.0);
        double[] d = data.matrix(dOff, ldd, n, units, 1.0);
        double[][] gw0 = data.weights(inputs, units);
        double[] gb0 = data.vector(units, 1.0);
        double[][] gw = new double[inputs][];
        for (int i = 0; i < inputs; i++) {
            gw[i] = accumulate ? gw0[i].clone() : nans(units);
        }
        double[] gb = accumulate ? gb0.clone() : nans(units);
        double[][] w0 = data.weights(inputs, units);
        double[] b0 = data.vector(units, 1.0);
        double[][] w = sgd ? deepCopy(w0) : null;
        double[] b = sgd ? b0.clone() : null;
        double scale = kit.round(1.0 / n);
        double lr = 0.25;
        kit.weightGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, gb, accumulate, w, b, scale, lr,
                kit.workspace(n, inputs, units));
        String what = kit + (sgd ? " weight gradient and SGD " : " written weight gradient ") + inputs + " -> "
                + units + ", n = " + n + (accumulate ? ", accumulated" : "");
        for (int j = 0; j < units; j++) {
            double sum = accumulate ? gb0[j] : 0;
            for (int s = 0; s < n; s++) {
                sum += d[dOff + s * ldd + j];
            }
            checkStep(kit, what + ", bias " + j, sum, gb[j], sgd, scale, lr, b0[j], sgd ? b[j] : 0);
            for (int i = 0; i < inputs; i++) {
                double g = accumulate ? gw0[i][j] : 0;
                for (int s = 0; s < n; s++) {
                    g += x[xo + s * ldx + i] * d[dOff + s * ldd + j];
                }
                checkStep(kit, what + ", weight " + i + "," + j, g, gw[i][j], sgd, scale, lr, w0[i][j],
                        sgd ? w[i][j] : 0);
            }
        }
    }

    private static void checkStep(DenseKit kit, String what, double sum, double gradient, boolean sgd, double scale,
                                  double lr, double before, double after) {
        double expected = kit.round(sum);
        if (sgd) {
            expected = kit.round(expected * scale);
            check(what + " (after the step)", kit.round(before - kit.round(lr * expected)), after, 0);
        }
        check(what, expected, gradient, 0);
    }

    // ----------------------------------------------------------------------------------- input gradient

    @ParameterizedTest
    @MethodSource("allKits")
    void inputGradientIsExactOnExactData(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : SAMPLES) {
                for (Activation f : new Activation[] {Activation.LINEAR, Activation.RELU, Activation.LEAKY_RELU}) {
                    checkInputGradient(kit, shape[0], shape[1], n, f, true, 23L * n + shape[0] + 29L * shape[1]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void inputGradientMatchesTheReferenceOnRandomData(DenseKit kit) {
        for (int[] shape : SHAPES) {
            for (int n : SAMPLES) {
                for (Activation f : ELEMENT_WISE) {
                    checkInputGradient(kit, shape[0], shape[1], n, f, false, 37L * n + shape[0] + 41L * shape[1]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allKits")
    void oneWorkspaceServesLayersOfDifferentShapesInTurn(DenseKit kit) {
        Object ws = kit.workspace(17, 129, 200);
        for (int round = 0; round < 2; round++) {
            for (int[] shape : new int[][] {{129, 200}, {7, 16}, {100, 10}, {13, 31}}) {
                checkForward(kit, shape[0], shape[1], 17 - round * 4, Activation.RELU, true, ws, round);
                checkInputGradient(kit, shape[0], shape[1], 13, Activation.LEAKY_RELU, true, ws, round);
                checkWeightGradient(kit, shape[0], shape[1], 17, true, ws, round);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ checks

    private static void checkForward(DenseKit kit, int inputs, int units, int n, Activation f, boolean exact,
                                     long seed) {
        checkForward(kit, inputs, units, n, f, exact, kit.workspace(n, inputs, units), seed);
    }

    private static void checkForward(DenseKit kit, int inputs, int units, int n, Activation f, boolean exact,
                                     Object ws, long seed) {
        checkForward(kit, inputs, units, n, f, exact, false, ws, seed);
    }

    private static void checkForward(DenseKit kit, int inputs, int units, int n, Activation f, boolean exact,
                                     boolean zeroFreeInputs, Object ws, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Data data = new Data(kit, rnd, exact);
        int xo = rnd.nextInt(3);
        int ldx = inputs + rnd.nextInt(3);
        int yo = rnd.nextInt(3);
        int ldy = units + rnd.nextInt(4);
        double[] x = data.matrix(xo, ldx, n, inputs, 1.0);
        if (zeroFreeInputs) {
            for (int i = 0; i < x.length; i++) {
                while (x[i] == 0.0) {
                    x[i] = data.value(1.0);
                }
            }
        }
        double[][] w = data.weights(inputs, units);
        double[] b = data.vector(units, 1.0);
        double alpha = 0.25;
        double[] y = nans(yo + (n - 1) * ldy + units + 2);
        kit.forward(x, xo, ldx, n, inputs, w, b, units, f, alpha, y, yo, ldy, ws);
        String what = kit + " forward " + inputs + " -> " + units + " " + f + ", n = " + n;
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < units; j++) {
                double z = b[j];
                double bound = Math.abs(b[j]);
                for (int i = 0; i < inputs; i++) {
                    double t = x[xo + s * ldx + i] * w[i][j];
                    z += t;
                    bound += Math.abs(t);
                }
                double expected = activate(f, alpha, z);
                double tol = exact ? 0 : (inputs + 2) * kit.unitRoundoff() * bound + 4 * kit.unitRoundoff() * (1 + Math.abs(expected));
                check(what + ", sample " + s + ", unit " + j, kit.round(expected), y[yo + s * ldy + j], tol);
            }
        }
        untouchedOutside(what, y, yo, ldy, n, units);
    }

    private static void checkWeightGradient(DenseKit kit, int inputs, int units, int n, boolean exact, long seed) {
        checkWeightGradient(kit, inputs, units, n, exact, kit.workspace(n, inputs, units), seed);
    }

    private static void checkWeightGradient(DenseKit kit, int inputs, int units, int n, boolean exact, Object ws,
                                            long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Data data = new Data(kit, rnd, exact);
        int xo = rnd.nextInt(3);
        int ldx = inputs + rnd.nextInt(3);
        int dOff = rnd.nextInt(3);
        int ldd = units + rnd.nextInt(4);
        double[] x = data.matrix(xo, ldx, n, inputs, 1.0);
        double[] d = data.matrix(dOff, ldd, n, units, 1.0);
        double[][] gw0 = data.weights(inputs, units);
        double[] gb0 = data.vector(units, 1.0);
        double[][] gw = new double[inputs][];
        for (int i = 0; i < inputs; i++) {
            gw[i] = gw0[i].clone();
        }
        double[] gb = gb0.clone();
        kit.weightGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, gb, ws);
        String what = kit + " weight gradient " + inputs + " -> " + units + ", n = " + n;
        double u = kit.unitRoundoff();
        for (int j = 0; j < units; j++) {
            double sum = gb0[j];
            double bound = Math.abs(sum);
            for (int s = 0; s < n; s++) {
                sum += d[dOff + s * ldd + j];
                bound += Math.abs(d[dOff + s * ldd + j]);
            }
            check(what + ", bias " + j, kit.round(sum), gb[j], exact ? 0 : (n + 2) * u * bound);
            for (int i = 0; i < inputs; i++) {
                double g = gw0[i][j];
                double gBound = Math.abs(g);
                for (int s = 0; s < n; s++) {
                    double t = x[xo + s * ldx + i] * d[dOff + s * ldd + j];
                    g += t;
                    gBound += Math.abs(t);
                }
                check(what + ", weight " + i + "," + j, kit.round(g), gw[i][j], exact ? 0 : (n + 2) * u * gBound);
            }
        }
    }

    private static void checkInputGradient(DenseKit kit, int inputs, int units, int n, Activation f, boolean exact,
                                           long seed) {
        checkInputGradient(kit, inputs, units, n, f, exact, kit.workspace(n, inputs, units), seed);
    }

    private static void checkInputGradient(DenseKit kit, int inputs, int units, int n, Activation f, boolean exact,
                                           Object ws, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Data data = new Data(kit, rnd, exact);
        int dOff = rnd.nextInt(3);
        int ldd = units + rnd.nextInt(3);
        int ao = rnd.nextInt(3);
        int lda = inputs + rnd.nextInt(3);
        int dxo = rnd.nextInt(3);
        int lddx = inputs + rnd.nextInt(4);
        double[] d = data.matrix(dOff, ldd, n, units, 1.0);
        double[][] w = data.weights(inputs, units);
        double[] a = data.activations(ao, lda, n, inputs, f);
        double alpha = 0.25;
        double[] dx = nans(dxo + (n - 1) * lddx + inputs + 2);
        kit.inputGradient(d, dOff, ldd, n, units, w, inputs, f, alpha, a, ao, lda, dx, dxo, lddx, ws);
        String what = kit + " input gradient " + inputs + " -> " + units + " " + f + ", n = " + n;
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < inputs; i++) {
                double sum = 0;
                double bound = 0;
                for (int j = 0; j < units; j++) {
                    double t = w[i][j] * d[dOff + s * ldd + j];
                    sum += t;
                    bound += Math.abs(t);
                }
                double ai = a[ao + s * lda + i];
                double expected = sum * derivative(f, alpha, ai);
                double tol = exact ? 0 : (units + 4) * kit.unitRoundoff() * bound;
                check(what + ", sample " + s + ", input " + i, kit.round(expected), dx[dxo + s * lddx + i], tol);
            }
        }
        untouchedOutside(what, dx, dxo, lddx, n, inputs);
    }

    private static void check(String what, double expected, double actual, double tol) {
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + ": expected " + expected + " (tolerance " + tol + "), got " + actual);
        }
    }

    private static void untouchedOutside(String what, double[] y, int yo, int ldy, int n, int cols) {
        for (int k = 0; k < y.length; k++) {
            int r = (k - yo) / ldy;
            int c = (k - yo) % ldy;
            boolean inside = k >= yo && r < n && c < cols;
            if (!inside && !Double.isNaN(y[k])) {
                fail(what + ": wrote " + y[k] + " at " + k + ", outside the " + n + " rows of " + cols
                        + " at offset " + yo + " with leading dimension " + ldy);
            }
        }
    }

    private static double[] nans(int length) {
        double[] v = new double[length];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    static double activate(Activation f, double alpha, double z) {
        switch (f) {
            case LINEAR:
                return z;
            case RELU:
                return Math.max(z, 0);
            case LEAKY_RELU:
                return z > 0 ? z : alpha * z;
            case SIGMOID:
                return 1 / (1 + Math.exp(-z));
            case TANH:
                return Math.tanh(z);
            default:
                throw new AssertionError(f);
        }
    }

    static double derivative(Activation f, double alpha, double a) {
        switch (f) {
            case LINEAR:
                return 1;
            case RELU:
                return a > 0 ? 1 : 0;
            case LEAKY_RELU:
                return a > 0 ? 1 : alpha;
            case SIGMOID:
                return a * (1 - a);
            case TANH:
                return 1 - a * a;
            default:
                throw new AssertionError(f);
        }
    }

    /** Test data in the kit's precision: exact (small integers / 8, sums exact in float) or uniform random. */
    static final class Data {
        private final DenseKit kit;
        private final SplittableRandom rnd;
        private final boolean exact;

        Data(DenseKit kit, SplittableRandom rnd, boolean exact) {
            this.kit = kit;
            this.rnd = rnd;
            this.exact = exact;
        }

        double value(double scale) {
            if (exact) {
                // k / 8 for k in [-8, 8]: products are multiples of 1/64 below 1, sums of up to 2^17 of them exact
                return (rnd.nextInt(17) - 8) / 8.0;
            }
            return kit.round((rnd.nextDouble() * 2 - 1) * scale);
        }

        double[] vector(int length, double scale) {
            double[] v = new double[length];
            for (int i = 0; i < length; i++) {
                v[i] = value(scale);
            }
            return v;
        }

        /** A NaN-filled array with an {@code rows x cols} matrix at {@code offset}, leading dimension {@code ld}. */
        double[] matrix(int offset, int ld, int rows, int cols, double scale) {
            double[] m = nans(offset + Math.max(0, rows - 1) * ld + cols + 1);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    m[offset + r * ld + c] = value(scale);
                }
            }
            return m;
        }

        double[][] weights(int inputs, int units) {
            double scale = 1 / Math.sqrt(inputs);
            double[][] w = new double[inputs][];
            for (int i = 0; i < inputs; i++) {
                w[i] = vector(units, scale);
            }
            return w;
        }

        /** Outputs of {@code f}: exact zeros and negatives for the rectifiers, (0, 1) for sigmoid, (-1, 1) for tanh. */
        double[] activations(int offset, int ld, int rows, int cols, Activation f) {
            double[] m = matrix(offset, ld, rows, cols, 1.0);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int k = offset + r * ld + c;
                    if (f == Activation.SIGMOID) {
                        m[k] = kit.round(0.5 + 0.45 * m[k]);
                    } else if (f == Activation.RELU && m[k] < 0) {
                        m[k] = 0;
                    }
                }
            }
            return m;
        }
    }
}
