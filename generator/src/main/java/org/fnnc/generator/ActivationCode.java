package org.fnnc.generator;

import org.fnnc.spec.Activation;

/**
 * Java expressions for an activation and its derivative, inlined at the point of use. Derivatives are
 * written from the stored activation {@code a} where that is cheaper than from {@code z}: sigmoid' = a(1-a),
 * tanh' = 1-a², relu' = a &gt; 0 ? 1 : 0 (so relu'(0) = 0), leaky' = a &gt; 0 ? 1 : alpha (so leaky'(0) = alpha).
 */
final class ActivationCode {

    private final Activation activation;
    private final String alpha;
    private final Numeric num;

    ActivationCode(Activation activation, double alpha, Numeric num) {
        this.activation = activation;
        this.alpha = num.literal(alpha);
        this.num = num;
    }

    /**
     * {@code f(z)} for {@code z} a simple name or array element (it may be evaluated twice). NaN propagates:
     * Math.max returns NaN, and a false comparison selects the NaN branch.
     */
    String apply(String z) {
        switch (activation) {
            case RELU:
                return "Math.max(" + z + ", " + num.literal(0) + ")";
            case LEAKY_RELU:
                return z + " > " + num.literal(0) + " ? " + z + " : " + alpha + " * " + z;
            case SIGMOID:
                return num.fromDouble("1.0 / (1.0 + Math.exp(-(" + z + ")))");
            case TANH:
                return num.fromDouble("Math.tanh(" + z + ")");
            case LINEAR:
                return z;
            default:
                throw new IllegalStateException(activation + " is applied by the output loss code");
        }
    }

    /** {@code s * f'(z)} written from the activation value {@code a} (a simple name). */
    String backward(String a, String s) {
        String zero = num.literal(0);
        switch (activation) {
            case RELU:
                return a + " > " + zero + " ? " + s + " : " + zero;
            case LEAKY_RELU:
                return a + " > " + zero + " ? " + s + " : " + alpha + " * (" + s + ")";
            case SIGMOID:
                return "(" + s + ") * " + a + " * (" + num.literal(1) + " - " + a + ")";
            case TANH:
                return "(" + s + ") * (" + num.literal(1) + " - " + a + " * " + a + ")";
            case LINEAR:
                return s;
            default:
                throw new IllegalStateException(activation + " has no stand-alone derivative");
        }
    }

    /** The formula for comments, e.g. {@code relu(z) = max(z, 0)}. */
    String formula() {
        switch (activation) {
            case RELU:
                return "relu(z) = max(z, 0)";
            case LEAKY_RELU:
                return "leaky_relu(z) = z > 0 ? z : " + alpha + " z";
            case SIGMOID:
                return "sigmoid(z) = 1 / (1 + e^-z)";
            case TANH:
                return "tanh(z)";
            case LINEAR:
                return "linear(z) = z";
            case SOFTMAX:
                return "softmax(z)_j = e^(z_j - max z) / sum_k e^(z_k - max z)";
            default:
                throw new AssertionError(activation);
        }
    }

    /** The derivative for comments, e.g. {@code relu'(z) = a > 0 ? 1 : 0}. */
    String derivativeFormula() {
        switch (activation) {
            case RELU:
                return "relu' = a > 0 ? 1 : 0";
            case LEAKY_RELU:
                return "leaky_relu' = a > 0 ? 1 : " + alpha;
            case SIGMOID:
                return "sigmoid' = a (1 - a)";
            case TANH:
                return "tanh' = 1 - a^2";
            case LINEAR:
                return "linear' = 1";
            default:
                throw new AssertionError(activation);
        }
    }
}
