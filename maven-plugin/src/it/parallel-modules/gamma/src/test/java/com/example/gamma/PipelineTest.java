package com.example.gamma;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.alpha.Classifier;
import org.fnnc.train.Evaluator;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingData;
import org.junit.jupiter.api.Test;

/** gamma's Encoder, trained on what alpha's Classifier (another module's generated class) outputs. */
class PipelineTest {

    @Test
    void encoderLearnsToReproduceAlphasProbabilities() {
        Classifier classifier = new Classifier();
        TrainingData xor = TrainingData.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, new float[] {0, 1, 1, 0}, 2, 1);
        Trainer.builder(classifier.spec().training()).seed(1).build().fit(classifier, xor, null);

        Encoder encoder = new Encoder();
        Pipeline pipeline = new Pipeline(classifier, encoder);
        double[] p = pipeline.probabilities(new double[] {0, 0, 0, 1, 1, 0, 1, 1}, 4);
        float[] features = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            features[i] = (float) p[i];
        }
        TrainingData identity = TrainingData.of(features, features.clone(), 2, 2);
        double before = Evaluator.evaluate(encoder, identity).loss();
        Trainer.builder(encoder.spec().training()).seed(1).build().fit(encoder, identity, null);
        double after = Evaluator.evaluate(encoder, identity).loss();
        assertTrue(after < before / 10, "reconstruction loss " + before + " -> " + after);
        assertTrue(pipeline.reconstruct(new double[] {0, 1}, 1).length == 2);
    }
}
