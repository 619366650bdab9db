package org.fnnc.kernels;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.fnnc.spec.Activation;

/**
 * One network's use of the float kernels, alone in a JVM, profiled by C2 as that network would profile them:
 * {@code infer}, MNIST's 784-128-10 (relu, then linear) asked for blocks of 32 samples; {@code train}, a 50-64-10
 * relu network trained in blocks of 16 samples (forward, weight and input gradients, an SGD update, the one-block
 * step that keeps no weight gradient) and asked for
 * one sample at a time in between; {@code kernels}, every kernel path of the implementation this JVM runs
 * ({@link #everyKernelPath}). Prints the bytes allocated per window of 1,000 steps until a window allocates
 * nothing (exit 0) or {@code args[0]} seconds pass (exit 1). {@link KernelAllocationTest} runs it in a child JVM:
 * in the test's JVM, other tests have already called the kernels in every way, and what C2 compiles depends on
 * that (relu's epilogue boxed a vector on every call of {@code infer}, and never in the test's JVM).
 */
public final class AllocationProbe {

    private AllocationProbe() {
    }

    public static void main(String[] args) {
        long limitNanos = Long.parseLong(args[0]) * 1_000_000_000L;
        Runnable step = switch (args[1]) {
            case "infer" -> network(new int[] {784, 128, 10}, 32, false);
            case "train" -> network(new int[] {50, 64, 10}, 16, true);
            default -> everyKernelPath(FloatDense.KERNELS, DoubleDense.KERNELS, Updates.KERNELS);
        };
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long deadline = System.nanoTime() + limitNanos;
        System.out.println(args[1] + ", kernels: " + KernelLibrary.description());
        while (true) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 1_000; i++) {
                step.run();
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            System.out.println("window of 1,000 steps: " + allocated + " bytes");
            if (allocated < 4096) {
                System.exit(0);
            }
            if (System.nanoTime() > deadline) {
                System.exit(1);
            }
        }
    }

    /** The element-wise activations (softmax is applied after a linear forward). */
    private static final Activation[] ELEMENT_WISE = {
        Activation.LINEAR, Activation.RELU, Activation.LEAKY_RELU, Activation.SIGMOID, Activation.TANH,
    };

    /**
     * One step through every kernel path of one implementation in both precisions, and its updates: shapes that cross
     * every tile edge (37 inputs, 45 units: partial tiles and a partial vector at 4, 8 and 16 lanes), blocks of 2
     * (row kernels) and 17 samples (packed tiles and a tail of samples), every activation, the weight gradient
     * accumulated, written, fused with the step and not kept, one sample's backward and step.
     */
    static Runnable everyKernelPath(FloatDenseKernels f, DoubleDenseKernels g, UpdateKernels u) {
        int in = 37;
        int out = 45;
        int block = 17;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] x = new float[block * in];
        float[] d = new float[block * out];
        float[][] w = new float[in][out];
        float[] b = new float[out];
        float[] y = new float[block * out];
        float[] dx = new float[block * in];
        double[] xd = new double[block * in];
        double[] dd = new double[block * out];
        double[][] wd = new double[in][out];
        double[] bd = new double[out];
        double[] yd = new double[block * out];
        double[] dxd = new double[block * in];
        for (int i = 0; i < x.length; i++) {
            xd[i] = rnd.nextDouble() - 0.5;
            x[i] = (float) xd[i];
        }
        for (int i = 0; i < d.length; i++) {
            dd[i] = rnd.nextDouble() - 0.5;
            d[i] = (float) dd[i];
        }
        float[][] gw = new float[in][out];
        float[] gb = new float[out];
        double[][] gwd = new double[in][out];
        double[] gbd = new double[out];
        double[] m = new double[out];
        double[] v = new double[out];
        float[] mf = new float[out];
        float[] vf = new float[out];
        FloatDenseWorkspace fw = new FloatDenseWorkspace(block, in, out, f);
        DoubleDenseWorkspace dw = new DoubleDenseWorkspace(block, in, out, g);
        int[] blocks = {2, block};
        return () -> {
            for (int n : blocks) {
                for (Activation a : ELEMENT_WISE) {
                    f.forward(x, 0, in, n, in, w, b, out, a, 0.1f, y, 0, out, fw);
                    f.inputGradient(d, 0, out, n, out, w, in, a, 0.1f, x, 0, in, dx, 0, in, fw);
                    g.forward(xd, 0, in, n, in, wd, bd, out, a, 0.1, yd, 0, out, dw);
                    g.inputGradient(dd, 0, out, n, out, wd, in, a, 0.1, xd, 0, in, dxd, 0, in, dw);
                }
                f.weightGradient(x, 0, in, n, in, d, 0, out, out, gw, gb, true, null, null, 0, 0, fw);
                g.weightGradient(xd, 0, in, n, in, dd, 0, out, out, gwd, gbd, true, null, null, 0, 0, dw);
                // written, and with the SGD step (of size 0: the weights stay)
                f.weightGradient(x, 0, in, n, in, d, 0, out, out, gw, gb, false, w, b, 1, 0, fw);
                g.weightGradient(xd, 0, in, n, in, dd, 0, out, out, gwd, gbd, false, wd, bd, 1, 0, dw);
                // the step that keeps no weight gradient (sgdBlock)
                f.weightGradient(x, 0, in, n, in, d, 0, out, out, null, gb, false, w, b, 1, 0, fw);
                g.weightGradient(xd, 0, in, n, in, dd, 0, out, out, null, gbd, false, wd, bd, 1, 0, dw);
            }
            for (Activation a : ELEMENT_WISE) {
                // one sample's backward and step (of size 0), with and without an input gradient
                f.sgdOneSample(x, 0, in, d, 0, out, w, b, gb, 0.0f, a, 0.1f, dx, 0, fw);
                g.sgdOneSample(xd, 0, in, dd, 0, out, wd, bd, gbd, 0.0, a, 0.1, dxd, 0, dw);
            }
            f.sgdOneSample(x, 0, in, d, 0, out, w, b, gb, 0.0f, Activation.LINEAR, 0.0f, null, 0, fw);
            g.sgdOneSample(xd, 0, in, dd, 0, out, wd, bd, gbd, 0.0, Activation.LINEAR, 0.0, null, 0, dw);
            for (int r = 0; r < 10; r++) {
                u.sgd(b, gb, out, 1e-4f, 1e-9f);
                u.momentum(b, gb, vf, out, 1e-4f, 0.9f, true, 1e-9f);
                u.adam(b, gb, mf, vf, out, 1e-4f, 0.9f, 0.999f, 0.5f, 0.5f, 1e-8f, 1e-9f);
                u.scaleFinite(gb, out, 1.0f);
                u.finite(gb, out);
                u.sgd(bd, gbd, out, 1e-4, 1e-9);
                u.momentum(bd, gbd, v, out, 1e-4, 0.9, false, 1e-9);
                u.adam(bd, gbd, m, v, out, 1e-4, 0.9, 0.999, 0.5, 0.5, 1e-8, 1e-9);
                u.scaleFinite(gbd, out, 1.0);
                u.finite(gbd, out);
            }
        };
    }

    /** A relu network's step over one block: forward; if {@code train}, gradients, update, single-sample forward. */
    private static Runnable network(int[] widths, int block, boolean train) {
        int layers = widths.length - 1;
        int widest = 0;
        SplittableRandom rnd = new SplittableRandom(7);
        float[][][] w = new float[layers][][];
        float[][][] gw = new float[layers][][];
        float[][] b = new float[layers][];
        float[][] gb = new float[layers][];
        float[][] y = new float[layers][];
        float[][] d = new float[layers][];
        for (int l = 0; l < layers; l++) {
            widest = Math.max(widest, Math.max(widths[l], widths[l + 1]));
            w[l] = new float[widths[l]][widths[l + 1]];
            gw[l] = new float[widths[l]][widths[l + 1]];
            for (float[] row : w[l]) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) (rnd.nextDouble() - 0.5);
                }
            }
            b[l] = new float[widths[l + 1]];
            gb[l] = new float[widths[l + 1]];
            y[l] = new float[block * widths[l + 1]];
            d[l] = new float[block * widths[l + 1]];
        }
        float[] x = new float[block * widths[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        FloatDenseWorkspace ws = new FloatDenseWorkspace(block, widest, widest);
        return () -> {
            forward(widths, block, x, w, b, y, ws);
            if (!train) {
                return;
            }
            System.arraycopy(y[layers - 1], 0, d[layers - 1], 0, d[layers - 1].length);
            for (int l = layers - 1; l >= 0; l--) {
                float[] in = l == 0 ? x : y[l - 1];
                FloatDense.weightGradient(in, 0, widths[l], block, widths[l], d[l], 0, widths[l + 1], widths[l + 1],
                        gw[l], gb[l], ws);
                if (l > 0) {
                    FloatDense.inputGradient(d[l], 0, widths[l + 1], block, widths[l + 1], w[l], widths[l],
                            Activation.RELU, 0, y[l - 1], 0, widths[l], d[l - 1], 0, widths[l], ws);
                }
            }
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < w[l].length; i++) {
                    Updates.sgd(w[l][i], gw[l][i], w[l][i].length, 0, 1e-9);
                }
                Updates.sgd(b[l], gb[l], b[l].length, 0, 1e-9);
            }
            // a generated network's one-block sgdStep: the step without writing the weight gradient
            for (int l = 0; l < layers; l++) {
                FloatDense.sgdBlock(l == 0 ? x : y[l - 1], 0, widths[l], block, widths[l], d[l], 0, widths[l + 1],
                        widths[l + 1], gb[l], 1.0f / block, 1e-9f, w[l], b[l], ws);
            }
            forward(widths, 1, x, w, b, y, ws);
        };
    }

    private static void forward(int[] widths, int n, float[] x, float[][][] w, float[][] b, float[][] y,
                                FloatDenseWorkspace ws) {
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            FloatDense.forward(l == 0 ? x : y[l - 1], 0, widths[l], n, widths[l], w[l], b[l], widths[l + 1],
                    l == layers - 1 ? Activation.LINEAR : Activation.RELU, 0, y[l], 0, widths[l + 1], ws);
        }
    }
}
