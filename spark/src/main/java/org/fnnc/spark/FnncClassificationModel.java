package org.fnnc.spark;

import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;

/**
 * A trained fnnc classifier. {@link #transform} appends {@code rawPrediction} (the network's per-class outputs),
 * {@code probability} and {@code prediction}, scoring each partition in batches with one network instance.
 * {@link #network()} gives the trained network for use outside Spark; {@code write().save(path)} stores the
 * params metadata, the spec and an fnnc safetensors weights file ({@code data/weights.safetensors}).
 */
public final class FnncClassificationModel
        extends ProbabilisticClassificationModel<Vector, FnncClassificationModel>
        implements FnncParams, MLWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private final FnncParamSet fnncParams;
    private final TrainedNetwork trained;
    private final transient FnncTrainingSummary summary;

    FnncClassificationModel(String uid, String specText, TrainedNetwork trained, FnncTrainingSummary summary) {
        this(PendingUid.begin(uid), specText, trained, summary, true);
    }

    private FnncClassificationModel(String uid, String specText, TrainedNetwork trained, FnncTrainingSummary summary,
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

    /** Spark's summary lookup, declared again: Java sees two inherited versions with different generic returns. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public int numClasses() {
        return Math.max(2, trained.spec().outputSize());
    }

    @Override
    public int numFeatures() {
        return trained.spec().input();
    }

    @Override
    public Vector predictRaw(Vector features) {
        double[] x = features.toArray();
        double[] y = trained.withLocal(n -> Networks.predict(n, x, 1));
        return new DenseVector(y.length == 1 ? new double[] {1 - y[0], y[0]} : y);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        if (raw instanceof DenseVector d) {
            ProbabilisticClassificationModel.normalizeToProbabilitiesInPlace(d);
            return d;
        }
        throw new IllegalArgumentException("rawPrediction must be a dense vector, got " + raw.getClass().getName());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return Stages.appendOutputs(schema, getFeaturesCol(), getLabelCol(), false, false, outputs());
    }

    private List<Stages.OutputColumn> outputs() {
        return Stages.classifierOutputs(getRawPredictionCol(), getProbabilityCol(), getPredictionCol());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
        if (thresholds != null && thresholds.length != numClasses()) {
            throw new IllegalArgumentException("thresholds has " + thresholds.length + " values but the model has "
                    + numClasses() + " classes");
        }
        Scorer.Output[] columns = outputs().stream().filter(c -> !c.name().isEmpty()).map(Stages.OutputColumn::output)
                .toArray(Scorer.Output[]::new);
        return trained.score(dataset.toDF(), out, getFeaturesCol(), columns, thresholds);
    }

    @Override
    public FnncClassificationModel copy(ParamMap extra) {
        FnncClassificationModel m = new FnncClassificationModel(uid(), getSpec(), trained, summary);
        return copyValues(m, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                ModelFiles.save(FnncClassificationModel.this, getSpec(), trained, path, sparkSession());
            }
        };
    }

    public static MLReader<FnncClassificationModel> read() {
        return new MLReader<>() {
            @Override
            public FnncClassificationModel load(String path) {
                SparkSession spark = sparkSession();
                ModelFiles.Loaded l = ModelFiles.load(path, spark, FnncClassificationModel.class.getName());
                FnncClassificationModel m = new FnncClassificationModel(l.metadata().uid(), l.specText(), l.network(),
                        null);
                l.metadata().getAndSetParams(m, scala.Option.empty());
                return m;
            }
        };
    }

    public static FnncClassificationModel load(String path) {
        return read().load(path);
    }
}
