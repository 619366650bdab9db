package org.fnnc.spark;

import java.util.Locale;

/** How a fit spreads training over the partitions. */
public enum TrainingAlgorithm {
    /**
     * Synchronous data-parallel training with periodic averaging: every partition runs the spec's optimizer on
     * its own rows for {@code syncEvery} local steps, then the driver averages parameters and optimizer state
     * weighted by rows. One Spark job per round. With one partition it is the single-machine trainer, bit for bit.
     */
    AVERAGING,
    /**
     * Exact minibatch gradients: every step's batch is drawn from all rows as the single-machine trainer draws
     * it, each partition sums the gradients of the batch's rows it holds, the driver adds them in partition
     * order and steps the optimizer. One Spark job per step: for large batches.
     */
    EXACT;

    /** The name as a param value: {@code averaging} or {@code exact}. */
    public String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TrainingAlgorithm of(String paramValue) {
        return valueOf(paramValue.toUpperCase(Locale.ROOT));
    }
}
