package org.fnnc.spark;

import org.apache.spark.ml.regression.Regressor;
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
 * A Spark ML regressor that trains an fnnc network spec on a cluster: specs with a linear (or any) output and
 * {@code mse} loss, or sigmoid outputs with {@code binary_cross_entropy} for multi-label targets. The label is a
 * number for one output, or a {@code Vector}, {@code array<float>} or {@code array<double>} with one value per
 * output; the model's {@code prediction} column is then a number or a vector alike.
 *
 * <p>Everything else is as for {@link FnncClassifier}: the spec is compiled once on the driver, its training
 * section gives the defaults the setters override, and {@link TrainingAlgorithm} says how training is spread.
 */
public final class FnncRegressor extends Regressor<Vector, FnncRegressor, FnncRegressionModel>
        implements FnncParams, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final FnncParamSet fnncParams;

    public FnncRegressor() {
        this(Identifiable$.MODULE$.randomUID("fnncRegressor"));
    }

    public FnncRegressor(String uid) {
        this(PendingUid.begin(uid), true);
    }

    private FnncRegressor(String uid, boolean constructing) {
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
    public FnncRegressor setSpec(String yaml) {
        set(spec(), yaml);
        return this;
    }

    public FnncRegressor setEpochs(int epochs) {
        set(epochs(), epochs);
        return this;
    }

    public FnncRegressor setBatchSize(int rows) {
        set(batchSize(), rows);
        return this;
    }

    public FnncRegressor setLearningRate(double lr) {
        set(learningRate(), lr);
        return this;
    }

    public FnncRegressor setSeed(long seed) {
        set(seed(), seed);
        return this;
    }

    /** {@code "averaging"} (default) or {@code "exact"}: see {@link TrainingAlgorithm}. */
    public FnncRegressor setAlgorithm(String algorithm) {
        set(algorithm(), algorithm);
        return this;
    }

    /** Averaging: local steps per partition between averaging rounds; 0 (default) averages once per epoch. */
    public FnncRegressor setSyncEvery(int steps) {
        set(syncEvery(), steps);
        return this;
    }

    /** A boolean column marking validation rows, evaluated after every epoch (early stopping uses them). */
    public FnncRegressor setValidationIndicatorCol(String column) {
        set(validationIndicatorCol(), column);
        return this;
    }

    /** A directory (any Hadoop file system) for checkpoints; a fit that finds one there resumes from it. */
    public FnncRegressor setCheckpointDir(String dir) {
        set(checkpointDir(), dir);
        return this;
    }

    public FnncRegressor setCheckpointInterval(int epochs) {
        set(checkpointInterval(), epochs);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        NetworkSpec spec = regressorSpec();
        return Stages.appendOutputs(schema, getFeaturesCol(), getLabelCol(), true, spec.targetWidth() > 1,
                Stages.regressorOutputs(spec, getPredictionCol()));
    }

    /** Fits without Spark's cast of the label to a double: a multi-output label is a vector. */
    @Override
    public FnncRegressionModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        return copyValues(train(dataset), ParamMap.empty()).setParent(this);
    }

    @Override
    public FnncRegressionModel train(Dataset<?> dataset) {
        NetworkSpec spec = regressorSpec();
        FitJob.Fitted fitted = FitJob.run(this, dataset, getFeaturesCol(), getLabelCol(), spec);
        return new FnncRegressionModel(uid(), getSpec(),
                new TrainedNetwork(spec, fitted.network().parameters().toArray()), fitted.summary());
    }

    private NetworkSpec regressorSpec() {
        NetworkSpec spec = networkSpec();
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            throw new IllegalArgumentException("FnncRegressor trains mse and binary_cross_entropy specs; spec "
                    + spec.name() + " has a softmax output with cross_entropy. Hint: FnncClassifier trains it");
        }
        return spec;
    }

    @Override
    public FnncRegressor copy(ParamMap extra) {
        return (FnncRegressor) defaultCopy(extra);
    }

    public static MLReader<FnncRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static FnncRegressor load(String path) {
        return read().load(path);
    }
}
