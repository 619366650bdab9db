package org.fnnc.kernels;

/**
 * The updates as plain loops: the reference for {@link VectorUpdates}, which must give the same bits. Each loop
 * is one pass of independent element operations without conversions, which C2 vectorises on JDK 17 and later.
 */
final class ScalarUpdates implements UpdateKernels {

    @Override
    public void sgd(float[] w, float[] g, int n, float lambda, float lr) {
        for (int k = 0; k < n; k++) {
            final float d = g[k] + lambda * w[k];
            w[k] = w[k] - lr * d;
        }
    }

    @Override
    public void sgd(double[] w, double[] g, int n, double lambda, double lr) {
        for (int k = 0; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            w[k] = w[k] - lr * d;
        }
    }

    @Override
    public void momentum(float[] w, float[] g, float[] v, int n, float lambda, float mu, boolean nesterov,
                         float lr) {
        // one loop: C2 unswitches the loop-invariant test (measured: as fast as two loops)
        for (int k = 0; k < n; k++) {
            final float d = g[k] + lambda * w[k];
            final float vk = mu * v[k] + d;
            v[k] = vk;
            w[k] = w[k] - lr * (nesterov ? d + mu * vk : vk);
        }
    }

    @Override
    public void momentum(double[] w, double[] g, double[] v, int n, double lambda, double mu, boolean nesterov,
                         double lr) {
        // one loop: C2 unswitches the loop-invariant test (measured: as fast as two loops)
        for (int k = 0; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double vk = mu * v[k] + d;
            v[k] = vk;
            w[k] = w[k] - lr * (nesterov ? d + mu * vk : vk);
        }
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int n, float lambda, float beta1, float beta2,
                     float correction1, float correction2, float epsilon, float lr) {
        final float keep1 = 1 - beta1;
        final float keep2 = 1 - beta2;
        for (int k = 0; k < n; k++) {
            final float d = g[k] + lambda * w[k];
            final float mk = beta1 * m[k] + keep1 * d;
            final float vk = beta2 * v[k] + keep2 * d * d;
            m[k] = mk;
            v[k] = vk;
            // (float) Math.sqrt of a float is the correctly rounded float square root
            w[k] = w[k] - lr * ((mk / correction1) / ((float) Math.sqrt(vk / correction2) + epsilon));
        }
    }

    @Override
    public void adam(double[] w, double[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
                     double correction1, double correction2, double epsilon, double lr) {
        final double keep1 = 1 - beta1;
        final double keep2 = 1 - beta2;
        for (int k = 0; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double mk = beta1 * m[k] + keep1 * d;
            final double vk = beta2 * v[k] + keep2 * d * d;
            m[k] = mk;
            v[k] = vk;
            w[k] = w[k] - lr * ((mk / correction1) / (Math.sqrt(vk / correction2) + epsilon));
        }
    }

    @Override
    public boolean scaleFinite(float[] g, int n, float factor) {
        // x * 0 is 0 for a finite x and NaN for an infinite or NaN one: the sum is 0 exactly when all are finite
        float zero = 0;
        for (int k = 0; k < n; k++) {
            final float x = g[k] * factor;
            g[k] = x;
            zero += x * 0;
        }
        return zero == 0;
    }

    @Override
    public boolean scaleFinite(double[] g, int n, double factor) {
        double zero = 0;
        for (int k = 0; k < n; k++) {
            final double x = g[k] * factor;
            g[k] = x;
            zero += x * 0;
        }
        return zero == 0;
    }

    @Override
    public boolean finite(float[] g, int n) {
        float zero = 0;
        for (int k = 0; k < n; k++) {
            zero += g[k] * 0;
        }
        return zero == 0;
    }

    @Override
    public boolean finite(double[] g, int n) {
        double zero = 0;
        for (int k = 0; k < n; k++) {
            zero += g[k] * 0;
        }
        return zero == 0;
    }
}
