package org.fnnc.benchmarks.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fnnc.Fnnc;
import org.fnnc.data.Mnist;
import org.fnnc.network.Network;
import org.fnnc.spark.FnncClassificationModel;
import org.fnnc.spark.FnncClassifier;
import org.fnnc.spark.FnncTrainingSummary;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.yaml.SpecLoader;
import org.fnnc.train.EpochResult;
import org.fnnc.train.Evaluator;
import org.fnnc.train.Trainer;

/**
 * fnnc-spark against Spark MLlib's {@code MultilayerPerceptronClassifier} on MNIST (784-128-10), same data, same
 * partitions, same session, start-up excluded: time per pass over the data, time to 97% test accuracy, scoring
 * rows/s; fnnc with relu (specs/mnist-mlp.yaml) and with sigmoid hidden units (MLlib's only kind); the
 * single-machine trainer's accuracy for the same epochs; the overhead of an averaging round.
 *
 * <p>Run (see docs/spark.md): {@code mvn -Pspark -pl benchmarks -am package -DskipTests}, then
 * {@code benchmarks/spark-bench.sh [master] [partitions]}.
 */
public final class SparkVsMllib {

    private static final StructType SCHEMA = new StructType().add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType).add("test", DataTypes.BooleanType);

    private SparkVsMllib() {
    }

    public static void main(String[] args) throws Exception {
        String master = args.length > 0 ? args[0] : "local[2]";
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String what = args.length > 2 ? args[2] : "all";
        Path mnistDir = Path.of(System.getProperty("fnnc.datasets", "../shared/datasets"), "mnist");
        String relu = Files.readString(Path.of(System.getProperty("fnnc.specs", "specs"), "mnist-mlp.yaml"));
        String sigmoid = relu.replace("activation: relu", "activation: sigmoid");

        Mnist.Data mnist = Mnist.load(mnistDir);
        SparkSession spark = SparkSession.builder().master(master).appName("fnnc-spark-vs-mllib")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        System.out.printf(Locale.ROOT, "# %s, %d partitions, %s; Java %s; CPU %s%n", master, partitions,
                spark.version(), System.getProperty("java.version"), cpu());

        List<Row> rows = new ArrayList<>();
        add(rows, mnist.train(), false);
        add(rows, mnist.test(), true);
        Dataset<Row> all = spark.createDataFrame(rows, SCHEMA).repartition(partitions).cache();
        rows = null;
        Dataset<Row> train = all.filter("not test").cache();
        Dataset<Row> test = all.filter("test").cache();
        System.out.printf(Locale.ROOT, "# %d training rows, %d test rows%n", train.count(), test.count());

        if (what.equals("all") || what.equals("fnnc")) {
            fnnc("fnnc relu", relu, all, train, test);
            fnnc("fnnc sigmoid", sigmoid, all, train, test);
            fnnc("fnnc relu vector_api", relu + "\nkernels: vector_api\n", all, train, test);
            singleMachine("trainer relu (1 thread)", relu, mnist);
            syncOverhead(relu, train);
        }
        if (what.equals("all") || what.equals("mllib")) {
            mllib(train, test);
        }
        spark.stop();
    }

    private static void add(List<Row> rows, org.fnnc.data.Dataset d, boolean test) {
        float[] x = d.features();
        int f = d.featureCount();
        for (int i = 0; i < d.size(); i++) {
            double[] v = new double[f];
            for (int k = 0; k < f; k++) {
                v[k] = x[i * f + k];
            }
            rows.add(RowFactory.create(Vectors.dense(v), (double) d.label(i), test));
        }
    }

    private static void fnnc(String name, String spec, Dataset<Row> all, Dataset<Row> train, Dataset<Row> test) {
        // with the test rows as validation rows: the accuracy after every epoch, and when it reaches 97%
        FnncClassificationModel curve = new FnncClassifier().setSpec(spec).setValidationIndicatorCol("test").fit(all);
        FnncTrainingSummary s = curve.summary();
        double elapsed = 0;
        double to97 = Double.NaN;
        int epochTo97 = 0;
        for (EpochResult e : s.epochs()) {
            elapsed += e.seconds();
            if (Double.isNaN(to97) && e.validationAccuracy() >= 0.97) {
                to97 = elapsed;
                epochTo97 = e.epoch();
            }
            System.out.printf(Locale.ROOT, "%s epoch %d: %.2f s (with validation), test accuracy %.2f%%%n", name,
                    e.epoch(), e.seconds(), 100 * e.validationAccuracy());
        }
        System.out.printf(Locale.ROOT, "%s: time to 97%%: %.2f s (epoch %d), final %.2f%%%n", name, to97, epochTo97,
                100 * s.finalValidation().accuracy());
        // time per pass without validation
        FnncTrainingSummary passes = new FnncClassifier().setSpec(spec).fit(train).summary();
        double sum = 0;
        for (EpochResult e : passes.epochs()) {
            sum += e.seconds();
        }
        System.out.printf(Locale.ROOT, "%s: time per pass %.3f s (mean of %d epochs, %d rounds), fit %.2f s%n", name,
                sum / passes.epochs().size(), passes.epochs().size(), passes.rounds(), passes.seconds());
        score(name, curve.transform(train));
    }

    private static void singleMachine(String name, String specText, Mnist.Data mnist) {
        NetworkSpec spec = SpecLoader.withDefaults().load(specText, "mnist-mlp.yaml");
        Network net = Fnnc.compile(spec);
        long t = System.nanoTime();
        Trainer.builder(spec.training()).build().fit(net, mnist.train(), null);
        double seconds = (System.nanoTime() - t) * 1e-9;
        System.out.printf(Locale.ROOT, "%s: %d epochs in %.2f s, test accuracy %.2f%%%n", name,
                spec.training().epochs(), seconds, 100 * Evaluator.evaluate(net, mnist.test()).accuracy());
    }

    private static void syncOverhead(String spec, Dataset<Row> train) {
        FnncTrainingSummary once = new FnncClassifier().setSpec(spec).setEpochs(2).fit(train).summary();
        FnncTrainingSummary often = new FnncClassifier().setSpec(spec).setEpochs(2).setSyncEvery(47).fit(train)
                .summary();
        double a = once.epochs().get(1).seconds();
        double b = often.epochs().get(1).seconds();
        long roundsA = once.rounds() / 2;
        long roundsB = often.rounds() / 2;
        System.out.printf(Locale.ROOT, "sync rounds: %d per epoch %.3f s, %d per epoch %.3f s: %.1f ms per round%n",
                roundsA, a, roundsB, b, 1000 * (b - a) / (roundsB - roundsA));
    }

    private static void mllib(Dataset<Row> train, Dataset<Row> test) {
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        for (int iterations : new int[] {20, 100}) {
            MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {784, 128, 10}).setMaxIter(iterations).setSeed(1).setSolver("l-bfgs");
            long t = System.nanoTime();
            MultilayerPerceptronClassificationModel model = mlp.fit(train);
            double seconds = (System.nanoTime() - t) * 1e-9;
            int done = model.summary().totalIterations();
            System.out.printf(Locale.ROOT, "mllib l-bfgs %d iterations: %.2f s (%.3f s per iteration),"
                    + " test accuracy %.2f%%%n", done, seconds, seconds / done,
                    100 * accuracy.evaluate(model.transform(test)));
            if (iterations == 20) {
                score("mllib", model.transform(train));
            }
        }
    }

    /** Rows per second of scoring {@code scored} (forced by summing the predictions), best of three. */
    private static void score(String name, Dataset<Row> scored) {
        double best = Double.MAX_VALUE;
        long n = 0;
        for (int k = 0; k < 3; k++) {
            long t = System.nanoTime();
            Row r = scored.agg(functions.count("prediction"), functions.sum("prediction")).first();
            best = Math.min(best, (System.nanoTime() - t) * 1e-9);
            n = r.getLong(0);
        }
        System.out.printf(Locale.ROOT, "%s scoring: %d rows in %.3f s: %.0f rows/s%n", name, n, best, n / best);
    }

    private static String cpu() {
        try {
            String family = null;
            String model = null;
            String name = null;
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (family == null && line.startsWith("cpu family")) {
                    family = line.substring(line.indexOf(':') + 1).trim();
                } else if (model == null && line.startsWith("model") && !line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (name == null && line.startsWith("model name")) {
                    name = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            return name + " (family " + family + ", model " + model + ")";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
