package org.fnnc.spark;

import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;

/**
 * The fnnc params of one estimator or model, owned by it ({@link FnncParams} exposes them). Training settings
 * have no Spark default: unset, they take the spec's training section.
 */
public final class FnncParamSet implements Serializable {

    private static final long serialVersionUID = 1L;

    final Param<String> spec;
    final IntParam epochs;
    final IntParam batchSize;
    final DoubleParam learningRate;
    final LongParam seed;
    final Param<String> algorithm;
    final IntParam syncEvery;
    final Param<String> validationIndicatorCol;
    final Param<String> checkpointDir;
    final IntParam checkpointInterval;

    FnncParamSet(Identifiable owner) {
        spec = new Param<>(owner, "spec", "the network spec: YAML text in the language of fnnc spec files");
        epochs = new IntParam(owner, "epochs", "passes over the training rows (default: the spec's)",
                ParamValidators.gt(0));
        batchSize = new IntParam(owner, "batchSize", "rows per minibatch (default: the spec's)", ParamValidators.gt(0));
        learningRate = new DoubleParam(owner, "learningRate", "initial learning rate (default: the spec's)",
                ParamValidators.gt(0));
        seed = new LongParam(owner, "seed", "seed of the shuffles (default: the spec's training seed)");
        algorithm = new Param<>(owner, "algorithm", "how training is spread over partitions: 'averaging' (each"
                + " partition takes syncEvery local steps, then parameters and optimizer state are averaged weighted"
                + " by rows) or 'exact' (every minibatch gradient over all partitions, one Spark job per step)",
                ParamValidators.inArray(new String[] {"averaging", "exact"}));
        syncEvery = new IntParam(owner, "syncEvery", "averaging: local minibatch steps per partition between"
                + " averaging rounds; 0 averages once per epoch", ParamValidators.gtEq(0));
        validationIndicatorCol = new Param<>(owner, "validationIndicatorCol", "boolean column marking the rows"
                + " held out for per-epoch validation and early stopping (none: no validation)");
        checkpointDir = new Param<>(owner, "checkpointDir", "directory (any Hadoop file system) for a checkpoint"
                + " after every checkpointInterval epochs; a fit that finds one there resumes from it");
        checkpointInterval = new IntParam(owner, "checkpointInterval", "epochs between checkpoints",
                ParamValidators.gtEq(1));
    }
}
