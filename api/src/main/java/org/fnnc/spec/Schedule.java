package org.fnnc.spec;

/** Learning-rate schedule, evaluated once per epoch. */
public enum Schedule implements YamlEnum {
    /** {@code lr}. */
    CONSTANT,
    /** {@code lr * gamma^floor(epoch / step_size)}. */
    STEP,
    /** {@code min_lr + (lr - min_lr) (1 + cos(pi epoch / epochs)) / 2}. */
    COSINE;
}
