package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.nets.Iris;
import java.io.InputStream;
import org.fnnc.data.CsvReader;
import org.fnnc.data.Dataset;
import org.fnnc.data.Scaler;
import org.fnnc.data.Splits;
import org.fnnc.examples.Xor;
import org.fnnc.train.Evaluator;
import org.fnnc.train.Metrics;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingData;
import org.junit.jupiter.api.Test;

/** Trains the classes the plugin generated from src/main/fnnc, as a user of the plugin would. */
class TrainGeneratedNetworksTest {

    @Test
    void xorReachesFullAccuracy() {
        Xor net = new Xor();
        TrainingData xor = TrainingData.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new float[] {0, 1, 1, 0}, 2, 1);
        Trainer.builder(net.spec().training()).seed(1).build().fit(net, xor, null);
        Metrics m = Evaluator.evaluate(net, xor);
        assertEquals(1.0, m.accuracy(), "XOR accuracy: " + m);
    }

    @Test
    void irisGeneralisesToHeldOutFlowers() throws Exception {
        Dataset all;
        try (InputStream in = getClass().getResourceAsStream("/iris.csv")) {
            all = CsvReader.read(in, "iris.csv", CsvReader.Options.builder().classification(3).build());
        }
        Splits splits = Splits.split(all, 0.0, 0.2, 42, true);
        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARDIZE, splits.train());
        Iris net = new Iris();
        Trainer.builder(net.spec().training()).seed(1).build().fit(net, scaler.apply(splits.train()), null);
        Metrics test = Evaluator.evaluate(net, scaler.apply(splits.test()));
        assertEquals(30, test.samples());
        assertTrue(test.accuracy() > 0.9, "iris test accuracy " + test.accuracy() + " should exceed 0.9");
    }
}
