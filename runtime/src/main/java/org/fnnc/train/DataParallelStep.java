package org.fnnc.train;

import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.network.Parameters;

/**
 * Data-parallel training steps over a fixed number of threads; thread 0 is the caller's, threads 1.. are
 * daemon workers. Thread k trains replica k: replica 0 is the trained network itself, replica k a
 * {@linkplain Network#copy() copy} with parameters, gradients and optimizer of its own, made equal to replica 0
 * at the first step (after any restore of a checkpoint). Each step runs in phases separated by a
 * {@link SpinBarrier}:
 *
 * <ol>
 *   <li>gradient: the batch of {@code count} samples is cut into {@code threads} contiguous shards (the first
 *       {@code count % threads} one sample larger); thread k gathers shard k and sums its gradient on replica k;</li>
 *   <li>reduce: the parameter segments are split between the threads by element count
 *       ({@link SegmentMap#split}); for its segments thread k adds the shard gradients in shard order 0, 1, 2,
 *       ..., scales the sums to the mean, checks that they are finite and writes them into every replica's
 *       gradients (the same bits as summing and then scaling, as the one-thread step does), walking its segments
 *       in the order that times faster ({@link SegmentOrder}: the network's arrays and its copies' can lie in
 *       opposite address orders after a collection);</li>
 *   <li>check, on thread 0 only: the {@link DivergenceCheck} sees the mean loss and the finiteness; if it
 *       throws, no thread updates anything;</li>
 *   <li>update: thread k steps its own optimizer over all of replica k's parameters.</li>
 * </ol>
 *
 * Why replicas, when one set of parameters would do: a core writing cache lines that another core has read
 * since waits for each line to be taken from the other (measured on a 2-core Zen 5 VM, family 26 model 2:
 * 68 us to update 100k floats that the other core had read, 6 us when it had not). With shared parameters
 * each thread's update wrote lines both had read in the forward pass, and the shard gradients were read by
 * one thread and then rewritten by their owner. Here every line is either private to one thread or read and
 * then written by each thread in turn (which the cores hand over cheaply); the price is the update done once
 * per replica (local, vectorised) and the reduce writing the sums once per replica.
 *
 * <p>Every element is reduced in the same order whichever thread does it and every replica takes the same
 * operations, so the replicas stay bit-identical, the same seed and thread count give bit-identical parameters,
 * and any thread count gives the 1-thread result up to rounding. A failure in a worker is rethrown on the
 * caller's thread at the end of the step. Nothing is allocated per step after the first.
 */
final class DataParallelStep implements TrainingStep {

    private final Networks.Batch[] shards;
    private final Parameters[] replicas;
    private final Parameters[] shardGrads;
    private final Parameters.Summation sum;
    private final Optimizer[] optimizers;
    /** Per thread: the order its reduce walks its segments in (see {@link SegmentOrder}). */
    private final SegmentOrder[] reduceOrders;
    private final int[] bounds;
    private final DivergenceCheck check;
    private final SpinBarrier barrier;
    private final Thread[] workers;
    private final double[] losses;
    private final boolean[] finite;
    private final Throwable[] failures;
    /** Whether replicas 1.. have been made equal to replica 0 (at the first step). */
    private boolean synchronised;
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
        this.replicas = new Parameters[threads];
        this.shardGrads = new Parameters[threads];
        shards[0] = Networks.batch(network, perShard);
        for (int k = 1; k < threads; k++) {
            shards[k] = Networks.batch(network.copy(), perShard);
        }
        for (int k = 0; k < threads; k++) {
            replicas[k] = shards[k].network().parameters();
            shardGrads[k] = shards[k].network().gradients();
        }
        this.sum = Parameters.summation(shardGrads);
        this.optimizers = new Optimizer[threads];
        optimizers[0] = optimizer;
        this.reduceOrders = new SegmentOrder[threads];
        for (int k = 0; k < threads; k++) {
            reduceOrders[k] = new SegmentOrder();
        }
        this.check = check;
        this.bounds = new SegmentMap(replicas[0].layout()).split(threads);
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
        if (!synchronised) {
            // here rather than in the constructor: the trainer restores a checkpoint after creating the step
            for (int k = 1; k < shards.length; k++) {
                replicas[k].copyFrom(replicas[0]);
                optimizers[k] = optimizers[0].copy();
            }
            synchronised = true;
        }
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

    /**
     * Phase 2: for thread k's segments, the shard gradients summed in shard order, scaled to the mean, checked
     * and written into every replica's gradients. Scaling here rather than in a pass of its own in the update
     * saves each thread a read and write of all the gradients per step.
     */
    private void reduce(int k) {
        int a = bounds[k];
        int b = bounds[k + 1];
        SegmentOrder order = reduceOrders[k];
        try {
            finite[k] = sum.sumInto(a, b, 1.0 / count, order.begin());
            order.end();
        } catch (RuntimeException | Error e) {
            fail(k, e);
        }
    }

    /** Phase 4: replica k's mean gradient and optimizer step over all its parameters. */
    private void update(int k) {
        try {
            optimizers[k].step(replicas[k], shardGrads[k], lr);
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
