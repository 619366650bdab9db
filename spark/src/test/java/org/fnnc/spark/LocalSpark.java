package org.fnnc.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.fnnc.network.SplitMix64;

/** The one local[2] session the tests share (UI off, loopback only), and small data sets made in code. */
final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("fnnc-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    /**
     * Skips the calling test where Hadoop cannot reach file systems on this JVM: Spark 4.1's Hadoop 3.4.2 asks
     * {@code Subject.getSubject}, which throws on Java 24 and newer (Spark 4.1 supports Java 17 and 21).
     */
    static void assumeHadoopFileSystems() {
        try {
            org.apache.hadoop.security.UserGroupInformation.getCurrentUser();
        } catch (UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "Hadoop "
                    + org.apache.hadoop.util.VersionInfo.getVersion() + " cannot use file systems on Java "
                    + Runtime.version().feature() + ": " + e.getMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final StructType VECTOR_SCHEMA = new StructType().add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType);

    /** Three Gaussian blobs in the plane around (4, 0), (-2, 3.5), (-2, -3.5): an easy 3-class problem. */
    static List<Row> blobs(int n, long seed) {
        double[][] centres = {{4, 0}, {-2, 3.5}, {-2, -3.5}};
        SplitMix64 rng = new SplitMix64(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            rows.add(RowFactory.create(Vectors.dense(centres[c][0] + rng.nextGaussian(),
                    centres[c][1] + rng.nextGaussian()), (double) c));
        }
        return rows;
    }

    static Dataset<Row> frame(List<Row> rows, StructType schema, int partitions) {
        return session().createDataFrame(rows, schema).repartition(partitions).cache();
    }

    /** The rows in partition order: the order fnnc trains them in. */
    static List<Row> inPartitionOrder(Dataset<Row> df) {
        return df.collectAsList();
    }

    static final String BLOBS_SPEC = """
            name: Blobs
            input: 2
            layers:
              - {units: 8, activation: tanh}
              - {units: 3, activation: softmax}
            loss: cross_entropy
            training: {optimizer: momentum, learning_rate: 0.05, momentum: 0.9, batch_size: 16, epochs: 4, seed: 5}
            """;
}
