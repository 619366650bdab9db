package org.fnnc.train;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import org.fnnc.network.Network;

/**
 * Data-parallel gradients over a fixed number of threads. A batch of {@code count} samples is cut into
 * {@code threads} contiguous shards (the first {@code count % threads} one sample larger); shard 0 runs on
 * the caller's thread on the trained network itself, shard k on worker k over a network that shares the
 * parameters ({@link Network#sharingParameters()}) with gradients of its own. The shard sums are then added
 * into the trained network's gradients in shard order 1, 2, ... and scaled to the mean: the same seed and
 * thread count give bit-identical parameters, and any thread count gives the 1-thread result up to rounding.
 *
 * <p>Workers are daemon threads parked on a barrier between steps; nothing is allocated per step.
 */
final class DataParallelLane implements GradientStep {

    private final Lane[] shards;
    private final Thread[] workers;
    private final CyclicBarrier start;
    private final CyclicBarrier done;
    private final double[] losses;
    private final Throwable[] failures;
    private volatile boolean closed;
    // The step being run, published to the workers by the start barrier.
    private TrainingData data;
    private int[] order;
    private int from;
    private int count;

    DataParallelLane(Network network, int capacity, int threads) {
        int perShard = (capacity + threads - 1) / threads;
        this.shards = new Lane[threads];
        shards[0] = Lane.of(network, perShard);
        for (int k = 1; k < threads; k++) {
            shards[k] = Lane.of(network.sharingParameters(), perShard);
        }
        this.losses = new double[threads];
        this.failures = new Throwable[threads];
        this.start = new CyclicBarrier(threads);
        this.done = new CyclicBarrier(threads);
        this.workers = new Thread[threads - 1];
        for (int k = 1; k < threads; k++) {
            int shard = k;
            Thread t = new Thread(() -> work(shard), "fnnc-trainer-shard-" + k);
            t.setDaemon(true);
            workers[k - 1] = t;
            t.start();
        }
    }

    private void work(int shard) {
        while (true) {
            await(start);
            if (closed) {
                return;
            }
            runShard(shard);
            await(done);
        }
    }

    private void runShard(int shard) {
        int threads = shards.length;
        int base = count / threads;
        int extra = count % threads;
        int first = from + shard * base + Math.min(shard, extra);
        int size = base + (shard < extra ? 1 : 0);
        try {
            losses[shard] = shards[shard].accumulate(data, order, first, size);
            failures[shard] = null;
        } catch (RuntimeException | Error e) {
            failures[shard] = e;
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("data-parallel training was interrupted", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("a data-parallel training thread failed", e);
        }
    }

    @Override
    public double trainStep(TrainingData data, int[] order, int from, int count) {
        this.data = data;
        this.order = order;
        this.from = from;
        this.count = count;
        await(start);
        runShard(0);
        await(done);
        double loss = 0;
        for (int k = 0; k < shards.length; k++) {
            Throwable f = failures[k];
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            loss += losses[k];
        }
        Lane main = shards[0];
        for (int k = 1; k < shards.length; k++) {
            main.addGradients(shards[k]);
        }
        main.scaleGradients(1.0 / count);
        return loss / count;
    }

    @Override
    public double gradientSum() {
        return shards[0].gradientSum();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        await(start);
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
