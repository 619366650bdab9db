package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Precision;
import org.fnnc.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

/** {@code Trainer.Builder.threads}: data-parallel gradients, deterministic per thread count. */
class DataParallelTrainingTest {

    static NetworkSpec spec(Precision p) {
        return NetworkSpec.builder("Par").input(2).layer(LayerSpec.of(8, Activation.TANH))
                .layer(LayerSpec.of(3, Activation.SOFTMAX)).loss(Loss.CROSS_ENTROPY).precision(p).build();
    }

    static double[] train(Precision p, int threads, int batch) {
        return train(p, threads, batch, OptimizerKind.MOMENTUM, 0.05, 0);
    }

    static double[] train(Precision p, int threads, int batch, OptimizerKind o, double lr, double weightDecay) {
        Network net = Interpreter.create(spec(p));
        Trainer.builder(TrainingSpec.DEFAULT).optimizer(o).learningRate(lr).weightDecay(weightDecay)
                .batchSize(batch).epochs(3).seed(5).threads(threads).build()
                .fit(net, Fixtures.threeClasses(203, 1), null);
        return net.parameters().toArray();
    }

    @Test
    void sameSeedAndThreadCountGiveBitIdenticalParameters() {
        for (Precision p : Precision.values()) {
            for (int threads : new int[] {2, 3}) {
                assertArrayEquals(train(p, threads, 16), train(p, threads, 16), p + ", " + threads + " threads");
            }
        }
    }

    /** A stop request in the middle of an epoch (Ctrl-C in fnnc train) resumes bit for bit on N threads too. */
    @Test
    void stoppingMidEpochAndResumingOnThreadsIsBitIdentical() {
        for (Precision p : Precision.values()) {
            double[] whole = train(p, 2, 16, OptimizerKind.ADAM, 0.01, 1e-4);
            Network net = Interpreter.create(spec(p));
            Trainer[] self = new Trainer[1];
            self[0] = Trainer.builder(TrainingSpec.DEFAULT).optimizer(OptimizerKind.ADAM).learningRate(0.01)
                    .weightDecay(1e-4).batchSize(16).epochs(3).seed(5).threads(2)
                    .listener(new TrainingListener() {
                        @Override
                        public void onStep(int epoch, int step, int steps, double loss, double rate) {
                            if (epoch == 2 && step == 7) {
                                self[0].requestStop();
                            }
                        }
                    }).build();
            TrainingResult stopped = self[0].fit(net, Fixtures.threeClasses(203, 1), null);
            assertEquals(TrainingResult.StopReason.STOP_REQUESTED, stopped.stopReason());
            assertEquals(7, stopped.state().step());
            Network resumed = Interpreter.create(spec(p));
            Trainer.builder(TrainingSpec.DEFAULT).optimizer(OptimizerKind.ADAM).learningRate(0.01).weightDecay(1e-4)
                    .batchSize(16).epochs(3).seed(5).threads(2).build()
                    .resume(resumed, Fixtures.threeClasses(203, 1), null, stopped.state());
            assertArrayEquals(whole, resumed.parameters().toArray(), p.toString());
        }
    }

    /**
     * Shards only change the order in which per-sample gradients are summed. In double the difference is
     * rounding (~1e-16 per operation, a few thousand operations over 3 epochs: 1e-10 is ample); float
     * parameters round each update to 6e-8 of their size, and three epochs of momentum amplify that a little.
     */
    @Test
    void anyThreadCountMatchesOneThreadUpToRounding() {
        double[] one = train(Precision.DOUBLE, 1, 16);
        double[] oneFloat = train(Precision.FLOAT, 1, 16);
        for (int threads : new int[] {2, 3, 4}) {
            assertClose(one, train(Precision.DOUBLE, threads, 16), 1e-10);
            assertClose(oneFloat, train(Precision.FLOAT, threads, 16), 1e-4);
        }
        // More threads than samples in the last batch (203 = 12 * 16 + 11; batch 2 with 3 threads: empty shards).
        assertClose(train(Precision.DOUBLE, 1, 2), train(Precision.DOUBLE, 3, 2), 1e-10);
    }

