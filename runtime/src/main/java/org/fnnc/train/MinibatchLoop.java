package org.fnnc.train;

import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.network.Parameters;

/**
 * The {@link Trainer}'s single-threaded minibatch loop as a building block for drivers that spread training
 * over machines (fnnc-spark runs it on every partition): steps {@code from .. to-1} of an epoch over data in
 * a given order take exactly the steps {@link Trainer#fit} takes with one thread, so equal inputs give
 * equal bits. A non-finite loss or gradient throws {@link TrainingDivergedException} before the update, as
 * in the trainer. Not thread-safe; a step allocates nothing.
 */
public final class MinibatchLoop {

    private final Network network;
    private final Parameters params;
    private final Parameters grads;
    private final Optimizer optimizer;
    private final Networks.Batch batch;
    private final SerialStep step;
    private int epoch;
    private int stepIndex;
    private int steps;
    private double lr;

    /**
     * A loop training {@code network} in place with {@code optimizer} on batches of up to {@code capacity}
     * samples ({@link #batchSize} of the data it will see); {@code optimizer} may be null for a loop that only
     * {@link #accumulate}s.
     */
    public MinibatchLoop(Network network, int capacity, Optimizer optimizer) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("batch capacity must be positive: " + capacity);
        }
        this.network = network;
        this.params = network.parameters();
        this.grads = network.gradients();
        this.optimizer = optimizer;
        this.batch = Networks.batch(network, capacity);
        this.step = new SerialStep(batch, optimizer, this::verify);
    }

    /** The batch size the trainer uses for {@code samples} samples: {@code min(batchSize, samples)}. */
    public static int batchSize(int batchSize, int samples) {
        return Math.min(batchSize, samples);
    }

    /** Minibatches per epoch over {@code samples} samples, the last one possibly partial. */
    public static int stepsPerEpoch(int batchSize, int samples) {
        int b = batchSize(batchSize, samples);
        return (samples + b - 1) / b;
    }

    /**
     * Trains steps {@code fromStep .. toStep-1} of epoch {@code epoch} (from 1, for messages) over
     * {@code data} in {@code order} (the epoch's permutation of {@code 0 .. data.size()-1}) with batches of
     * {@code batchSize(batchSize, data.size())} samples at learning rate {@code lr}.
     *
     * @return the sum over the steps of the mean loss times the batch's size (the trainer's epoch loss sum)
     * @throws TrainingDivergedException at the first step whose loss or gradient is not finite
     */
    public double train(TrainingData data, int[] order, int batchSize, int fromStep, int toStep, double lr, int epoch) {
        int n = data.size();
        int batch = batchSize(batchSize, n);
        this.steps = stepsPerEpoch(batchSize, n);
        this.epoch = epoch;
        this.lr = lr;
        double lossSum = 0;
        for (int s = fromStep; s < toStep; s++) {
            stepIndex = s;
            int from = s * batch;
            int count = Math.min(batch, n - from);
            lossSum += step.trainStep(data, order, from, count, lr) * count;
        }
        return lossSum;
    }

    /**
     * Sets the network's gradients to the <em>sum</em> of the per-sample gradients of samples
     * {@code order[from .. from+count)} (zero for none) and returns the sum of their losses; parameters untouched.
     */
    public double accumulate(TrainingData data, int[] order, int from, int count) {
        return TrainingStep.gradientSum(batch, data, order, from, count);
    }

    /**
     * One update from a mean gradient computed elsewhere and left in the network's gradients: checks it and
     * {@code meanLoss} as the trainer does, then steps the optimizer at {@code lr}.
     *
     * @throws TrainingDivergedException if the loss or a gradient is not finite; the parameters untouched
     */
    public void update(double meanLoss, double lr, int epoch, int step, int steps) {
        this.epoch = epoch;
        this.stepIndex = step - 1;
        this.steps = steps;
        this.lr = lr;
        verify(meanLoss, !grads.hasNonFinite());
        optimizer.step(params, grads, lr);
    }

    /** The trainer's divergence check, naming this loop's epoch and step. */
    private void verify(double loss, boolean gradientsFinite) {
        if (!Double.isFinite(loss) || !gradientsFinite) {
            TrainingDivergedException e = TrainingDivergedException.diagnose(network, epoch, stepIndex + 1, steps,
                    loss, lr);
            if (e != null) {
                throw e;
            }
        }
    }
}
