package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.network.SplitMix64;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

/** The loop distributed drivers build on takes exactly the trainer's steps. */
class MinibatchLoopTest {

    private static final TrainingSpec SETTINGS = TrainingSpec.DEFAULT.toBuilder().optimizer(OptimizerKind.ADAM)
            .learningRate(0.05).batchSize(7).epochs(3).schedule(Schedule.COSINE).seed(11).build();

    @Test
    void epochsInPiecesGiveTheTrainersBits() {
        TrainingData data = Fixtures.threeClasses(100, 1);
        SoftmaxRegression reference = new SoftmaxRegression(2, 3);
        Fixtures.randomize(reference.parameters(), 9, 0.1);
        SoftmaxRegression pieces = new SoftmaxRegression(2, 3);
        pieces.parameters().copyFrom(reference.parameters());

        TrainingResult r = Trainer.builder(SETTINGS).build().fit(reference, data, null);

        // The trainer's loop, cut into uneven pieces: 15 steps per epoch in pieces of 4
        Optimizer optimizer = Optimizer.create(SETTINGS, pieces.parameters().layout());
        MinibatchLoop loop = new MinibatchLoop(pieces, SETTINGS.batchSize(), optimizer);
        LearningRateSchedule schedule = LearningRateSchedule.of(SETTINGS);
        SplitMix64 rng = new SplitMix64(SETTINGS.seed());
        int steps = MinibatchLoop.stepsPerEpoch(SETTINGS.batchSize(), data.size());
        assertEquals(15, steps);
        int[] order = new int[data.size()];
        for (int epoch = 0; epoch < SETTINGS.epochs(); epoch++) {
            rng.permutation(order);
            double lossSum = 0;
            for (int from = 0; from < steps; from += 4) {
                lossSum += loop.train(data, order, SETTINGS.batchSize(), from, Math.min(steps, from + 4),
                        schedule.rate(epoch), epoch + 1);
            }
            assertEquals(r.epochs().get(epoch).trainLoss(), lossSum / data.size(), 0.0, "epoch " + (epoch + 1));
        }
        assertArrayEquals(reference.parameters().toArray(), pieces.parameters().toArray());
        assertEquals(r.state().optimizerState().get(Optimizer.STEP)[0], optimizer.steps());
    }

    @Test
    void anUpdateFromAMeanGradientIsTheTrainersStep() {
        TrainingData data = Fixtures.threeClasses(12, 3);
        SoftmaxRegression a = new SoftmaxRegression(2, 3);
        Fixtures.randomize(a.parameters(), 5, 0.3);
        SoftmaxRegression b = new SoftmaxRegression(2, 3);
        b.parameters().copyFrom(a.parameters());
        TrainingSpec one = SETTINGS.toBuilder().batchSize(12).build();
        int[] order = new SplitMix64(1).permutation(12);

        new MinibatchLoop(a, 12, Optimizer.create(one, a.parameters().layout()))
                .train(data, order, 12, 0, 1, 0.05, 1);
        // the same batch as a sum in two parts, averaged, then one update
        MinibatchLoop loop = new MinibatchLoop(b, 12, Optimizer.create(one, b.parameters().layout()));
        double loss = loop.accumulate(data, order, 0, 5);
        double[] sum = b.gradients().toArray();
        loss += loop.accumulate(data, order, 5, 7);
        double[] g = b.gradients().toArray();
        for (int k = 0; k < g.length; k++) {
            g[k] = (g[k] + sum[k]) / 12;
        }
        b.gradients().copyFrom(g);
        loop.update(loss / 12, 0.05, 1, 1, 1);
        double[] pa = a.parameters().toArray();
        double[] pb = b.parameters().toArray();
        for (int k = 0; k < pa.length; k++) {
            assertEquals(pa[k], pb[k], 1e-12, "parameter " + k);
        }
        assertTrue(pa[0] != 0);
    }

    @Test
    void aNonFiniteGradientStopsBeforeTheUpdate() {
        SoftmaxRegression net = new SoftmaxRegression(2, 3);
        double[] before = net.parameters().toArray();
        MinibatchLoop loop = new MinibatchLoop(net, 4, Optimizer.create(SETTINGS, net.parameters().layout()));
        net.gradients().fill(Double.NaN);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> loop.update(1.0, 0.1, 3, 2, 9));
        assertEquals(3, e.epoch());
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains("epoch 3, step 2 of 9"), e.getMessage());
        assertArrayEquals(before, net.parameters().toArray());
    }
}
