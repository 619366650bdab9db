package org.fnnc.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.fnnc.io.CheckpointFile;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.train.TrainingState;

/**
 * A fit's checkpoint in a directory of any Hadoop file system (local, HDFS, S3A, ...): the trainer's
 * checkpoint file ({@code checkpoint.safetensors}, also a weights file) and {@code fit.properties}, what the
 * checkpoint is valid for (the partitions' row counts and the settings that shape the run). A checkpoint is
 * written beside the last one and renamed over it, so a crash leaves one of the two whole.
 */
final class CheckpointStore {

    static final String FILE = "checkpoint.safetensors";
    static final String FIT = "fit.properties";

    private final Path dir;
    private final FileSystem fs;
    private final NetworkSpec spec;

    CheckpointStore(String dir, Configuration conf, NetworkSpec spec) {
        try {
            this.dir = new Path(dir);
            this.fs = this.dir.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint directory " + dir + " cannot be used: " + e.getMessage(), e);
        }
        this.spec = spec;
    }

    /**
     * The checkpoint to resume from, or {@code null} if the directory holds none.
     *
     * @throws IllegalArgumentException if the checkpoint belongs to a fit with other data or settings
     */
    TrainingState load(Map<String, String> fit) {
        try {
            Path file = new Path(dir, FILE);
            Path tmp = new Path(dir, FILE + ".tmp");
            if (!fs.exists(file) && fs.exists(tmp)) {
                file = tmp; // crashed between removing the old checkpoint and renaming the new one
            }
            if (!fs.exists(file)) {
                return null;
            }
            Map<String, String> saved = readFit();
            if (!fit.equals(saved)) {
                throw new IllegalArgumentException("checkpoint directory " + dir + " holds a checkpoint of another fit: "
                        + "it was saved for " + saved + ", this fit has " + fit + ". Hint: use an empty directory,"
                        + " or the same data, partitions and settings to resume");
            }
            java.nio.file.Path local = Files.createTempFile("fnnc-checkpoint", ".safetensors");
            try {
                fs.copyToLocalFile(false, file, new Path(local.toUri()), true);
                return CheckpointFile.load(local, spec);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the checkpoint in " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /** Writes {@code state} (and, the first time, {@code fit}) so that a failed fit resumes from it. */
    void save(TrainingState state, Map<String, String> fit) {
        try {
            fs.mkdirs(dir);
            Path fitFile = new Path(dir, FIT);
            if (!fs.exists(fitFile)) {
                writeFit(fitFile, fit);
            }
            java.nio.file.Path local = Files.createTempFile("fnnc-checkpoint", ".safetensors");
            try {
                new CheckpointFile(local, spec).save(state);
                Path tmp = new Path(dir, FILE + ".tmp");
                fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
                Path file = new Path(dir, FILE);
                fs.delete(file, false);
                if (!fs.rename(tmp, file)) {
                    throw new IOException("renaming " + tmp + " to " + file + " failed");
                }
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the checkpoint after epoch " + state.epoch() + " to " + dir
                    + " failed: " + e.getMessage(), e);
        }
    }

    private Map<String, String> readFit() throws IOException {
        Path f = new Path(dir, FIT);
        if (!fs.exists(f)) {
            return Map.of();
        }
        Properties p = new Properties();
        try (InputStream in = fs.open(f)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private void writeFit(Path f, Map<String, String> fit) throws IOException {
        Path tmp = new Path(dir, FIT + ".tmp");
        try (OutputStream out = fs.create(tmp, true)) {
            StringBuilder sb = new StringBuilder("# What the checkpoint beside this file is valid for (fnnc-spark)\n");
            new TreeMap<>(fit).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(tmp, f)) {
            throw new IOException("renaming " + tmp + " to " + f + " failed");
        }
    }
}
