package com.example.alpha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fnnc.train.Evaluator;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingData;
import org.junit.jupiter.api.Test;

/** alpha's generated Classifier learns XOR (class = x0 xor x1). */
class ClassifierTest {

    @Test
    void learnsXor() {
        Classifier net = new Classifier();
        TrainingData xor = TrainingData.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new float[] {0, 1, 1, 0}, 2, 1);
        Trainer.builder(net.spec().training()).seed(1).build().fit(net, xor, null);
        assertEquals(1.0, Evaluator.evaluate(net, xor).accuracy());
    }
}
