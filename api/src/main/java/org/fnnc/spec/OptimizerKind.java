package org.fnnc.spec;

/** The optimizer algorithm named in a spec's training section. */
public enum OptimizerKind implements YamlEnum {
    /** {@code w -= lr * g}. */
    SGD,
    /** Heavy-ball momentum: {@code v = mu v + g; w -= lr v}. */
    MOMENTUM,
    /** Nesterov momentum: {@code v = mu v + g; w -= lr (g + mu v)}. */
    NESTEROV,
    /** Kingma and Ba (2015), with bias correction. */
    ADAM;
}
