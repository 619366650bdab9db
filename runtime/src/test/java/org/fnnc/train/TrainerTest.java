package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.train.TrainingResult.StopReason;
import org.junit.jupiter.api.Test;

class TrainerTest {

    static Trainer.Builder builder() {
        return Trainer.builder(TrainingSpec.DEFAULT);
    }

    @Test
    void softmaxRegressionSeparatesThreeClasses() {
        SoftmaxRegression net = new SoftmaxRegression(2, 3);
        TrainingResult r = builder().learningRate(0.1).batchSize(16).epochs(15).build()
                .fit(net, Fixtures.threeClasses(300, 1), Fixtures.threeClasses(150, 2));
        assertEquals(StopReason.COMPLETED, r.stopReason());
        assertEquals(15, r.epochs().size());
        assertTrue(r.finalValidation().accuracy() >= 0.99, "validation accuracy " + r.finalValidation().accuracy());
        assertEquals(150, r.finalValidation().confusion().total());
        assertTrue(Evaluator.evaluate(net, Fixtures.threeClasses(300, 3)).accuracy() >= 0.99);
        assertTrue(r.epochs().get(14).trainLoss() < r.epochs().get(0).trainLoss());
    }

    @Test
    void linearRegressionRecoversTheCoefficients() {
        DenseDouble net = DenseDouble.linear(3, 2);
        TrainingResult r = builder().optimizer(OptimizerKind.MOMENTUM).learningRate(0.05).batchSize(8).epochs(40)
                .build().fit(net, Fixtures.linear(200, 4), Fixtures.linear(50, 5));
        DoubleParameters p = net.parameters();
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(Fixtures.A[j][i], p.getWeight(0, j, i), 1e-4, "W[" + j + "][" + i + "]");
            }
            assertEquals(Fixtures.C[j], p.getBias(0, j), 1e-4, "b[" + j + "]");
        }
        Metrics m = r.finalValidation();
        assertFalse(m.isClassification());
        assertTrue(m.meanSquaredError() < 1e-8 && m.meanAbsoluteError() < 1e-4, m.toString());
    }

    static double[] train(long seed, Trainer.Builder b) {
        SoftmaxRegression net = new SoftmaxRegression(2, 3);
        Fixtures.randomize(net.parameters(), 9, 0.1);
        b.seed(seed).build().fit(net, Fixtures.threeClasses(100, 1), null);
        return net.parameters().toArray();
    }

    @Test
    void theSeedDeterminesTheRun() {
        Trainer.Builder b = builder().optimizer(OptimizerKind.ADAM).learningRate(0.01).batchSize(7).epochs(3);
        assertArrayEquals(train(5, b), train(5, b));
        assertFalse(Arrays.equals(train(5, b), train(6, b)));
    }

    /** Float softmax, Adam, early stopping bookkeeping on: resume at a checkpoint (and via a file-like round trip). */
    @Test
    void resumingFromACheckpointIsBitIdentical() {
        TrainingData train = Fixtures.threeClasses(90, 1);
        TrainingData val = Fixtures.threeClasses(30, 2);
        List<TrainingState> saved = new ArrayList<>();
        Trainer.Builder b = builder().optimizer(OptimizerKind.ADAM).learningRate(0.02).batchSize(8).epochs(6)
                .patience(10).schedule(Schedule.COSINE).seed(3);
        SoftmaxRegression a = new SoftmaxRegression(2, 3);
        Fixtures.randomize(a.parameters(), 9, 0.3);
        TrainingResult full = b.checkpoint(saved::add, 3).build().fit(a, train, val);
        assertEquals(2, saved.size());
        TrainingState atThree = saved.get(0);
        assertEquals(3, atThree.epoch());
        assertEquals(0, atThree.step());

        // through the flat form a checkpoint file would store
        TrainingState reread = TrainingState.fromTensors(atThree.tensors(a.parameters().layout()),
                atThree.metadata(), a.parameters().layout());
        SoftmaxRegression c = new SoftmaxRegression(2, 3);
        TrainingResult resumed = builder().optimizer(OptimizerKind.ADAM).learningRate(0.02).batchSize(8).epochs(6)
                .patience(10).schedule(Schedule.COSINE).seed(3).build().resume(c, train, val, reread);
        assertArrayEquals(a.parameters().toArray(), c.parameters().toArray());
        assertEquals(3, resumed.epochs().size());
        assertEquals(4, resumed.epochs().get(0).epoch());
        assertEquals(full.epochs().get(5).trainLoss(), resumed.epochs().get(2).trainLoss());
        assertEquals(full.bestEpoch(), resumed.bestEpoch());
    }

    /** Double linear regression, Nesterov: a stop request in the middle of an epoch resumes exactly. */
    @Test
    void resumingInTheMiddleOfAnEpochIsBitIdentical() {
        TrainingData train = Fixtures.linear(50, 4);
        Trainer.Builder b = builder().optimizer(OptimizerKind.NESTEROV).learningRate(0.05).batchSize(6).epochs(4)
                .weightDecay(1e-3).schedule(Schedule.STEP).stepSize(1).gamma(0.7);
        DenseDouble a = DenseDouble.linear(3, 2);
        TrainingResult full = b.build().fit(a, train, null);

        DenseDouble d = DenseDouble.linear(3, 2);
        List<Integer> stopAt = new ArrayList<>();
        Trainer[] self = new Trainer[1];
        self[0] = b.listener(new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int steps, double loss, double rate) {
                if (epoch == 2 && step == 5) {
                    stopAt.add(step);
                    self[0].requestStop();
                }
            }
        }).build();
        TrainingResult stopped = self[0].fit(d, train, null);
        assertEquals(StopReason.STOP_REQUESTED, stopped.stopReason());
        assertEquals(List.of(5), stopAt);
        assertEquals(1, stopped.state().epoch());
        assertEquals(5, stopped.state().step());

        DenseDouble e = DenseDouble.linear(3, 2);
        TrainingResult rest = builder().optimizer(OptimizerKind.NESTEROV).learningRate(0.05).batchSize(6).epochs(4)
                .weightDecay(1e-3).schedule(Schedule.STEP).stepSize(1).gamma(0.7).build()
                .resume(e, train, null, stopped.state());
        assertArrayEquals(a.parameters().toArray(), e.parameters().toArray());
        assertEquals(full.epochs().get(1).trainLoss(), rest.epochs().get(0).trainLoss());
        assertEquals(2, rest.epochs().get(0).epoch());
    }

    @Test
    void resumeRejectsAStateOfAnotherRun() {
        TrainingData train = Fixtures.threeClasses(30, 1);
        List<TrainingState> saved = new ArrayList<>();
        builder().epochs(1).checkpoint(saved::add, 1).build().fit(new SoftmaxRegression(2, 3), train, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder()
                .optimizer(OptimizerKind.ADAM).build().resume(new SoftmaxRegression(2, 3), train, null, saved.get(0)));
        assertTrue(e.getMessage().contains("optimizer sgd") && e.getMessage().contains("optimizer adam"),
                e.getMessage());
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestParameters() {
        TrainingData train = Fixtures.threeClasses(90, 1);
        // the same kind of inputs with every label moved to the next class: learning makes validation worse
        TrainingData plain = Fixtures.threeClasses(60, 2);
        float[] x = new float[120];
        float[] t = new float[60];
        plain.gather(java.util.stream.IntStream.range(0, 60).toArray(), 0, 60, x, t);
        for (int s = 0; s < 60; s++) {
            t[s] = (t[s] + 1) % 3;
        }
        TrainingData val = TrainingData.of(x, t, 2, 1);
        SoftmaxRegression net = new SoftmaxRegression(2, 3);
        List<double[]> afterEpoch = new ArrayList<>();
        TrainingResult r = builder().learningRate(0.05).batchSize(10).epochs(30).patience(3)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult result) {
                        afterEpoch.add(net.parameters().toArray());
                    }
                }).build().fit(net, train, val);
        assertEquals(StopReason.EARLY_STOPPED, r.stopReason());
        int best = 1;
        for (EpochResult e : r.epochs()) {
            if (e.validationLoss() < r.epochs().get(best - 1).validationLoss()) {
                best = e.epoch();
            }
        }
        assertEquals(best, r.bestEpoch());
        assertEquals(best + 3, r.epochs().size());
        assertArrayEquals(afterEpoch.get(best - 1), net.parameters().toArray());
        assertEquals(r.epochs().get(best - 1).validationLoss(), r.finalValidation().loss(), 1e-7);
    }

    @Test
    void earlyStoppingWithoutValidationDataIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder().patience(2).build()
                .fit(new SoftmaxRegression(2, 3), Fixtures.threeClasses(30, 1), null));
        assertTrue(e.getMessage().contains("needs validation data"), e.getMessage());
    }

    @Test
    void aHugeLearningRateDivergesWithoutCorruptingTheParameters() {
        DenseDouble net = DenseDouble.linear(3, 2);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> builder().learningRate(1e3).batchSize(5).epochs(50).build().fit(net, Fixtures.linear(50, 4), null));
        assertTrue(e.getMessage().matches("training diverged in epoch \\d+, step \\d+ of 10: .*layers\\.0.*"),
                e.getMessage());
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        assertEquals(0, e.layer());
        assertTrue(e.epoch() >= 1 && e.step() >= 1);
        assertFalse(net.parameters().hasNonFinite());
    }

    @Test
    void aNonFiniteGradientNamesItsTensorAndLeavesParametersUntouched() {
        // 3e38 * 2/3 per sample overflows the float weight gradient after two samples; the loss stays log 3
        float[] x = new float[16];
        for (int s = 0; s < 8; s++) {
            x[2 * s] = 3e38f;
        }
        SoftmaxRegression net = new SoftmaxRegression(2, 3);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> builder().batchSize(8)
                .build().fit(net, TrainingData.of(x, new float[8], 2, 1), null));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1, step 1 of 1: loss 1.0986"), e.getMessage());
        assertTrue(e.getMessage().contains("first non-finite gradient in layers.0 (layers.0.weight[0, 0] = -Infinity)"),
                e.getMessage());
        assertArrayEquals(new double[net.parameters().size()], net.parameters().toArray());
    }

    @Test
    void listenerSeesStartEpochsStepsAndFinishInOrder() {
        List<String> calls = new ArrayList<>();
        TrainingResult r = builder().batchSize(4).epochs(2).learningRate(0.1).schedule(Schedule.STEP).stepSize(1)
                .gamma(0.5).listener(new TrainingListener() {
                    @Override
                    public void onStart(int firstEpoch, int epochs, int stepsPerEpoch, int samples) {
                        calls.add("start " + firstEpoch + " " + epochs + " " + stepsPerEpoch + " " + samples);
                    }

                    @Override
                    public void onEpochStart(int epoch, double lr) {
                        calls.add("epoch " + epoch + " " + lr);
                    }

                    @Override
                    public void onStep(int epoch, int step, int steps, double loss, double rate) {
                        calls.add("step " + epoch + " " + step + "/" + steps);
                    }

                    @Override
                    public void onEpochEnd(EpochResult e) {
                        calls.add("end " + e.epoch() + " " + e.learningRate() + " " + (e.validation() != null));
                    }

                    @Override
                    public void onFinish(TrainingResult result) {
                        calls.add("finish " + result.stopReason());
                    }
                }).build().fit(new SoftmaxRegression(2, 3), Fixtures.threeClasses(10, 1), Fixtures.threeClasses(6, 2));
        assertEquals(List.of("start 1 2 3 10", "epoch 1 0.1", "step 1 1/3", "step 1 2/3", "step 1 3/3",
                "end 1 0.1 true", "epoch 2 0.05", "step 2 1/3", "step 2 2/3", "step 2 3/3", "end 2 0.05 true",
                "finish COMPLETED"), calls);
        assertEquals(2, r.epochs().size());
    }

    @Test
    void theLastPartialBatchIsAveragedOverItsOwnSize() {
        TrainingData data = Fixtures.linear(10, 4);
        DenseDouble net = DenseDouble.linear(3, 2);
        Fixtures.randomize(net.parameters(), 1, 0.5);
        DenseDouble replica = net.copy();
        List<Double> losses = new ArrayList<>();
        TrainingResult r = builder().learningRate(0.1).batchSize(4).epochs(1).seed(42)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(int epoch, int step, int steps, double loss, double rate) {
                        losses.add(loss);
                    }
                }).build().fit(net, data, null);
        assertEquals(List.of(4, 4, 2), net.batches);

        // the same epoch by hand: the shuffle, mean gradients over 4, 4 and 2 samples, w -= lr g
        int[] order = new int[10];
        new SplitMix64(42).permutation(order);
        double[] w = replica.parameters().toArray();
        for (int from = 0; from < 10; from += 4) {
            int count = Math.min(4, 10 - from);
            double[] x = new double[count * 3];
            double[] t = new double[count * 2];
            data.gather(order, from, count, x, t);
            replica.lossAndGradients(x, t, count);
            double[] g = replica.gradients().toArray();
            for (int k = 0; k < w.length; k++) {
                w[k] -= 0.1 * g[k];
            }
            replica.parameters().copyFrom(w);
        }
        assertArrayEquals(w, net.parameters().toArray(), 1e-15);
        assertEquals((4 * losses.get(0) + 4 * losses.get(1) + 2 * losses.get(2)) / 10, r.epochs().get(0).trainLoss(),
                1e-15);
    }

    @Test
    void stepsAllocateNothing() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[2];
        builder().batchSize(10).epochs(2).build().fit(new SoftmaxRegression(2, 3), Fixtures.threeClasses(2000, 1),
                null);
        builder().batchSize(10).epochs(2).optimizer(OptimizerKind.ADAM).listener(new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int steps, double loss, double rate) {
                if (epoch == 2 && step == 50) {
                    allocated[0] = bean.getCurrentThreadAllocatedBytes();
                } else if (epoch == 2 && step == 150) {
                    allocated[1] = bean.getCurrentThreadAllocatedBytes();
                }
            }
        }).build().fit(new SoftmaxRegression(2, 3), Fixtures.threeClasses(2000, 1), null);
        // 100 steps; one object per step would be at least 1600 bytes
        assertTrue(allocated[1] - allocated[0] < 800, (allocated[1] - allocated[0]) + " bytes in 100 steps");
    }

    @Test
    void dataOfTheWrongShapeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder().build()
                .fit(new SoftmaxRegression(2, 3), Fixtures.linear(10, 1), null));
        assertTrue(e.getMessage().startsWith("training data has 3 features and 2 targets per sample, but network"
                + " Softmax takes 2 inputs and 1 targets"), e.getMessage());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> builder().batchSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> builder().checkpoint(s -> { }, 0));
    }
}
