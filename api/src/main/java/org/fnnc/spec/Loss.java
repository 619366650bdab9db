package org.fnnc.spec;

/** The training loss, always averaged over the samples of a minibatch. */
public enum Loss implements YamlEnum {
    /** {@code -log softmax(z)_y} for a class index {@code y}; requires a softmax output layer. */
    CROSS_ENTROPY,
    /** {@code -[t log s + (1-t) log(1-s)]} per output, {@code s = sigmoid(z)}; requires a sigmoid output layer. */
    BINARY_CROSS_ENTROPY,
    /** {@code 1/2 sum_j (a_j - t_j)^2} per sample (note the 1/2); any output activation but softmax. */
    MSE;
}
