package org.fnnc.spark;

import java.io.Serializable;

/**
 * One partition's part of an exact minibatch gradient: how many of the batch's rows it holds, the sum of their
 * losses and of their gradients (canonical order; {@code null} when it holds none).
 */
record GradientSum(int partition, int count, double lossSum, double[] gradient) implements Serializable {
}
