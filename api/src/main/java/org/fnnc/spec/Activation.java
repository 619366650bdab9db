package org.fnnc.spec;

/** The activation function applied after a dense layer's affine map {@code z = W a + b}. */
public enum Activation implements YamlEnum {
    /** {@code 1 / (1 + e^-z)}; {@code f' = a (1 - a)}. */
    SIGMOID,
    /** {@code tanh z}; {@code f' = 1 - a^2}. */
    TANH,
    /** {@code max(0, z)}; {@code f'(z) = z > 0 ? 1 : 0} (so {@code f'(0) = 0}). */
    RELU,
    /** {@code z > 0 ? z : alpha z}; {@code f'(z) = z > 0 ? 1 : alpha} (so {@code f'(0) = alpha}). */
    LEAKY_RELU,
    /** {@code z}; {@code f' = 1}. */
    LINEAR,
    /** {@code e^z_j / sum_k e^z_k}, output layer only and only with cross-entropy (fused gradient). */
    SOFTMAX;

    /** The spelling used in spec files, e.g. {@code leaky_relu}. */
}
