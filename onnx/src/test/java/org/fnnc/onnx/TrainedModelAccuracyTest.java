package org.fnnc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.fnnc.Fnnc;
import org.fnnc.data.Dataset;
import org.fnnc.data.Datasets;
import org.fnnc.data.Scaler;
import org.fnnc.data.Splits;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.yaml.SpecLoader;
import org.fnnc.train.Evaluator;
import org.fnnc.train.Metrics;
import org.fnnc.train.Trainer;
import org.junit.jupiter.api.Test;

/**
 * An fnnc-trained model runs in ONNX Runtime with the accuracy fnnc reports: specs/digits.yaml trained on the
 * bundled 8x8 digits with standardized features (as fnnc train does for CSV data), evaluated by fnnc's
 * Evaluator on the scaled test split, and by ONNX Runtime on the raw test features (the export carries the
 * scaler). Every test sample must get the same predicted class.
 */
class TrainedModelAccuracyTest {

    @Test
    void onnxRuntimeReproducesFnncEvalOnTheTestSplit() throws Exception {
        NetworkSpec spec = SpecLoader.withDefaults().load(Path.of("../specs/digits.yaml"));
        spec = spec.withTraining(spec.training().toBuilder().epochs(10).build());
        Splits splits = Splits.split(Datasets.digits(), 0, 0.2, 42, true);
        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARDIZE, splits.train());
        Dataset test = scaler.apply(splits.test());
        Network net = Fnnc.compile(spec);
        Trainer.builder(spec.training()).build().fit(net, scaler.apply(splits.train()), null);
        Metrics fnnc = Evaluator.evaluate(net, test);

        byte[] model = OnnxExport.toBytes(spec, net.parameters(), Optional.of(scaler), OnnxExport.Options.DEFAULT);
        Dataset raw = splits.test();
        double[] x = new double[raw.features().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = raw.features()[i];
        }
        double[] probabilities = OrtSessions.run(model, spec.precision(), x, raw.size(), spec.input());
        double[] ours = org.fnnc.network.Networks.predict(net, toDouble(test.features()), test.size());
        int correct = 0;
        int agree = 0;
        for (int s = 0; s < raw.size(); s++) {
            int ort = argmax(probabilities, s, 10);
            correct += ort == raw.label(s) ? 1 : 0;
            agree += ort == argmax(ours, s, 10) ? 1 : 0;
        }
        double accuracy = (double) correct / raw.size();
        System.out.printf("digits, %d test samples: fnnc accuracy %.4f (loss %.4f), ONNX Runtime accuracy %.4f,"
                + " same class for %d%n", raw.size(), fnnc.accuracy(), fnnc.loss(), accuracy, agree);
        assertTrue(fnnc.accuracy() > 0.9, "the network learned: " + fnnc.accuracy());
        assertEquals(raw.size(), agree, "ONNX Runtime and fnnc pick the same class for every sample");
        assertEquals(fnnc.accuracy(), accuracy, 1e-12);
    }

    private static int argmax(double[] y, int sample, int classes) {
        int best = 0;
        for (int j = 1; j < classes; j++) {
            if (y[sample * classes + j] > y[sample * classes + best]) {
                best = j;
            }
        }
        return best;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
