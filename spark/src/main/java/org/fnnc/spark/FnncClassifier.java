package org.fnnc.spark;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * A Spark ML classifier that trains an fnnc network spec on a cluster: the spec is compiled once, on the driver;
 * executors get the class files and the parameters by broadcast. The spec's output decides the classes: a
 * softmax layer with cross-entropy (label: class index 0..K-1 as a double), or one sigmoid unit with binary
 * cross-entropy (label 0 or 1).
 *
 * <pre>{@code
 * FnncClassifier classifier = new FnncClassifier().setSpec(Files.readString(Path.of("mnist-mlp.yaml")))
 *         .setEpochs(6);
 * FnncClassificationModel model = classifier.fit(train);
 * model.transform(test).select("prediction", "probability").show();
 * }</pre>
 *
 * <p>Features are a {@code Vector}, {@code array<float>} or {@code array<double>} column. The spec's training
 * section gives the defaults that {@code setEpochs}, {@code setBatchSize}, {@code setLearningRate} and
 * {@code setSeed} override. See {@link TrainingAlgorithm} for how training is spread over the partitions.
 */
public final class FnncClassifier extends ProbabilisticClassifier<Vector, FnncClassifier, FnncClassificationModel>
        implements FnncParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final FnncParamSet fnncParams;

    public FnncClassifier() {
        this(Identifiable$.MODULE$.randomUID("fnncClassifier"));
    }

    public FnncClassifier(String uid) {
        this(PendingUid.begin(uid), true);
    }

    private FnncClassifier(String uid, boolean constructing) {
        this.uid = uid;
        PendingUid.end();
        this.fnncParams = new FnncParamSet(this);
        Stages.setDefaults(this);
    }

    @Override
    public String uid() {
        return uid != null ? uid : PendingUid.current();
    }

    @Override
    public FnncParamSet fnncParams() {
        return fnncParams;
    }

    /** The network spec: YAML text, as in a spec file (errors name the {@code spec} param, line and column). */
    public FnncClassifier setSpec(String yaml) {
        set(spec(), yaml);
        return this;
    }

    public FnncClassifier setEpochs(int epochs) {
        set(epochs(), epochs);
        return this;
    }

    public FnncClassifier setBatchSize(int rows) {
        set(batchSize(), rows);
        return this;
    }

    public FnncClassifier setLearningRate(double lr) {
        set(learningRate(), lr);
        return this;
    }

    public FnncClassifier setSeed(long seed) {
        set(seed(), seed);
        return this;
    }

    /** {@code "averaging"} (default) or {@code "exact"}: see {@link TrainingAlgorithm}. */
    public FnncClassifier setAlgorithm(String algorithm) {
        set(algorithm(), algorithm);
        return this;
    }

    /** Averaging: local steps per partition between averaging rounds; 0 (default) averages once per epoch. */
    public FnncClassifier setSyncEvery(int steps) {
        set(syncEvery(), steps);
        return this;
    }

    /** A boolean column marking validation rows, evaluated after every epoch (early stopping uses them). */
    public FnncClassifier setValidationIndicatorCol(String column) {
        set(validationIndicatorCol(), column);
        return this;
    }

    /** A directory (any Hadoop file system) for checkpoints; a fit that finds one there resumes from it. */
    public FnncClassifier setCheckpointDir(String dir) {
        set(checkpointDir(), dir);
        return this;
    }

    public FnncClassifier setCheckpointInterval(int epochs) {
        set(checkpointInterval(), epochs);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        NetworkSpec spec = classifierSpec();
        return Stages.classifierSchema(this, schema, spec, true);
    }

    @Override
    public FnncClassificationModel train(Dataset<?> dataset) {
        NetworkSpec spec = classifierSpec();
        FitJob.Fitted fitted = FitJob.run(this, dataset, getFeaturesCol(), getLabelCol(), spec);
        return new FnncClassificationModel(uid(), getSpec(),
                new TrainedNetwork(spec, fitted.network().parameters().toArray()), fitted.summary());
    }

    private NetworkSpec classifierSpec() {
        NetworkSpec spec = networkSpec();
        boolean softmax = spec.loss() == Loss.CROSS_ENTROPY;
        boolean binary = spec.loss() == Loss.BINARY_CROSS_ENTROPY && spec.outputSize() == 1;
        if (!softmax && !binary) {
            throw new IllegalArgumentException("FnncClassifier needs a spec with a softmax output and cross_entropy"
                    + " loss, or one sigmoid output and binary_cross_entropy; spec " + spec.name() + " has "
                    + spec.outputSize() + " outputs and loss " + spec.loss().yamlName()
                    + ". Hint: FnncRegressor trains mse and multi-label binary_cross_entropy specs");
        }
        return spec;
    }

    @Override
    public FnncClassifier copy(ParamMap extra) {
        return (FnncClassifier) defaultCopy(extra);
    }

    public static MLReader<FnncClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static FnncClassifier load(String path) {
        return read().load(path);
    }
}
