package org.fnnc.train;

import org.fnnc.network.Network;
import org.fnnc.network.Networks;

/**
 * One minibatch step of a run: gradient, divergence check, update; on the calling thread ({@link SerialStep})
 * or data-parallel ({@link DataParallelStep}).
 */
interface TrainingStep extends AutoCloseable {

    /**
     * The step for {@code network} with batches of up to {@code capacity} samples on {@code threads} threads,
     * updating with {@code optimizer} and asking {@code check} before every update.
     */
    static TrainingStep create(Network network, int capacity, int threads, Optimizer optimizer,
            DivergenceCheck check) {
        if (threads == 1) {
            return new SerialStep(Networks.batch(network, capacity), optimizer, check);
        }
        return new DataParallelStep(network, capacity, threads, optimizer, check);
    }

    /**
     * Sets {@code batch}'s network's gradients to the <em>sum</em> of the per-sample gradients of samples
     * {@code order[from .. from+count)} of {@code data} (zero for none) and returns the sum of their losses.
     */
    static double gradientSum(Networks.Batch batch, TrainingData data, int[] order, int from, int count) {
        if (count == 0) {
            batch.network().gradients().fill(0.0);
            return 0.0;
        }
        batch.gather(data, order, from, count);
        return batch.gradientSum(count);
    }

    /**
     * Gathers the samples {@code order[from .. from+count)}, computes their mean loss and mean gradient (left
     * in the network's gradients), passes both to the {@link DivergenceCheck} on the calling thread, and only
     * if it returns updates the parameters with the optimizer at learning rate {@code lr}.
     *
     * @return the mean loss
     * @throws TrainingDivergedException from the check, the parameters untouched by this step
     */
    double trainStep(TrainingData data, int[] order, int from, int count, double lr);

    /** Stops worker threads, if any. */
    @Override
    void close();
}
