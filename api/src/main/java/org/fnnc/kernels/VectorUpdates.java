package org.fnnc.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The updates on the Vector API: the operations of {@link ScalarUpdates} lane by lane, in the same order and
 * without fusing (so the same bits), for double parameters. Float parameters take the scalar loops: widening them
 * in registers needs a float species of half the preferred width, and a second float species in the JVM stops
 * C2 (JDK 17) from intrinsifying the dense kernels' broadcasts at the preferred one (measured: 190 KB allocated
 * per forward call of a 37 -> 45 layer, block of 17).
 */
final class VectorUpdates implements UpdateKernels {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();

    private static final ScalarUpdates FLOATS = new ScalarUpdates();

    private static int body(int n) {
        return n - n % L;
    }

    @Override
    public void sgd(float[] w, float[] g, int n, double lambda, double lr) {
        FLOATS.sgd(w, g, n, lambda, lr);
    }

    @Override
    public void sgd(double[] w, double[] g, int n, double lambda, double lr) {
        final int end = body(n);
        for (int k = 0; k < end; k += L) {
            final DoubleVector wk = DoubleVector.fromArray(D, w, k);
            final DoubleVector d = DoubleVector.fromArray(D, g, k).add(wk.mul(lambda));
            wk.sub(d.mul(lr)).intoArray(w, k);
        }
        for (int k = end; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            w[k] = w[k] - lr * d;
        }
    }

    @Override
    public void momentum(float[] w, float[] g, double[] v, int n, double lambda, double mu, boolean nesterov,
                         double lr) {
        FLOATS.momentum(w, g, v, n, lambda, mu, nesterov, lr);
    }

    @Override
    public void momentum(double[] w, double[] g, double[] v, int n, double lambda, double mu, boolean nesterov,
                         double lr) {
        final int end = body(n);
        if (nesterov) {
            for (int k = 0; k < end; k += L) {
                final DoubleVector wk = DoubleVector.fromArray(D, w, k);
                final DoubleVector d = DoubleVector.fromArray(D, g, k).add(wk.mul(lambda));
                final DoubleVector vk = DoubleVector.fromArray(D, v, k).mul(mu).add(d);
                vk.intoArray(v, k);
                wk.sub(d.add(vk.mul(mu)).mul(lr)).intoArray(w, k);
            }
        } else {
            for (int k = 0; k < end; k += L) {
                final DoubleVector wk = DoubleVector.fromArray(D, w, k);
                final DoubleVector d = DoubleVector.fromArray(D, g, k).add(wk.mul(lambda));
                final DoubleVector vk = DoubleVector.fromArray(D, v, k).mul(mu).add(d);
                vk.intoArray(v, k);
                wk.sub(vk.mul(lr)).intoArray(w, k);
            }
        }
        for (int k = end; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double vk = mu * v[k] + d;
            v[k] = vk;
            w[k] = w[k] - lr * (nesterov ? d + mu * vk : vk);
        }
    }

    @Override
    public void adam(float[] w, float[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
                     double correction1, double correction2, double epsilon, double lr) {
        FLOATS.adam(w, g, m, v, n, lambda, beta1, beta2, correction1, correction2, epsilon, lr);
    }

    @Override
    public void adam(double[] w, double[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
                     double correction1, double correction2, double epsilon, double lr) {
        final int end = body(n);
        final double keep1 = 1 - beta1;
        final double keep2 = 1 - beta2;
        for (int k = 0; k < end; k += L) {
            final DoubleVector wk = DoubleVector.fromArray(D, w, k);
            final DoubleVector d = DoubleVector.fromArray(D, g, k).add(wk.mul(lambda));
            final DoubleVector mk = DoubleVector.fromArray(D, m, k).mul(beta1).add(d.mul(keep1));
            final DoubleVector vk = DoubleVector.fromArray(D, v, k).mul(beta2).add(d.mul(keep2).mul(d));
            mk.intoArray(m, k);
            vk.intoArray(v, k);
            final DoubleVector step = mk.div(correction1).div(vk.div(correction2).sqrt().add(epsilon));
            wk.sub(step.mul(lr)).intoArray(w, k);
        }
        for (int k = end; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double mk = beta1 * m[k] + keep1 * d;
            final double vk = beta2 * v[k] + keep2 * d * d;
            m[k] = mk;
            v[k] = vk;
            w[k] = w[k] - lr * ((mk / correction1) / (Math.sqrt(vk / correction2) + epsilon));
        }
    }
}
