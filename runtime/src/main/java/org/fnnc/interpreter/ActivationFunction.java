package org.fnnc.interpreter;

import org.fnnc.spec.Activation;

/**
 * Each activation of the reference, once: its value {@code a = f(z)} and its derivative {@code f'(z)} from
 * {@code z} and the stored {@code a}, side by side. A new activation is one constant here (and one case in
 * {@link #of}, which the compiler demands).
 */
enum ActivationFunction {

    /** {@code 1 / (1 + e^-z)}, evaluated so that {@code exp} never overflows; {@code f' = a(1 - a)}. */
    SIGMOID {
        @Override
        double value(double z, double alpha) {
            if (z >= 0.0) {
                return 1.0 / (1.0 + Math.exp(-z));
            }
            double e = Math.exp(z);
            return e / (1.0 + e);
        }

        @Override
        double derivative(double z, double a, double alpha) {
            return a * (1.0 - a);
        }
    },

    /** {@code tanh z}; {@code f' = 1 - a^2}. */
    TANH {
        @Override
        double value(double z, double alpha) {
            return Math.tanh(z);
        }

        @Override
        double derivative(double z, double a, double alpha) {
            return 1.0 - a * a;
        }
    },

    /** {@code max(0, z)}; {@code f' = z > 0 ? 1 : 0}, so relu'(0) = 0. */
    RELU {
        @Override
        double value(double z, double alpha) {
            return z > 0.0 ? z : 0.0;
        }

        @Override
        double derivative(double z, double a, double alpha) {
            return z > 0.0 ? 1.0 : 0.0;
        }
    },

    /** {@code z > 0 ? z : alpha z}; {@code f' = z > 0 ? 1 : alpha}, so leaky_relu'(0) = alpha. */
    LEAKY_RELU {
        @Override
        double value(double z, double alpha) {
            return z > 0.0 ? z : alpha * z;
        }

        @Override
        double derivative(double z, double a, double alpha) {
            return z > 0.0 ? 1.0 : alpha;
        }
    },

    /** {@code z}; {@code f' = 1}. */
    LINEAR {
        @Override
        double value(double z, double alpha) {
            return z;
        }

        @Override
        double derivative(double z, double a, double alpha) {
            return 1.0;
        }
    },

    /**
     * {@code e^(z_j - m) / sum_k e^(z_k - m)} with {@code m = max_k z_k}, so no {@code exp} overflows. Not
     * element-wise; its derivative is fused with cross-entropy ({@link LossFunction#CROSS_ENTROPY}).
     */
    SOFTMAX {
        @Override
        void apply(double[] z, double[] a, double alpha) {
            double m = max(z);
            double sum = 0.0;
            for (int j = 0; j < z.length; j++) {
                a[j] = Math.exp(z[j] - m);
                sum += a[j];
            }
            for (int j = 0; j < z.length; j++) {
                a[j] /= sum;
            }
        }

        @Override
        double value(double z, double alpha) {
            throw new AssertionError("softmax is not element-wise");
        }

        @Override
        double derivative(double z, double a, double alpha) {
            throw new AssertionError("softmax has no element-wise derivative (it is fused with cross_entropy)");
        }
    };

    /** The reference's definition of {@code activation}. */
    static ActivationFunction of(Activation activation) {
        return switch (activation) {
            case SIGMOID -> SIGMOID;
            case TANH -> TANH;
            case RELU -> RELU;
            case LEAKY_RELU -> LEAKY_RELU;
            case LINEAR -> LINEAR;
            case SOFTMAX -> SOFTMAX;
        };
    }

    /** {@code a = f(z)} for a layer: element-wise but for softmax. */
    void apply(double[] z, double[] a, double alpha) {
        for (int j = 0; j < z.length; j++) {
            a[j] = value(z[j], alpha);
        }
    }

    /** {@code f(z)} of one unit. */
    abstract double value(double z, double alpha);

    /** {@code f'(z)} of one unit, given {@code z} and {@code a = f(z)}. */
    abstract double derivative(double z, double a, double alpha);

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            m = Math.max(m, e);
        }
        return m;
    }
}
