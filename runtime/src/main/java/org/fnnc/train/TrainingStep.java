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
