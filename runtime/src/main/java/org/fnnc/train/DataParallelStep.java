package org.fnnc.train;

import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.network.Parameters;

/**
 * Data-parallel training steps over a fixed number of threads; thread 0 is the caller's, threads 1.. are
 * daemon workers. Each step runs in phases separated by a {@link SpinBarrier}:
 *
 * <ol>
 *   <li>gradient: the batch of {@code count} samples is cut into {@code threads} contiguous shards (the first
 *       {@code count % threads} one sample larger); thread k gathers shard k and sums its gradient, thread 0
 *       on the trained network itself, thread k on a network sharing its parameters
 *       ({@link Network#sharingParameters()}) with gradients of its own;</li>
 *   <li>reduce: the parameter segments are split between the threads by element count
 *       ({@link SegmentMap#split}); thread k adds the shard gradients of its segments into the trained
 *       network's, in shard order 1, 2, ..., scales them to the mean, checking that they are finite;</li>
 *   <li>check, on thread 0 only: the {@link DivergenceCheck} sees the mean loss and the finiteness; if it
 *       throws, no thread updates anything. Else the optimizer {@linkplain Optimizer#advance() advances} once;</li>
 *   <li>update: thread k applies the optimizer to its own segments ({@link Optimizer.Slice}).</li>
 * </ol>
 *
 * Every element is reduced in the same order whichever thread does it, so the same seed and thread count give
 * bit-identical parameters, and any thread count gives the 1-thread result up to rounding. A failure in a
 * worker is rethrown on the caller's thread at the end of the step. Nothing is allocated per step.
 */
final class DataParallelStep implements TrainingStep {

    private final Networks.Batch[] shards;
    private final Parameters params;
    private final Parameters grads;
    private final Parameters[] shardGrads;
    private final Optimizer optimizer;
    private final Optimizer.Slice[] slices;
    private final int[] bounds;
    private final DivergenceCheck check;
    private final SpinBarrier barrier;
    private final Thread[] workers;
    private final double[] losses;
    private final boolean[] finite;
    private final Throwable[] failures;
    // The step being run, published to the workers by the barrier.
    private TrainingData data;
    private int[] order;
    private int from;
    private int count;
    private double lr;
    private boolean update;

    DataParallelStep(Network network, int capacity, int threads, Optimizer optimizer, DivergenceCheck check) {
        int perShard = (capacity + threads - 1) / threads;
        this.shards = new Networks.Batch[threads];
        this.shardGrads = new Parameters[threads];
        shards[0] = Networks.batch(network, perShard);
        for (int k = 1; k < threads; k++) {
            shards[k] = Networks.batch(network.sharingParameters(), perShard);
        }
        for (int k = 0; k < threads; k++) {
            shardGrads[k] = shards[k].network().gradients();
        }
        this.params = network.parameters();
        this.grads = shardGrads[0];
        this.optimizer = optimizer;
        this.check = check;
        this.bounds = new SegmentMap(params.layout()).split(threads);
        this.slices = new Optimizer.Slice[threads];
        for (int k = 0; k < threads; k++) {
            slices[k] = optimizer.slice(bounds[k], bounds[k + 1]);
        }
        this.losses = new double[threads];
        this.finite = new boolean[threads];
        this.failures = new Throwable[threads];
        this.barrier = new SpinBarrier(threads);
        this.workers = new Thread[threads - 1];
        for (int k = 1; k < threads; k++) {
            int thread = k;
            Thread t = new Thread(() -> work(thread), "fnnc-trainer-shard-" + k);
            t.setDaemon(true);
            workers[k - 1] = t;
            t.start();
        }
    }

    /** A worker's loop: the phases of {@link #trainStep} in step with thread 0, until the barrier breaks. */
    private void work(int k) {
        while (barrier.await(k)) {
            gradient(k);
            if (!barrier.await(k)) {
                return;
            }
            reduce(k);
            // the second await: thread 0 has checked the step and published `update`
            if (!barrier.await(k) || !barrier.await(k)) {
                return;
            }
            if (update) {
                update(k);
            }
            if (!barrier.await(k)) {
                return;
            }
        }
    }

    @Override
    public double trainStep(TrainingData data, int[] order, int from, int count, double lr) {
        this.data = data;
        this.order = order;
        this.from = from;
        this.count = count;
        this.lr = lr;
        await();
        gradient(0);
        await();
        reduce(0);
        await();
        Throwable failure = firstFailure();
        double loss = 0;
        if (failure == null) {
            boolean gradientsFinite = true;
            for (int k = 0; k < shards.length; k++) {
                loss += losses[k];
                gradientsFinite &= finite[k];
            }
            loss /= count;
            try {
                check.verify(loss, gradientsFinite);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }
        update = failure == null;
        if (update) {
            optimizer.advance();
        }
        await();
        if (update) {
            update(0);
        }
        await();
        if (failure == null) {
            failure = firstFailure();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return loss;
    }

    /** Phase 1: shard k's gradient sum and summed loss. */
    private void gradient(int k) {
        failures[k] = null;
        int threads = shards.length;
        int base = count / threads;
        int extra = count % threads;
        int first = from + k * base + Math.min(k, extra);
        int size = base + (k < extra ? 1 : 0);
        try {
            losses[k] = TrainingStep.gradientSum(shards[k], data, order, first, size);
        } catch (RuntimeException | Error e) {
            failures[k] = e;
        }
    }

    /** Phase 2: the mean gradient of thread k's segments, reduced in shard order, and whether it is finite. */
    private void reduce(int k) {
        int a = bounds[k];
        int b = bounds[k + 1];
        try {
            for (int j = 1; j < shards.length; j++) {
                grads.add(shardGrads[j], a, b);
            }
            finite[k] = grads.scaleFinite(1.0 / count, a, b);
        } catch (RuntimeException | Error e) {
            fail(k, e);
        }
    }

    /** Phase 4: the optimizer's update of thread k's segments. */
    private void update(int k) {
        try {
            slices[k].update(params, grads, lr);
        } catch (RuntimeException | Error e) {
            fail(k, e);
        }
    }

    private void fail(int k, Throwable e) {
        if (failures[k] == null) {
            failures[k] = e;
        }
    }

    private Throwable firstFailure() {
        for (Throwable f : failures) {
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private void await() {
        if (!barrier.await(0)) {
            throw new IllegalStateException("data-parallel training threads were stopped");
        }
    }

    @Override
    public void close() {
        barrier.breakBarrier();
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
