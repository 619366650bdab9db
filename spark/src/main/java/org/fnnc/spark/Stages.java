package org.fnnc.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.fnnc.spec.NetworkSpec;

/** What fnnc's estimators and models share beyond their params: defaults and schema checks. */
final class Stages {

    private Stages() {
    }

    static void setDefaults(FnncParams stage) {
        stage.setDefault(stage.algorithm(), TrainingAlgorithm.AVERAGING.paramValue());
        stage.setDefault(stage.syncEvery(), 0);
        stage.setDefault(stage.checkpointInterval(), 1);
    }

    /** A named output column to append, skipped if its name is empty. */
    record OutputColumn(String name, DataType type, Scorer.Output output) {
    }

    /**
     * Checks the features (and, when fitting, the label) column and appends the output columns.
     *
     * @throws IllegalArgumentException naming the missing or mistyped column, or the clashing output column
     */
    static StructType appendOutputs(StructType schema, String featuresCol, String labelCol, boolean fitting,
            boolean vectorLabel, List<OutputColumn> outputs) {
        VectorColumn.of(schema, featuresCol, "features", false);
        if (fitting) {
            StructField label = VectorColumn.field(schema, labelCol, "label");
            if (vectorLabel) {
                VectorColumn.of(schema, labelCol, "label", false);
            } else if (!(label.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("label column '" + labelCol + "' has type "
                        + label.dataType().simpleString() + "; it must be numeric. Hint: StringIndexer turns"
                        + " labels into class indices");
            }
        }
        StructType out = schema;
        for (OutputColumn c : outputs) {
            if (c.name().isEmpty()) {
                continue;
            }
            if (List.of(out.fieldNames()).contains(c.name())) {
                throw new IllegalArgumentException("output column '" + c.name() + "' already exists; set another"
                        + " name for it (or drop the column)");
            }
            out = out.add(new StructField(c.name(), c.type(), false, org.apache.spark.sql.types.Metadata.empty()));
        }
        return out;
    }

    static List<OutputColumn> classifierOutputs(String raw, String probability, String prediction) {
        List<OutputColumn> l = new ArrayList<>();
        l.add(new OutputColumn(raw, SQLDataTypes.VectorType(), Scorer.Output.RAW));
        l.add(new OutputColumn(probability, SQLDataTypes.VectorType(), Scorer.Output.PROBABILITY));
        l.add(new OutputColumn(prediction, DataTypes.DoubleType, Scorer.Output.CLASS));
        return l;
    }

    static List<OutputColumn> regressorOutputs(NetworkSpec spec, String prediction) {
        return List.of(spec.outputSize() == 1
                ? new OutputColumn(prediction, DataTypes.DoubleType, Scorer.Output.VALUE)
                : new OutputColumn(prediction, SQLDataTypes.VectorType(), Scorer.Output.VALUES));
    }

    static StructType classifierSchema(org.apache.spark.ml.classification.ProbabilisticClassifier<?, ?, ?> c,
            StructType schema, NetworkSpec spec, boolean fitting) {
        return appendOutputs(schema, c.getFeaturesCol(), c.getLabelCol(), fitting, false,
                classifierOutputs(c.getRawPredictionCol(), c.getProbabilityCol(), c.getPredictionCol()));
    }
}
