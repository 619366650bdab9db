package org.fnnc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fnnc.Fnnc;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.yaml.SpecLoader;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingData;
import org.junit.jupiter.api.Test;

class FnncClassifierTest {

    /** The rows of {@code df} in partition order as the trainer's data. */
    static TrainingData trainingData(List<Row> rows, int inputs) {
        float[] x = new float[rows.size() * inputs];
        float[] t = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = ((Vector) rows.get(i).get(0)).toArray();
            for (int k = 0; k < inputs; k++) {
                x[i * inputs + k] = (float) v[k];
            }
            t[i] = (float) rows.get(i).getDouble(1);
        }
        return TrainingData.of(x, t, inputs, 1);
    }

    @Test
    void onePartitionGivesTheSingleMachineTrainersBits() {
        Dataset<Row> df = LocalSpark.frame(LocalSpark.blobs(300, 1), LocalSpark.VECTOR_SCHEMA, 1);
        FnncClassificationModel model = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setEpochs(3)
                .setSyncEvery(5).fit(df);

        NetworkSpec spec = SpecLoader.withDefaults().load(LocalSpark.BLOBS_SPEC, "blobs");
        Network reference = Fnnc.compile(spec);
        Trainer.builder(spec.training()).epochs(3).build()
                .fit(reference, trainingData(LocalSpark.inPartitionOrder(df), 2), null);

        double[] expected = reference.parameters().toArray();
        assertArrayEquals(expected, model.network().parameters().toArray());
        assertEquals(3, model.summary().epochs().size());
        assertEquals(300 / 16 + 1, model.summary().rounds() / 3 * 5, 5);
    }
}
