package org.fnnc.spec;

import java.util.Objects;

/**
 * One dense layer: {@code z = W a_prev + b}, {@code a = f(z)}.
 *
 * @param units      number of outputs of the layer (&gt; 0)
 * @param activation the activation {@code f}
 * @param alpha      slope for negative inputs of {@link Activation#LEAKY_RELU}; 0 for every other activation
 * @param unroll     generator override for this layer; {@link UnrollMode#AUTO} defers to the network setting
 */
public record LayerSpec(int units, Activation activation, double alpha, UnrollMode unroll) {

    /** Default slope of leaky_relu. */
    public static final double DEFAULT_LEAKY_ALPHA = 0.01;

    public LayerSpec {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(unroll, "unroll");
        if (units <= 0) {
            throw new IllegalArgumentException("units must be positive: " + units);
        }
        if (activation != Activation.LEAKY_RELU) {
            alpha = 0.0;
        } else if (!(alpha >= 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("leaky_relu alpha must be in [0, 1): " + alpha);
        }
    }

    /** A layer with default alpha and no unroll override. */
    public static LayerSpec of(int units, Activation activation) {
        return new LayerSpec(units, activation, DEFAULT_LEAKY_ALPHA, UnrollMode.AUTO);
    }

    /** A leaky_relu layer with the given slope. */
    public static LayerSpec leakyRelu(int units, double alpha) {
        return new LayerSpec(units, Activation.LEAKY_RELU, alpha, UnrollMode.AUTO);
    }

    public LayerSpec withUnroll(UnrollMode mode) {
        return new LayerSpec(units, activation, alpha, mode);
    }
}
