package org.fnnc.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What every partition gets, by broadcast, for one round of periodic averaging: the averaged parameters and
 * optimizer state, the epoch's learning rate, and per partition the shuffling generator's state at the start
 * of the epoch and the steps of the epoch to take. The same input gives the same result on any attempt.
 *
 * @param parameters     canonical order
 * @param optimizerState {@code Optimizer.state()}
 * @param epoch          from 1, for messages
 * @param epochRng       per partition, the generator state before the epoch's shuffle
 * @param fromStep       per partition, the first step of the round
 * @param toStep         per partition, one past the last step of the round
 */
record RoundInput(double[] parameters, Map<String, double[]> optimizerState, double learningRate, int batchSize,
        int epoch, long[] epochRng, int[] fromStep, int[] toStep) implements Serializable {
}
