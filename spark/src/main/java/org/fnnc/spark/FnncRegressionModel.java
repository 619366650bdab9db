package org.fnnc.spark;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;

/**
 * A trained fnnc regressor. {@link #transform} appends {@code prediction}: a number for a network with one
 * output, a vector of the outputs otherwise (probabilities for sigmoid multi-label networks), scoring each
 * partition in batches with one network instance. {@link #network()} gives the trained network for use outside
 * Spark; {@code write().save(path)} stores the params metadata, the spec and an fnnc safetensors weights file.
 */
public final class FnncRegressionModel extends RegressionModel<Vector, FnncRegressionModel>
        implements FnncParams, MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final FnncParamSet fnncParams;
    private final TrainedNetwork trained;
    private final transient FnncTrainingSummary summary;

    FnncRegressionModel(String uid, String specText, TrainedNetwork trained, FnncTrainingSummary summary) {
        this(PendingUid.begin(uid), specText, trained, summary, true);
    }

    private FnncRegressionModel(String uid, String specText, TrainedNetwork trained, FnncTrainingSummary summary,
            boolean constructing) {
        this.uid = uid;
        PendingUid.end();
        this.fnncParams = new FnncParamSet(this);
        this.trained = trained;
        this.summary = summary;
        Stages.setDefaults(this);
        set(spec(), specText);
    }

    @Override
    public String uid() {
        return uid != null ? uid : PendingUid.current();
    }

    @Override
    public FnncParamSet fnncParams() {
        return fnncParams;
    }

    /** A new instance of the trained network (float or double as the spec says), for use outside Spark. */
    public Network network() {
        return trained.newNetwork();
    }

    /** What the fit did; {@code null} for a loaded model. */
    public FnncTrainingSummary summary() {
        return summary;
    }

    @Override
    public int numFeatures() {
        return trained.spec().input();
    }

    /**
     * The output of a one-output network for one row.
     *
     * @throws UnsupportedOperationException for several outputs: {@link #transform} gives them as a vector
     */
    @Override
    public double predict(Vector features) {
        if (trained.spec().outputSize() != 1) {
            throw new UnsupportedOperationException("the network has " + trained.spec().outputSize()
                    + " outputs; transform() gives them as a vector column, network().predict(...) as an array");
        }
        double[] x = features.toArray();
        return trained.withLocal(n -> Networks.predict(n, x, 1))[0];
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return Stages.appendOutputs(schema, getFeaturesCol(), getLabelCol(), false, false, outputs());
    }

    private List<Stages.OutputColumn> outputs() {
        return Stages.regressorOutputs(trained.spec(), getPredictionCol());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        Scorer.Output[] columns = outputs().stream().filter(c -> !c.name().isEmpty()).map(Stages.OutputColumn::output)
                .toArray(Scorer.Output[]::new);
        return trained.score(dataset.toDF(), out, getFeaturesCol(), columns, null);
    }

    @Override
    public FnncRegressionModel copy(ParamMap extra) {
        FnncRegressionModel m = new FnncRegressionModel(uid(), getSpec(), trained, summary);
        return copyValues(m, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                ModelFiles.save(FnncRegressionModel.this, getSpec(), trained, path, sparkSession());
            }
        };
    }

    public static MLReader<FnncRegressionModel> read() {
        return new MLReader<>() {
            @Override
            public FnncRegressionModel load(String path) {
                ModelFiles.Loaded l = ModelFiles.load(path, sparkSession(), FnncRegressionModel.class.getName());
                FnncRegressionModel m = new FnncRegressionModel(l.metadata().uid(), l.specText(), l.network(), null);
                l.metadata().getAndSetParams(m, scala.Option.empty());
                return m;
            }
        };
    }

    public static FnncRegressionModel load(String path) {
        return read().load(path);
    }
}
