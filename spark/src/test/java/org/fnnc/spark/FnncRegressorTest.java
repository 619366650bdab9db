package org.fnnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fnnc.network.Parameters;
import org.fnnc.network.SplitMix64;
import org.fnnc.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FnncRegressor in Spark local mode: known coefficients recovered, vector labels and outputs. */
class FnncRegressorTest {

    static final String LINEAR_SPEC = """
            name: Linear
            input: 3
            layers:
              - {units: 2, activation: linear}
            loss: mse
            precision: double
            training: {optimizer: momentum, learning_rate: 0.05, momentum: 0.9, batch_size: 8, epochs: 30}
            """;

    static final double[][] A = {{1.5, -2.0, 0.5}, {0.25, 1.0, -1.0}};
    static final double[] C = {0.5, -1.5};

    /** y = A x + c exactly, x uniform in [-1, 1]^3; the label a vector of both outputs. */
    static List<Row> linear(int n, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = {rng.nextUniform(1), rng.nextUniform(1), rng.nextUniform(1)};
            double[] y = new double[2];
            for (int j = 0; j < 2; j++) {
                y[j] = C[j] + A[j][0] * x[0] + A[j][1] * x[1] + A[j][2] * x[2];
            }
            rows.add(RowFactory.create(Vectors.dense(x), Vectors.dense(y), y[0]));
        }
        return rows;
    }

    static final StructType SCHEMA = new StructType().add("features", SQLDataTypes.VectorType())
            .add("label", SQLDataTypes.VectorType()).add("first", DataTypes.DoubleType);

    @Test
    void averagingRecoversKnownCoefficientsWithVectorLabels(@TempDir Path dir) throws Exception {
        Dataset<Row> df = LocalSpark.frame(linear(400, 1), SCHEMA, 2);
        FnncRegressionModel model = new FnncRegressor().setSpec(LINEAR_SPEC).setSyncEvery(10).fit(df);
        Parameters p = model.network().parameters();
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(A[j][i], p.getWeight(0, j, i), 1e-4, "W[" + j + "][" + i + "]");
            }
            assertEquals(C[j], p.getBias(0, j), 1e-4, "b[" + j + "]");
        }
        for (Row r : model.transform(df).limit(20).collectAsList()) {
            double[] want = ((Vector) r.getAs("label")).toArray();
            double[] got = ((Vector) r.getAs("prediction")).toArray();
            assertEquals(want[0], got[0], 1e-3);
            assertEquals(want[1], got[1], 1e-3);
        }
        assertThrows(UnsupportedOperationException.class, () -> model.predict(Vectors.dense(1, 2, 3)));
        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                () -> new FnncRegressor().setSpec(LINEAR_SPEC).setLearningRate(1e6).fit(df));
        assertTrue(diverged.getMessage().startsWith("training diverged in epoch "), diverged.getMessage());

        LocalSpark.assumeHadoopFileSystems();
        model.write().overwrite().save(dir.resolve("m").toString());
        FnncRegressionModel loaded = FnncRegressionModel.load(dir.resolve("m").toString());
        assertEquals(model.transform(df).select("prediction").collectAsList(),
                loaded.transform(df).select("prediction").collectAsList());
    }

    @Test
    void oneOutputTakesANumericLabelAndPredictsNumbers() {
        String one = LINEAR_SPEC.replace("units: 2", "units: 1");
        Dataset<Row> df = LocalSpark.frame(linear(300, 2), SCHEMA, 2);
        FnncRegressionModel model = new FnncRegressor().setSpec(one).setLabelCol("first").fit(df);
        for (Row r : model.transform(df).limit(20).collectAsList()) {
            assertEquals(r.<Double>getAs("first"), r.<Double>getAs("prediction"), 1e-3);
            assertEquals(r.<Double>getAs("prediction"), model.predict(r.getAs("features")), 1e-12);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FnncRegressor().setSpec(LINEAR_SPEC).setLabelCol("first").fit(df));
        assertTrue(e.getMessage().contains("label column 'first' has type double"), e.getMessage());
    }

    @Test
    void multiLabelSigmoidOutputsGiveProbabilities() {
        String spec = """
                name: Quadrants
                input: 2
                layers:
                  - {units: 8, activation: tanh}
                  - {units: 2, activation: sigmoid}
                loss: binary_cross_entropy
                training: {optimizer: adam, learning_rate: 0.05, batch_size: 16, epochs: 20}
                """;
        SplitMix64 rng = new SplitMix64(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double x = rng.nextUniform(1);
            double y = rng.nextUniform(1);
            rows.add(RowFactory.create(Vectors.dense(x, y), new double[] {x > 0 ? 1 : 0, y > 0 ? 1 : 0}));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.createArrayType(DataTypes.DoubleType));
        Dataset<Row> df = LocalSpark.frame(rows, schema, 2);
        FnncRegressionModel model = new FnncRegressor().setSpec(spec).fit(df);
        long right = 0;
        for (Row r : model.transform(df).collectAsList()) {
            double[] p = ((Vector) r.getAs("prediction")).toArray();
            List<Double> t = r.getList(r.fieldIndex("label"));
            right += (p[0] >= 0.5) == (t.get(0) == 1) && (p[1] >= 0.5) == (t.get(1) == 1) ? 1 : 0;
            assertTrue(p[0] >= 0 && p[0] <= 1 && p[1] >= 0 && p[1] <= 1);
        }
        assertTrue(right >= 380, right + " of 400 rows with both labels right");
    }
}
