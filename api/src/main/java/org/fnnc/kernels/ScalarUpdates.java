package org.fnnc.kernels;

/** The updates as plain loops: the reference for {@link VectorUpdates}, which must give the same bits. */
final class ScalarUpdates implements UpdateKernels {

    @Override
    public void sgd(float[] w, float[] g, int n, double lambda, double lr) {
        for (int k = 0; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            w[k] = (float) (w[k] - lr * d);
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
    public void momentum(float[] w, float[] g, double[] v, int n, double lambda, double mu, boolean nesterov,
                         double lr) {
        for (int k = 0; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double vk = mu * v[k] + d;
            v[k] = vk;
            w[k] = (float) (w[k] - lr * (nesterov ? d + mu * vk : vk));
        }
    }

    @Override
    public void momentum(double[] w, double[] g, double[] v, int n, double lambda, double mu, boolean nesterov,
                         double lr) {
        for (int k = 0; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double vk = mu * v[k] + d;
            v[k] = vk;
            w[k] = w[k] - lr * (nesterov ? d + mu * vk : vk);
        }
    }

    @Override
    public void adam(float[] w, float[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
                     double correction1, double correction2, double epsilon, double lr) {
        for (int k = 0; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double mk = beta1 * m[k] + (1 - beta1) * d;
            final double vk = beta2 * v[k] + (1 - beta2) * d * d;
            m[k] = mk;
            v[k] = vk;
            w[k] = (float) (w[k] - lr * ((mk / correction1) / (Math.sqrt(vk / correction2) + epsilon)));
        }
    }

    @Override
    public void adam(double[] w, double[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
                     double correction1, double correction2, double epsilon, double lr) {
        for (int k = 0; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double mk = beta1 * m[k] + (1 - beta1) * d;
            final double vk = beta2 * v[k] + (1 - beta2) * d * d;
            m[k] = mk;
            v[k] = vk;
            w[k] = w[k] - lr * ((mk / correction1) / (Math.sqrt(vk / correction2) + epsilon));
        }
    }
}
