package org.fnnc.kernels;
// Derived from FloatActivations.java by api/src/build/derive-double-kernels.sh: edit that file and rerun the script.

import org.fnnc.spec.Activation;

/**
 * Element-wise activations and their derivatives in double, as the generated scalar code and the interpreter
 * define them. The vector kernels use these for the
 * columns past their last whole vector, and for sigmoid and tanh.
 */
final class DoubleActivations {

    private DoubleActivations() {
    }

    /** {@code f(z)}. NaN propagates. */
    static double apply(Activation f, double alpha, double z) {
        switch (f) {
            case RELU:
                return Math.max(z, 0.0);
            case LEAKY_RELU:
                return z > 0.0 ? z : alpha * z;
            case SIGMOID:
                return 1.0 / (1.0 + Math.exp(-z));
            case TANH:
                return Math.tanh(z);
            case LINEAR:
                return z;
            default:
                throw new IllegalArgumentException(f + " is not element-wise");
        }
    }

    /** {@code g * f'}, the derivative written from the activation's output {@code a}. */
    static double backward(Activation f, double alpha, double a, double g) {
        switch (f) {
            case RELU:
                return a > 0.0 ? g : 0.0;
            case LEAKY_RELU:
                return a > 0.0 ? g : alpha * g;
            case SIGMOID:
                return g * a * (1.0 - a);
            case TANH:
                return g * (1.0 - a * a);
            case LINEAR:
                return g;
            default:
                throw new IllegalArgumentException(f + " is not element-wise");
        }
    }

    /** {@code y[o + j] = f(y[o + j])} for {@code j < len}. */
    static void applyInPlace(Activation f, double alpha, double[] y, int o, int len) {
        for (int j = o; j < o + len; j++) {
            y[j] = apply(f, alpha, y[j]);
        }
    }

    /** {@code y[o + j] = f(z[j])} for {@code j < len}: one loop per activation, so each one vectorises alone. */
    static void applyRow(Activation f, double alpha, double[] z, double[] y, int o, int len) {
        switch (f) {
            case RELU:
                for (int j = 0; j < len; j++) {
                    y[o + j] = Math.max(z[j], 0.0);
                }
                break;
            case LINEAR:
                System.arraycopy(z, 0, y, o, len);
                break;
            default:
                for (int j = 0; j < len; j++) {
                    y[o + j] = apply(f, alpha, z[j]);
                }
        }
    }
}
