package org.fnnc.spark;

import java.io.Serializable;
import java.util.Map;
import org.fnnc.train.TrainingDivergedException;

/**
 * One partition's outcome of a round: its parameters and optimizer state after its local steps, the sum of
 * its batches' losses (times their sizes), the generator state after the epoch's shuffle, or the divergence
 * that stopped it (the parameters then are the round's input).
 */
record RoundResult(int partition, int rows, double[] parameters, Map<String, double[]> optimizerState,
        double lossSum, long rngAfterShuffle, TrainingDivergedException diverged) implements Serializable {
}
