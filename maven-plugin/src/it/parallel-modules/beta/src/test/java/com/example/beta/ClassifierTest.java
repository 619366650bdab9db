package com.example.beta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.fnnc.train.Evaluator;
import org.fnnc.train.Metrics;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingData;
import org.junit.jupiter.api.Test;

/** beta's generated Classifier (same simple name as alpha's) learns which of three numbers is largest. */
class ClassifierTest {

    private static TrainingData largest(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 3];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = r.nextFloat();
                best = x[i * 3 + j] > x[i * 3 + best] ? j : best;
            }
            t[i] = best;
        }
        return TrainingData.of(x, t, 3, 1);
    }

    @Test
    void learnsTheLargestOfThree() {
        Classifier net = new Classifier();
        assertEquals(3, Classifier.INPUTS);
        Trainer.builder(net.spec().training()).seed(1).build().fit(net, largest(400, 1), null);
        Metrics test = Evaluator.evaluate(net, largest(200, 2));
        assertTrue(test.accuracy() > 0.85, "held-out accuracy " + test.accuracy());
    }
}
