package org.fnnc.kernels;

import org.fnnc.spec.Activation;

/**
 * Element-wise activations and their derivatives in float, as the generated scalar code and the interpreter
 * define them (sigmoid and tanh evaluated in double and rounded once). The vector kernels use these for the
 * columns past their last whole vector, and for sigmoid and tanh.
 */
final class FloatActivations {

    private FloatActivations() {
    }

    /** {@code f(z)}. NaN propagates. */
    static float apply(Activation f, float alpha, float z) {
        switch (f) {
            case RELU:
                return Math.max(z, 0.0f);
            case LEAKY_RELU:
                return z > 0.0f ? z : alpha * z;
            case SIGMOID:
                return (float) (1.0 / (1.0 + Math.exp(-z)));
            case TANH:
                return (float) Math.tanh(z);
            case LINEAR:
                return z;
            default:
                throw new IllegalArgumentException(f + " is not element-wise");
        }
    }

    /** {@code g * f'}, the derivative written from the activation's output {@code a}. */
    static float backward(Activation f, float alpha, float a, float g) {
        switch (f) {
            case RELU:
                return a > 0.0f ? g : 0.0f;
            case LEAKY_RELU:
                return a > 0.0f ? g : alpha * g;
            case SIGMOID:
                return g * a * (1.0f - a);
            case TANH:
                return g * (1.0f - a * a);
            case LINEAR:
                return g;
            default:
                throw new IllegalArgumentException(f + " is not element-wise");
        }
    }

    /** {@code y[o + j] = f(y[o + j])} for {@code j < len}. */
    static void applyInPlace(Activation f, float alpha, float[] y, int o, int len) {
        for (int j = o; j < o + len; j++) {
            y[j] = apply(f, alpha, y[j]);
        }
    }

    /** {@code y[o + j] = f(z[j])} for {@code j < len}: one loop per activation, so each one vectorises alone. */
    static void applyRow(Activation f, float alpha, float[] z, float[] y, int o, int len) {
        switch (f) {
            case RELU:
                for (int j = 0; j < len; j++) {
                    y[o + j] = Math.max(z[j], 0.0f);
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