    /**
     * The update is split between the threads by segment; against the 1-thread trainer (which steps the whole
     * parameters on one thread), every optimizer with weight decay must agree up to the rounding of the
     * reordered gradient sums: a few units in the last place per update, about 40 updates here, so 1e-12 of
     * the largest parameter in double and 1e-5 in float (ulp 6e-8). Adam divides by {@code sqrt(v) + 1e-8},
     * which turns an absolute gradient difference of 1e-17 into at most 1e-9 of a step. A missing shard, a
     * segment updated twice or a bias correction advanced per thread all miss by far more.
     */
    @Test
    void parallelUpdateMatchesOneThreadForEveryOptimizerWithWeightDecay() {
        for (OptimizerKind o : OptimizerKind.values()) {
            double lr = o == OptimizerKind.ADAM ? 0.01 : 0.05;
            double[] one = train(Precision.DOUBLE, 1, 16, o, lr, 0.01);
            double[] oneFloat = train(Precision.FLOAT, 1, 16, o, lr, 0.01);
            for (int threads : new int[] {2, 3}) {
                assertClose(one, train(Precision.DOUBLE, threads, 16, o, lr, 0.01), 1e-12);
                assertClose(oneFloat, train(Precision.FLOAT, threads, 16, o, lr, 0.01), 1e-5);
            }
        }
    }

    /** 203 samples of {@link Fixtures#threeClasses} with sample {@code poisoned}'s first feature replaced. */
    static TrainingData poisoned(int poisoned, float value) {
        TrainingData clean = Fixtures.threeClasses(203, 1);
        float[] x = new float[203 * 2];
        float[] t = new float[203];
        int[] all = new int[203];
        for (int k = 0; k < all.length; k++) {
            all[k] = k;
        }
        clean.gather(all, 0, 203, x, t);
        x[2 * poisoned] = value;
        return TrainingData.of(x, t, 2, 1);
    }

    /** Trains until divergence; returns the exception and leaves the parameters in {@code net}. */
    static TrainingDivergedException diverge(Network net, int threads, int batch, TrainingData data) {
        return assertThrows(TrainingDivergedException.class, () -> Trainer.builder(TrainingSpec.DEFAULT)
                .optimizer(OptimizerKind.ADAM).learningRate(0.01).batchSize(batch).epochs(3).seed(5).threads(threads)
                .build().fit(net, data, null));
    }

    /**
     * A NaN feature makes its step's loss and gradients NaN. The parallel trainer must stop at the same step
     * with the same diagnosis as the 1-thread trainer, before that step's update: with the whole data in
     * one batch the parameters are still the initial ones, bit for bit; with batches of 16 they agree with
     * the 1-thread run's (updated by the earlier steps only) up to rounding.
     */
    @Test
    void divergenceStopsBeforeTheUpdateWithTheOneThreadDiagnosis() {
        for (Precision p : Precision.values()) {
            for (int sample : new int[] {0, 150}) {
                TrainingData data = poisoned(sample, Float.NaN);
                Network oneNet = Interpreter.create(spec(p));
                double[] initial = oneNet.parameters().toArray();
                TrainingDivergedException one = diverge(oneNet, 1, 16, data);
                for (int threads : new int[] {2, 3}) {
                    Network net = Interpreter.create(spec(p));
                    TrainingDivergedException e = diverge(net, threads, 16, data);
                    assertEquals(one.getMessage(), e.getMessage(), p + ", " + threads + " threads");
                    assertEquals(one.epoch(), e.epoch());
                    assertEquals(one.step(), e.step());
                    assertEquals(one.layer(), e.layer());
                    assertClose(oneNet.parameters().toArray(), net.parameters().toArray(),
                            p == Precision.DOUBLE ? 1e-12 : 1e-5);

                    Network whole = Interpreter.create(spec(p));
                    TrainingDivergedException w = diverge(whole, threads, 203, data);
                    assertEquals(1, w.epoch());
                    assertEquals(1, w.step());
                    assertArrayEquals(initial, whole.parameters().toArray());
                }
                assertTrue(one.getMessage().contains("first non-finite gradient in layers.0"), one.getMessage());
            }
        }
    }

