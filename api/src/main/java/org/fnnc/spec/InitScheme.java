package org.fnnc.spec;

/** How weights are initialised. Biases always start at zero. */
public enum InitScheme implements YamlEnum {
    /** Xavier for sigmoid, tanh, linear and softmax layers; He for relu and leaky_relu layers. */
    AUTO,
    /** Glorot and Bengio (2010): {@code U(-r, r)}, {@code r = sqrt(6 / (in + out))}. */
    XAVIER,
    /** He et al. (2015): {@code N(0, sqrt(2 / in))}. */
    HE,
    /** {@code U(-range, range)}. */
    UNIFORM,
    /** {@code N(0, stddev)}. */
    NORMAL;
}
