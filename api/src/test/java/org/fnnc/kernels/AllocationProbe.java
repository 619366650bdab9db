package org.fnnc.kernels;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.fnnc.spec.Activation;

/**
 * One network's use of the float kernels, alone in a JVM, profiled by C2 as that network would profile them:
 * {@code infer}, MNIST's 784-128-10 (relu, then linear) asked for blocks of 32 samples; {@code train}, a 50-64-10
 * relu network trained in blocks of 16 samples (forward, weight and input gradients, an SGD update, the one-block
 * step that keeps no weight gradient) and asked for
 * one sample at a time in between. Prints the bytes allocated per window of 1,000 steps until a window allocates
 * nothing (exit 0) or {@code args[0]} seconds pass (exit 1). {@link KernelAllocationTest} runs it in a child JVM:
 * in the test's JVM, other tests have already called the kernels in every way, and what C2 compiles depends on
 * that (relu's epilogue boxed a vector on every call of {@code infer}, and never in the test's JVM).
 */
public final class AllocationProbe {

    private AllocationProbe() {
    }

    public static void main(String[] args) {
        long limitNanos = Long.parseLong(args[0]) * 1_000_000_000L;
        Runnable step = args[1].equals("infer") ? network(new int[] {784, 128, 10}, 32, false)
                : network(new int[] {50, 64, 10}, 16, true);
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