    /**
     * An exception in a worker (here from the data) is rethrown as is on the caller's thread at the end of
     * its step, and the run still stops every worker.
     */
    @Test
    void aWorkerFailureSurfacesOnTheCallersThreadAndStopsTheWorkers() {
        TrainingData clean = Fixtures.threeClasses(203, 1);
        RuntimeException boom = new IllegalStateException("disk gone");
        TrainingData failing = new TrainingData() {
            @Override
            public int size() {
                return clean.size();
            }

            @Override
            public int featureCount() {
                return clean.featureCount();
            }

            @Override
            public int targetWidth() {
                return clean.targetWidth();
            }

            @Override
            public void gather(int[] order, int from, int count, float[] x, float[] t) {
                failOnWorkerLate(from);
                clean.gather(order, from, count, x, t);
            }

            @Override
            public void gather(int[] order, int from, int count, double[] x, double[] t) {
                failOnWorkerLate(from);
                clean.gather(order, from, count, x, t);
            }

            private void failOnWorkerLate(int from) {
                if (Thread.currentThread().getName().startsWith("fnnc-trainer-shard-") && from > 100) {
                    throw boom;
                }
            }
        };
        for (Precision p : Precision.values()) {
            Network net = Interpreter.create(spec(p));
            Trainer trainer = Trainer.builder(TrainingSpec.DEFAULT).batchSize(16).epochs(2).threads(3).build();
            RuntimeException e = assertThrows(RuntimeException.class, () -> trainer.fit(net, failing, null));
            assertSame(boom, e);
            assertEquals(0, liveShardThreads(), "worker threads left running");
            // the trainer is reusable: a clean run afterwards completes
            trainer.fit(net, clean, null);
            assertEquals(0, liveShardThreads());
        }
    }

    private static long liveShardThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("fnnc-trainer-shard-")).count();
    }

    @Test
    void trainingActuallyHappensOnEveryShard() {
        double[] start = Interpreter.create(spec(Precision.DOUBLE)).parameters().toArray();
        double[] trained = train(Precision.DOUBLE, 2, 16);
        double moved = 0;
        for (int k = 0; k < start.length; k++) {
            moved = Math.max(moved, Math.abs(start[k] - trained[k]));
        }
        assertTrue(moved > 1e-3, "parameters moved by " + moved);
    }

    @Test
    void interpreterSharesParametersButNotGradients() {
        FloatNetwork a = Interpreter.createFloat(spec(Precision.FLOAT));
        Network b = a.sharingParameters();
        assertSame(a.parameters(), b.parameters());
        assertNotSame(a.gradients(), b.gradients());
        float[] x = {1, 2};
        float[] t = {1};
        ((FloatNetwork) b).accumulateGradients(x, t, 1);
        assertEquals(0.0, maxAbs(a.gradients().toArray()));
        assertTrue(maxAbs(b.gradients().toArray()) > 0);
    }

    @Test
    void badThreadCountsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(TrainingSpec.DEFAULT).threads(0));
        assertTrue(e.getMessage().contains("threads must be a positive number: 0"), e.getMessage());
    }

    /**
     * The workers train copies ({@link Network#copy()}), so any network with a copy trains on threads; a
     * hand-written one without {@code sharingParameters} agrees with its 1-thread run up to float rounding.
     */
    @Test
    void aNetworkWithOnlyACopyTrainsOnThreads() {
        double[][] params = new double[2][];
        for (int threads : new int[] {1, 2}) {
            SoftmaxRegression net = new SoftmaxRegression(2, 3);
            Trainer.builder(TrainingSpec.DEFAULT).optimizer(OptimizerKind.MOMENTUM).learningRate(0.05)
                    .batchSize(16).epochs(3).seed(5).threads(threads).build()
                    .fit(net, Fixtures.threeClasses(203, 1), null);
            params[threads - 1] = net.parameters().toArray();
        }
        assertTrue(maxAbs(params[0]) > 0.1, "trained");
        assertClose(params[0], params[1], 1e-4);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    private static void assertClose(double[] expected, double[] actual, double tol) {
        double scale = maxAbs(expected);
        for (int k = 0; k < expected.length; k++) {
            double err = Math.abs(expected[k] - actual[k]) / scale;
            int index = k;
            assertTrue(err <= tol, () -> "parameter " + index + ": " + expected[index] + " vs " + actual[index]);
        }
    }
}
