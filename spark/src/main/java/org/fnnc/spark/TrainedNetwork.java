package org.fnnc.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.fnnc.Fnnc;
import org.fnnc.compiler.JaninoNetworkCompiler.CompiledClass;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;

/**
 * A model's network: the spec and the trained parameters (canonical order). The class is compiled on the
 * driver when first needed; scoring ships its class files and the parameters to the executors by broadcast,
 * once per Spark context.
 */
final class TrainedNetwork implements Serializable {

    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final double[] parameters;
    private transient CompiledClass compiled;
    private transient Network local;
    private transient SparkContext broadcastContext;
    private transient Broadcast<NetworkShipment> shipment;
    private transient Broadcast<double[]> broadcastParameters;

    TrainedNetwork(NetworkSpec spec, double[] parameters) {
        this.spec = spec;
        this.parameters = parameters.clone();
    }

    NetworkSpec spec() {
        return spec;
    }

    /** The parameters in canonical order (a copy). */
    double[] parameters() {
        return parameters.clone();
    }

    private synchronized CompiledClass compiled() {
        if (compiled == null) {
            compiled = Fnnc.compiledClass(spec);
        }
        return compiled;
    }

    /** A new network instance holding the trained parameters. */
    Network newNetwork() {
        Network n = compiled().newInstance(spec);
        n.parameters().copyFrom(parameters);
        return n;
    }

    /** Runs {@code f} on the driver's own instance, one caller at a time (networks own scratch buffers). */
    synchronized <T> T withLocal(java.util.function.Function<Network, T> f) {
        if (local == null) {
            local = newNetwork();
        }
        return f.apply(local);
    }

    /** Scores {@code df} partition by partition into rows of {@code outputSchema}. */
    Dataset<Row> score(Dataset<Row> df, StructType outputSchema, String featuresCol, Scorer.Output[] outputs,
            double[] thresholds) {
        VectorColumn features = VectorColumn.of(df.schema(), featuresCol, "features", false);
        int index = df.schema().fieldIndex(featuresCol);
        broadcast(df.sparkSession().sparkContext());
        return df.mapPartitions(new Scorer(shipment, broadcastParameters, index, features, outputs, thresholds),
                Encoders.row(outputSchema));
    }

    private synchronized void broadcast(SparkContext sc) {
        if (broadcastContext != sc || sc.isStopped()) {
            shipment = sc.broadcast(NetworkShipment.of(compiled()), scala.reflect.ClassTag$.MODULE$.apply(
                    NetworkShipment.class));
            broadcastParameters = sc.broadcast(parameters, scala.reflect.ClassTag$.MODULE$.apply(double[].class));
            broadcastContext = sc;
        }
    }
}
