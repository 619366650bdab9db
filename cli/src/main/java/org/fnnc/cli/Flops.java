package org.fnnc.cli;

import org.fnnc.spec.NetworkSpec;

/**
 * Floating-point operations per sample, counting 2 per multiply-add and only the matrix products (the
 * activations, biases and loss are O(units), negligible next to O(in x out)).
 */
final class Flops {

    private Flops() {
    }

    /** Forward pass: {@code z = W a + b} for every layer. */
    static long forward(NetworkSpec spec) {
        return 2 * spec.forwardMacs();
    }

    /**
     * Forward plus backward: the weight gradient {@code dW += d a^T} of every layer and the input gradient
     * {@code W^T d} of every layer but the first (nothing needs the gradient of the input).
     */
    static long trainingStep(NetworkSpec spec) {
        long firstLayer = (long) spec.input() * spec.layer(0).units();
        return 2 * spec.forwardMacs() + 2 * spec.forwardMacs() + 2 * (spec.forwardMacs() - firstLayer);
    }
}
