package org.fnnc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fnnc.Fnnc;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.io.LoadOptions;
import org.fnnc.io.SafeTensors;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.yaml.SpecLoader;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingData;
import org.fnnc.train.TrainingResult;
import org.fnnc.train.TrainingResult.StopReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FnncClassifier in Spark local mode, checked against the single-machine trainer and the interpreter. */
class FnncClassifierTest {

    static final NetworkSpec BLOBS = SpecLoader.withDefaults().load(LocalSpark.BLOBS_SPEC, "blobs");

    /** Rows ({@code features} vector, {@code label}) as the trainer's data, in the given order. */
    static TrainingData trainingData(List<Row> rows, int inputs) {
        float[] x = new float[rows.size() * inputs];
        float[] t = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = ((Vector) rows.get(i).getAs("features")).toArray();
            for (int k = 0; k < inputs; k++) {
                x[i * inputs + k] = (float) v[k];
            }
            t[i] = (float) rows.get(i).<Double>getAs("label").doubleValue();
        }
        return TrainingData.of(x, t, inputs, 1);
    }

    /** The single-machine trainer on the frame's rows in partition order. */
    static Network trainer(Dataset<Row> df, Trainer.Builder settings) {
        Network reference = Fnnc.compile(BLOBS);
        settings.build().fit(reference, trainingData(df.collectAsList(), 2), null);
        return reference;
    }

    static double accuracy(Dataset<Row> scored) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
    }

    @Test
    void onePartitionGivesTheSingleMachineTrainersBits() {
        Dataset<Row> df = LocalSpark.frame(LocalSpark.blobs(300, 1), LocalSpark.VECTOR_SCHEMA, 1);
        FnncClassificationModel model = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setEpochs(3)
                .setSyncEvery(5).fit(df);

        Network reference = trainer(df, Trainer.builder(BLOBS.training()).epochs(3));
        assertArrayEquals(reference.parameters().toArray(), model.network().parameters().toArray());
        // 19 steps per epoch in rounds of 5: 4 rounds per epoch
        assertEquals(12, model.summary().rounds());
        assertEquals(3, model.summary().epochs().size());
    }

    @Test
    void averagingOverPartitionsLearnsAndRepeatsItsBits() {
        Dataset<Row> df = LocalSpark.frame(LocalSpark.blobs(600, 2), LocalSpark.VECTOR_SCHEMA, 3);
        Dataset<Row> test = LocalSpark.frame(LocalSpark.blobs(300, 3), LocalSpark.VECTOR_SCHEMA, 2);
        FnncClassifier classifier = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setSyncEvery(4);
        FnncClassificationModel a = classifier.fit(df);
        FnncClassificationModel b = classifier.fit(df);
        assertArrayEquals(a.network().parameters().toArray(), b.network().parameters().toArray());
        assertEquals(3, a.summary().partitions());
        assertEquals(600, a.summary().trainingRows());
        double acc = accuracy(a.transform(test));
        assertTrue(acc >= 0.97, "test accuracy " + acc);
        // the trainer on all rows reaches the same quality
        double single = accuracy(modelOf(trainer(df, Trainer.builder(BLOBS.training()))).transform(test));
        assertTrue(Math.abs(acc - single) <= 0.02, "averaging " + acc + " vs single machine " + single);
    }

    /** A model around a network trained elsewhere, to score with the same code path. */
    static FnncClassificationModel modelOf(Network n) {
        return new FnncClassificationModel("reference", LocalSpark.BLOBS_SPEC,
                new TrainedNetwork(BLOBS, n.parameters().toArray()), null);
    }

    @Test
    void exactStepsFollowTheSingleMachineTrainerAtAnyPartitionCount() {
        Dataset<Row> df = LocalSpark.frame(LocalSpark.blobs(200, 4), LocalSpark.VECTOR_SCHEMA, 3);
        FnncClassificationModel model = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setAlgorithm("exact")
                .setEpochs(2).setBatchSize(40).fit(df);
        assertEquals(10, model.summary().rounds());
        double[] expected = trainer(df, Trainer.builder(BLOBS.training()).epochs(2).batchSize(40))
                .parameters().toArray();
        double[] actual = model.network().parameters().toArray();
        for (int k = 0; k < expected.length; k++) {
            // float parameters; the batch gradient summed in another order: a few float ulps apart
            assertEquals(expected[k], actual[k], 1e-5 * Math.max(1, Math.abs(expected[k])), "parameter " + k);
        }
    }

    @Test
    void scoringMatchesTheInterpreterRowByRow() {
        Dataset<Row> df = LocalSpark.frame(LocalSpark.blobs(300, 5), LocalSpark.VECTOR_SCHEMA, 2);
        FnncClassificationModel model = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setEpochs(1).fit(df);
        Network reference = Interpreter.create(BLOBS, model.network().parameters());
        List<Row> scored = model.transform(df).collectAsList();
        assertEquals(300, scored.size());
        for (Row r : scored) {
            double[] x = ((Vector) r.getAs("features")).toArray();
            double[] p = Networks.predict(reference, x, 1);
            double[] prob = ((Vector) r.getAs("probability")).toArray();
            double[] raw = ((Vector) r.getAs("rawPrediction")).toArray();
            int best = 0;
            for (int j = 0; j < 3; j++) {
                assertEquals(p[j], prob[j], 1e-5, "probability " + j);
                assertEquals(p[j], raw[j], 1e-5, "raw " + j);
                best = p[j] > p[best] ? j : best;
            }
            assertEquals(best, r.<Double>getAs("prediction"), 0.0);
            assertArrayEquals(model.predictProbability(r.getAs("features")).toArray(), prob, 1e-6);
        }
        // thresholds scale the probabilities before the argmax: a tiny threshold for class 2 wins every row
        List<Row> biased = model.setThresholds(new double[] {1, 1, 1e-9}).transform(df).select("prediction")
                .collectAsList();
        assertTrue(biased.stream().allMatch(r -> r.getDouble(0) == 2.0));
    }

    @Test
    void pipelinesSaveAndLoadWithAWeightsFileFnncReads(@TempDir Path dir) throws Exception {
        LocalSpark.assumeHadoopFileSystems();
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (Row r : LocalSpark.blobs(300, 6)) {
            double[] v = ((Vector) r.get(0)).toArray();
            rows.add(RowFactory.create(v[0], v[1], r.get(1)));
        }
        Dataset<Row> df = LocalSpark.frame(rows, schema, 2);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features"),
            new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setEpochs(2)});
        pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
        Pipeline loadedPipeline = Pipeline.load(dir.resolve("pipeline").toString());
        assertEquals(2, ((FnncClassifier) loadedPipeline.getStages()[1]).getEpochs());

        PipelineModel fitted = loadedPipeline.fit(df);
        fitted.write().overwrite().save(dir.resolve("model").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
        List<Row> before = fitted.transform(df).select("probability").collectAsList();
        List<Row> after = loaded.transform(df).select("probability").collectAsList();
        assertEquals(before, after);

        FnncClassificationModel model = (FnncClassificationModel) loaded.stages()[1];
        assertEquals(2, model.getEpochs());
        Path stage = Files.list(dir.resolve("model/stages")).filter(p -> p.toString().contains("fnncClassifier"))
                .findFirst().orElseThrow();
        Network fromFile = Interpreter.create(BLOBS);
        SafeTensors.load(stage.resolve("data/weights.safetensors"), BLOBS, fromFile.parameters(), LoadOptions.STRICT);
        assertArrayEquals(((FnncClassificationModel) fitted.stages()[1]).network().parameters().toArray(),
                fromFile.parameters().toArray());
        assertEquals(LocalSpark.BLOBS_SPEC, Files.readString(stage.resolve("data/spec.yaml")));
    }

    @Test
    void arrayFeatureColumnsTrainAsVectorsDo() {
        Dataset<Row> df = LocalSpark.frame(LocalSpark.blobs(150, 7), LocalSpark.VECTOR_SCHEMA, 1);
        Dataset<Row> floats = df.select(functions.col("label"), org.apache.spark.ml.functions
                .vector_to_array(functions.col("features"), "float32").as("features"));
        Dataset<Row> doubles = df.select(functions.col("label"), org.apache.spark.ml.functions
                .vector_to_array(functions.col("features"), "float64").as("features"));
        FnncClassifier c = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setEpochs(1);
        double[] expected = c.fit(df).network().parameters().toArray();
        assertArrayEquals(expected, c.fit(floats).network().parameters().toArray());
        FnncClassificationModel m = c.fit(doubles);
        assertArrayEquals(expected, m.network().parameters().toArray());
        assertEquals(150, m.transform(doubles).filter("prediction = label").count(), 10);
    }

    @Test
    void badInputGetsAClearError() {
        Dataset<Row> df = LocalSpark.frame(LocalSpark.blobs(30, 8), LocalSpark.VECTOR_SCHEMA, 2);
        FnncClassifier c = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setEpochs(1);

        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> c.fit(df.withColumn("label", functions.lit(7.0))));
        assertTrue(label.getMessage().contains("column 'label' is 7.0, not a class index 0..2"), label.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> c.setFeaturesCol("pixels").fit(df));
        assertTrue(missing.getMessage().contains("features column 'pixels' does not exist"), missing.getMessage());
        c.setFeaturesCol("features");

        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> c.fit(df.withColumn("features", functions.lit("text"))));
        assertTrue(type.getMessage().contains("has type string"), type.getMessage());

        String wide = LocalSpark.BLOBS_SPEC.replace("input: 2", "input: 3");
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> new FnncClassifier().setSpec(wide).fit(df));
        assertTrue(width.getMessage().contains("has 2 values, expected 3"), width.getMessage());

        SpecException spec = assertThrows(SpecException.class,
                () -> new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC.replace("tanh", "tahn")).fit(df));
        assertTrue(spec.getMessage().contains("spec:4:"), spec.getMessage());

        IllegalArgumentException regression = assertThrows(IllegalArgumentException.class,
                () -> new FnncClassifier().setSpec(FnncRegressorTest.LINEAR_SPEC).fit(df));
        assertTrue(regression.getMessage().contains("FnncRegressor"), regression.getMessage());

        assertThrows(IllegalArgumentException.class, () -> c.setAlgorithm("fastest"));
        assertThrows(IllegalArgumentException.class, () -> new FnncClassifier().fit(df));
    }

    @Test
    void validationEarlyStoppingAndCheckpointsWorkAsInTheTrainer(@TempDir Path dir) {
        // one partition: the trainer's epochs, validation verdicts and best parameters
        Dataset<Row> one = LocalSpark.frame(LocalSpark.blobs(400, 9), LocalSpark.VECTOR_SCHEMA, 1)
                .withColumn("held", functions.expr("rand(3) < 0.25")).cache();
        String jumpy = LocalSpark.BLOBS_SPEC.replace("learning_rate: 0.05", "learning_rate: 0.8")
                .replace("seed: 5}", "seed: 5, patience: 2}");
        FnncClassificationModel early = new FnncClassifier().setSpec(jumpy).setEpochs(40)
                .setValidationIndicatorCol("held").fit(one);
        FnncTrainingSummary s = early.summary();
        Network reference = Fnnc.compile(BLOBS);
        TrainingResult r = Trainer.builder(BLOBS.training()).learningRate(0.8).patience(2).epochs(40).build()
                .fit(reference, trainingData(one.filter("not held").collectAsList(), 2),
                        trainingData(one.filter("held").collectAsList(), 2));
        assertEquals(StopReason.EARLY_STOPPED, r.stopReason());
        assertEquals(r.stopReason(), s.stopReason());
        assertEquals(r.bestEpoch(), s.bestEpoch());
        assertEquals(r.epochs().size(), s.epochs().size());
        assertEquals(r.finalValidation().loss(), s.finalValidation().loss(), 1e-9);
        assertArrayEquals(reference.parameters().toArray(), early.network().parameters().toArray());
        assertEquals(one.filter("not held").count(), s.trainingRows());

        Dataset<Row> df = LocalSpark.frame(LocalSpark.blobs(400, 9), LocalSpark.VECTOR_SCHEMA, 2)
                .withColumn("held", functions.expr("rand(3) < 0.25")).cache();
        LocalSpark.assumeHadoopFileSystems();
        // a fit interrupted after 2 epochs resumes from its checkpoint to the bits of an uninterrupted one
        FnncClassifier c = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC).setValidationIndicatorCol("held")
                .setCheckpointDir(dir.resolve("ckpt").toUri().toString());
        c.setEpochs(2).fit(df);
        assertTrue(Files.exists(dir.resolve("ckpt/checkpoint.safetensors")));
        FnncClassificationModel resumed = c.setEpochs(5).fit(df);
        assertEquals(3, resumed.summary().epochs().size());
        FnncClassificationModel whole = new FnncClassifier().setSpec(LocalSpark.BLOBS_SPEC)
                .setValidationIndicatorCol("held").setEpochs(5).fit(df);
        assertArrayEquals(whole.network().parameters().toArray(), resumed.network().parameters().toArray());

        // the checkpoint of one fit is not taken for another's
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> c.setBatchSize(8).fit(df));
        assertTrue(other.getMessage().contains("holds a checkpoint of another fit"), other.getMessage());
    }
}
