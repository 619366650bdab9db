package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Metrics of networks with hand-set parameters, against values worked out by hand. */
class EvaluatorTest {

    @Test
    void classifierAccuracyLossAndConfusionAcrossChunks() {
        SoftmaxRegression net = new SoftmaxRegression(3, 3);
        for (int j = 0; j < 3; j++) {
            net.parameters().setWeight(0, j, j, 1.0); // z = x: the prediction is the argmax of the input
        }
        // predictions 0, 1, 2, 0 against labels 0, 1, 1, 2: two right, two wrong; repeated 100 times
        float[][] xs = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
        float[] ys = {0, 1, 1, 2};
        int n = 400; // more than one chunk of 256
        float[] x = new float[3 * n];
        float[] t = new float[n];
        for (int s = 0; s < n; s++) {
            System.arraycopy(xs[s % 4], 0, x, 3 * s, 3);
            t[s] = ys[s % 4];
        }
        Metrics m = Evaluator.evaluate(net, TrainingData.of(x, t, 3, 1));
        assertEquals(n, m.samples());
        assertEquals(0.5, m.accuracy());
        double right = -Math.log(Math.E / (Math.E + 2));
        double wrong = -Math.log(1 / (Math.E + 2));
        assertEquals((right + wrong) / 2, m.loss(), 1e-6);
        ConfusionMatrix c = m.confusion();
        long[][] expected = {{100, 0, 0}, {0, 100, 100}, {100, 0, 0}};
        for (int a = 0; a < 3; a++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(expected[a][p], c.count(a, p), "actual " + a + " predicted " + p);
            }
        }
        assertTrue(c.toString().contains("\n   1   0 100 100\n"), c.toString());
        assertTrue(Double.isNaN(m.meanSquaredError()));
    }

    @Test
    void regressionMseAndMae() {
        DenseDouble net = DenseDouble.linear(1, 1);
        net.parameters().setWeight(0, 0, 0, 2.0);
        // a = 2, 4, 6 against 2, 5, 5: errors 0, -1, 1
        Metrics m = Evaluator.evaluate(net, TrainingData.of(new float[] {1, 2, 3}, new float[] {2, 5, 5}, 1, 1));
        assertEquals(2.0 / 3, m.meanSquaredError(), 1e-15);
        assertEquals(2.0 / 3, m.meanAbsoluteError(), 1e-15);
        assertEquals(1.0 / 3, m.loss(), 1e-15);
        assertNull(m.confusion());
        assertTrue(Double.isNaN(m.accuracy()));
    }

    @Test
    void binaryClassifierThresholdsAtOneHalf() {
        DenseDouble net = DenseDouble.logistic(1, 1);
        net.parameters().setWeight(0, 0, 0, 1.0);
        // sigmoid(2) -> 1 (label 1, right), sigmoid(-2) -> 0 (label 1, wrong), sigmoid(1) -> 1 (label 0, wrong)
        Metrics m = Evaluator.evaluate(net, TrainingData.of(new float[] {2, -2, 1}, new float[] {1, 1, 0}, 1, 1));
        assertEquals(1.0 / 3, m.accuracy(), 1e-15);
        assertEquals(0, m.confusion().count(0, 0));
        assertEquals(1, m.confusion().count(0, 1));
        assertEquals(1, m.confusion().count(1, 0));
        assertEquals(1, m.confusion().count(1, 1));
        double expectedLoss = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(2)) + Math.log1p(Math.exp(1))) / 3;
        assertEquals(expectedLoss, m.loss(), 1e-12);
    }

    @Test
    void emptyOrMisshapenDataIsRejected() {
        SoftmaxRegression net = new SoftmaxRegression(2, 3);
        assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(net, TrainingData.of(new float[0], new float[0], 2, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(net, TrainingData.of(new float[3], new float[1], 3, 1)));
        assertTrue(e.getMessage().startsWith("evaluation data has 3 features"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingData.of(new float[6], new float[2], 2, 1));
        assertTrue(e.getMessage().contains("do not describe the same number of samples"), e.getMessage());
    }
}
