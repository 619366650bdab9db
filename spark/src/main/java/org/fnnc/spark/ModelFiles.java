package org.fnnc.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.sql.SparkSession;
import org.fnnc.io.LoadOptions;
import org.fnnc.io.SafeTensors;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.yaml.SpecLoader;

/**
 * A saved model's folder: Spark's params metadata ({@code metadata/}, as every ML stage writes it), the spec
 * as it was given ({@code data/spec.yaml}) and the trained parameters as an fnnc safetensors weights file
 * ({@code data/weights.safetensors}) that {@code fnnc eval} and PyTorch read directly.
 */
final class ModelFiles {

    static final String SPEC = "data/spec.yaml";
    static final String WEIGHTS = "data/weights.safetensors";

    private ModelFiles() {
    }

    static void save(Params stage, String specText, TrainedNetwork trained, String path, SparkSession spark) {
        DefaultParamsWriter.saveMetadata(stage, path, spark);
        try {
            FileSystem fs = new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (OutputStream out = fs.create(new Path(path, SPEC), true)) {
                out.write(specText.getBytes(StandardCharsets.UTF_8));
            }
            java.nio.file.Path local = Files.createTempFile("fnnc-weights", ".safetensors");
            try {
                SafeTensors.save(local, trained.spec(), trained.newNetwork().parameters());
                fs.copyFromLocalFile(false, true, new Path(local.toUri()), new Path(path, WEIGHTS));
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("saving the fnnc model to " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** The metadata, spec text and network saved in {@code path} by a stage of class {@code className}. */
    record Loaded(DefaultParamsReader.Metadata metadata, String specText, TrainedNetwork network) {
    }

    static Loaded load(String path, SparkSession spark, String className) {
        DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, spark, className);
        try {
            FileSystem fs = new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
            String specText;
            try (InputStream in = fs.open(new Path(path, SPEC))) {
                specText = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            NetworkSpec spec = SpecLoader.withDefaults().load(specText, path + "/" + SPEC);
            java.nio.file.Path local = Files.createTempFile("fnnc-weights", ".safetensors");
            try {
                fs.copyToLocalFile(false, new Path(path, WEIGHTS), new Path(local.toUri()), true);
                Network network = org.fnnc.Fnnc.compile(spec);
                SafeTensors.load(local, spec, network.parameters(), LoadOptions.STRICT);
                return new Loaded(metadata, specText, new TrainedNetwork(spec, network.parameters().toArray()));
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("loading the fnnc model from " + path + " failed: " + e.getMessage(), e);
        }
    }
}
