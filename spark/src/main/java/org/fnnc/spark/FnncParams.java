package org.fnnc.spark;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.yaml.SpecLoader;

/**
 * The params fnnc's estimators and models share: the spec, training settings that override the spec's
 * training section, and how to distribute training. Getters of training settings return the effective
 * value: the param if set, else the spec's.
 */
public interface FnncParams extends Params {

    /** The param instances owned by this stage. */
    FnncParamSet fnncParams();

    /** The network spec, YAML text. */
    default Param<String> spec() {
        return fnncParams().spec;
    }

    default IntParam epochs() {
        return fnncParams().epochs;
    }

    default IntParam batchSize() {
        return fnncParams().batchSize;
    }

    default DoubleParam learningRate() {
        return fnncParams().learningRate;
    }

    default LongParam seed() {
        return fnncParams().seed;
    }

    default Param<String> algorithm() {
        return fnncParams().algorithm;
    }

    default IntParam syncEvery() {
        return fnncParams().syncEvery;
    }

    default Param<String> validationIndicatorCol() {
        return fnncParams().validationIndicatorCol;
    }

    default Param<String> checkpointDir() {
        return fnncParams().checkpointDir;
    }

    default IntParam checkpointInterval() {
        return fnncParams().checkpointInterval;
    }

    default String getSpec() {
        if (!isDefined(spec())) {
            throw new IllegalArgumentException("no spec: set the network spec with setSpec(yamlText)");
        }
        return getOrDefault(spec());
    }

    /** The spec parsed (positioned errors name the {@code spec} param, line and column). */
    default NetworkSpec networkSpec() {
        return SpecLoader.withDefaults().load(getSpec(), "spec");
    }

    default int getEpochs() {
        return isDefined(epochs()) ? (Integer) getOrDefault(epochs()) : networkSpec().training().epochs();
    }

    default int getBatchSize() {
        return isDefined(batchSize()) ? (Integer) getOrDefault(batchSize()) : networkSpec().training().batchSize();
    }

    default double getLearningRate() {
        return isDefined(learningRate()) ? (Double) getOrDefault(learningRate())
                : networkSpec().training().learningRate();
    }

    default long getSeed() {
        return isDefined(seed()) ? (Long) getOrDefault(seed()) : networkSpec().training().seed();
    }

    default String getAlgorithm() {
        return getOrDefault(algorithm());
    }

    default int getSyncEvery() {
        return (Integer) getOrDefault(syncEvery());
    }

    /** The validation indicator column, or {@code null} if none is set. */
    default String getValidationIndicatorCol() {
        return isDefined(validationIndicatorCol()) ? getOrDefault(validationIndicatorCol()) : null;
    }

    /** The checkpoint directory, or {@code null} if none is set. */
    default String getCheckpointDir() {
        return isDefined(checkpointDir()) ? getOrDefault(checkpointDir()) : null;
    }

    default int getCheckpointInterval() {
        return (Integer) getOrDefault(checkpointInterval());
    }

    /** The spec's training section with the params that are set applied. */
    default TrainingSpec trainingSpec(NetworkSpec spec) {
        TrainingSpec.Builder b = spec.training().toBuilder();
        if (isDefined(epochs())) {
            b.epochs((Integer) getOrDefault(epochs()));
        }
        if (isDefined(batchSize())) {
            b.batchSize((Integer) getOrDefault(batchSize()));
        }
        if (isDefined(learningRate())) {
            b.learningRate((Double) getOrDefault(learningRate()));
        }
        if (isDefined(seed())) {
            b.seed((Long) getOrDefault(seed()));
        }
        return b.build();
    }
}
