package org.fnnc.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.fnnc.Fnnc;
import org.fnnc.compiler.JaninoNetworkCompiler.CompiledClass;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;

/**
 * A fit from a Dataset: the spec compiled once on the driver, the rows packed per partition and cached, the
 * {@link DistributedFit} run, the cache released. Shared by the classifier and the regressor.
 */
final class FitJob {

    /** The trained network and what the fit did. */
    record Fitted(NetworkSpec spec, Network network, FnncTrainingSummary summary) {
    }

    private FitJob() {
    }

    static Fitted run(FnncParams stage, Dataset<?> dataset, String featuresCol, String labelCol, NetworkSpec spec) {
        StructType schema = dataset.schema();
        VectorColumn features = VectorColumn.of(schema, featuresCol, "features", false);
        VectorColumn label = VectorColumn.of(schema, labelCol, "label", spec.targetWidth() == 1);
        String validationCol = stage.getValidationIndicatorCol();
        List<Column> columns = new ArrayList<>(List.of(functions.col(featuresCol), functions.col(labelCol)));
        if (validationCol != null) {
            if (!VectorColumn.field(schema, validationCol, "validationIndicator").dataType()
                    .equals(DataTypes.BooleanType)) {
                throw new IllegalArgumentException("validation indicator column '" + validationCol + "' has type "
                        + VectorColumn.field(schema, validationCol, "validationIndicator").dataType().simpleString()
                        + "; it must be boolean (true marks a validation row)");
            }
            columns.add(functions.col(validationCol));
        }
        DistributedFit.Settings settings = new DistributedFit.Settings(stage.trainingSpec(spec),
                TrainingAlgorithm.of(stage.getAlgorithm()), syncEvery(stage.getSyncEvery()), stage.getCheckpointDir(),
                stage.getCheckpointInterval());
        CompiledClass compiled = Fnnc.compiledClass(spec);
        Network network = compiled.newInstance(spec);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        JavaRDD<PartitionRows> packed = dataset.select(columns.toArray(new Column[0])).toJavaRDD()
                .mapPartitionsWithIndex(new RowPacker(features, spec.input(), label, spec.targetWidth(), spec.loss(),
                        spec.outputSize(), validationCol != null, new String[] {featuresCol, labelCol}), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            FnncTrainingSummary summary = new DistributedFit(sc, spec, network, NetworkShipment.of(compiled), settings)
                    .run(packed);
            return new Fitted(spec, network, summary);
        } finally {
            packed.unpersist(false);
        }
    }

    /** {@code syncEvery} 0 means once per epoch: more local steps than any epoch has. */
    private static int syncEvery(int param) {
        return param == 0 ? Integer.MAX_VALUE : param;
    }
}
