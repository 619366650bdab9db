package org.fnnc.spark.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.MinMaxScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fnnc.spark.FnncClassificationModel;
import org.fnnc.spark.FnncClassifier;

/**
 * The example of docs/spark.md: CSV -> VectorAssembler -> MinMaxScaler -> FnncClassifier -> evaluate -> save ->
 * load.
 * The 8x8 digits (64 pixel columns, then the label) with specs/digits.yaml. Run it with spark/run-example.sh.
 */
public final class DigitsExample {

    private DigitsExample() {
    }

    /** Arguments: the CSV (plain or .gz), the spec file, the folder to save the model in; returns the accuracy. */
    public static double run(SparkSession spark, String csv, Path specFile, String modelDir) throws Exception {
        // 1. Read the data: 64 numeric pixel columns _c0.._c63, the class 0..9 in _c64
        Dataset<Row> data = spark.read().option("inferSchema", "true").csv(csv)
                .withColumnRenamed("_c64", "label");
        Dataset<Row>[] split = data.randomSplit(new double[] {0.8, 0.2}, 42);
        Dataset<Row> train = split[0].repartition(2).cache();
        Dataset<Row> test = split[1];

        // 2. Assemble the pixels into a vector, scale them to [0, 1], train the network the spec describes
        String[] pixels = Arrays.stream(data.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(pixels).setOutputCol("pixels"),
            new MinMaxScaler().setInputCol("pixels").setOutputCol("features"),
            new FnncClassifier().setSpec(Files.readString(specFile)).setEpochs(20)});
        PipelineModel model = pipeline.fit(train);

        // 3. Evaluate on held-out rows
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        double acc = accuracy.evaluate(model.transform(test));
        System.out.printf("test accuracy %.2f%% after %d epochs%n", 100 * acc,
                ((FnncClassificationModel) model.stages()[2]).summary().epochs().size());

        // 4. Save, load, score again: the folder also holds data/weights.safetensors for `fnnc eval` and PyTorch
        model.write().overwrite().save(modelDir);
        double again = accuracy.evaluate(PipelineModel.load(modelDir).transform(test));
        System.out.printf("loaded from %s: test accuracy %.2f%%%n", modelDir, 100 * again);
        return acc;
    }

    public static void main(String[] args) throws Exception {
        String csv = args.length > 0 ? args[0] : "../shared/datasets/digits-8x8/digits.csv.gz";
        Path spec = Path.of(args.length > 1 ? args[1] : "specs/digits.yaml");
        String out = args.length > 2 ? args[2] : "target/digits-model";
        SparkSession spark = SparkSession.builder().master("local[2]").appName("fnnc digits")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            run(spark, csv, spec, out);
        } finally {
            spark.stop();
        }
    }
}
