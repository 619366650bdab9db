package org.fnnc.kernels;

import java.util.Objects;

/**
 * Element-wise optimizer updates of one parameter array from its gradient, in double whatever the parameters'
 * precision, with optimizer state in double: per element, {@code d = g + lambda w} (L2 weight decay; pass 0 for
 * a bias), the rule turns {@code d} into a step direction, and {@code w = w - lr * direction}, rounded once to the
 * parameters' precision. The vector implementation does exactly the scalar operations, lane by lane (no fused
 * multiply-adds, the same order), so both give the same bits; it covers double parameters (float parameters run
 * the scalar loops, see {@code VectorUpdates}).
 */
public final class Updates {

    static final UpdateKernels KERNELS = kernels();

    private Updates() {
    }

    private static UpdateKernels kernels() {
        Object vector = KernelLibrary.vectorKernels("VectorUpdates");
        return vector != null ? (UpdateKernels) vector : new ScalarUpdates();
    }

    /** Plain gradient descent: {@code w -= lr (g + lambda w)} over {@code [0, n)}. */
    public static void sgd(float[] w, float[] g, int n, double lambda, double lr) {
        check(w.length, g.length, n, n, n);
        KERNELS.sgd(w, g, n, lambda, lr);
    }

    /** Plain gradient descent: {@code w -= lr (g + lambda w)} over {@code [0, n)}. */
    public static void sgd(double[] w, double[] g, int n, double lambda, double lr) {
        check(w.length, g.length, n, n, n);
        KERNELS.sgd(w, g, n, lambda, lr);
    }

    /**
     * Heavy-ball momentum, {@code v = mu v + d; w -= lr v}, or with {@code nesterov}
     * {@code v = mu v + d; w -= lr (d + mu v)}, where {@code d = g + lambda w}.
     */
    public static void momentum(float[] w, float[] g, double[] v, int n, double lambda, double mu, boolean nesterov,
                                double lr) {
        check(w.length, g.length, v.length, v.length, n);
        KERNELS.momentum(w, g, v, n, lambda, mu, nesterov, lr);
    }

    /** As {@link #momentum(float[], float[], double[], int, double, double, boolean, double)}, double parameters. */
    public static void momentum(double[] w, double[] g, double[] v, int n, double lambda, double mu,
                                boolean nesterov, double lr) {
        check(w.length, g.length, v.length, v.length, n);
        KERNELS.momentum(w, g, v, n, lambda, mu, nesterov, lr);
    }

    /**
     * Adam with bias correction, {@code d = g + lambda w}: {@code m = b1 m + (1 - b1) d},
     * {@code v = b2 v + (1 - b2) d^2}, {@code w -= lr (m / c1) / (sqrt(v / c2) + epsilon)}, where
     * {@code c1 = 1 - b1^t} and {@code c2 = 1 - b2^t} at step {@code t}.
     */
    public static void adam(float[] w, float[] g, double[] m, double[] v, int n, double lambda, double beta1,
                            double beta2, double correction1, double correction2, double epsilon, double lr) {
        check(w.length, g.length, m.length, v.length, n);
        KERNELS.adam(w, g, m, v, n, lambda, beta1, beta2, correction1, correction2, epsilon, lr);
    }

    /** As {@link #adam(float[], float[], double[], double[], int, double, double, double, double, double, double, double)}, double parameters. */
    public static void adam(double[] w, double[] g, double[] m, double[] v, int n, double lambda, double beta1,
                            double beta2, double correction1, double correction2, double epsilon, double lr) {
        check(w.length, g.length, m.length, v.length, n);
        KERNELS.adam(w, g, m, v, n, lambda, beta1, beta2, correction1, correction2, epsilon, lr);
    }

    private static void check(int w, int g, int m, int v, int n) {
        Objects.checkFromIndexSize(0, n, Math.min(Math.min(w, g), Math.min(m, v)));
    }
}
