package org.fnnc.train;

import java.time.Duration;
import java.util.SplittableRandom;
import org.fnnc.network.Network;
import org.fnnc.spec.TrainingSpec;

/**
 * Trains a throw-away copy of a network on synthetic data in a background thread, so that the JIT compiles the
 * training path (the network's kernels, the optimizer's update) while the caller does something else, such as
 * loading the data. Until C2 has compiled them, Vector API kernels run 100 to 1000 times slower than compiled
 * (every vector is an object), which made the first epoch of a short run cost several later ones.
 *
 * <p>The network itself is never touched: the copy has parameters of its own ({@link Network#copy()}), so
 * what the real run computes does not depend on whether, or how long, the warm-up ran. It stops on
 * {@link #close()} or after its time limit, whichever comes first, and swallows any failure of its own (it is
 * an optimisation, never a reason for a run to fail).
 */
public final class WarmUp implements AutoCloseable {

    /** Synthetic batches per epoch of the warm-up: enough for the loop's per-epoch code to run now and then. */
    private static final int BATCHES = 8;

    private final Trainer trainer;
    private final Thread thread;

    private WarmUp(Trainer trainer, Thread thread) {
        this.trainer = trainer;
        this.thread = thread;
    }

    /**
     * Starts warming up {@code network}'s training with {@code settings} (optimizer, batch size; one thread) on a
     * daemon thread that runs for at most {@code limit}.
     */
    public static WarmUp start(Network network, TrainingSpec settings, Duration limit) {
        Network copy = network.copy();
        int n = settings.batchSize();
        int samples = n * BATCHES;
        SplittableRandom random = new SplittableRandom(settings.seed());
        float[] x = new float[samples * copy.inputSize()];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextDouble();
        }
        // Target 0 is valid for every loss: class 0, a negative label, a regression value.
        float[] t = new float[samples * copy.targetWidth()];
        TrainingData data = TrainingData.of(x, t, copy.inputSize(), copy.targetWidth());
        Trainer trainer = Trainer.builder(settings).epochs(Integer.MAX_VALUE / 2).patience(0).build();
        long deadline = System.nanoTime() + limit.toNanos();
        Thread thread = new Thread(() -> {
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
                trainer.requestStop();
            }, "fnnc-warm-up-limit");
            stopper.setDaemon(true);
            stopper.start();
            try {
                trainer.fit(copy, data, null);
            } catch (RuntimeException | StackOverflowError e) {
                // the copy diverged on synthetic data, or similar: the warm-up simply ends
            } finally {
                stopper.interrupt();
            }
        }, "fnnc-warm-up");
        thread.setDaemon(true);
        thread.start();
        return new WarmUp(trainer, thread);
    }

    /** Stops the warm-up after its current step and waits for its thread to end. */
    @Override
    public void close() {
        trainer.requestStop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
