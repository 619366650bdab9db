package org.fnnc.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.ParameterTensor;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.train.CheckpointSink;
import org.fnnc.train.TrainingState;

/**
 * A training checkpoint as one safetensors file, written atomically (a crash leaves the previous checkpoint or
 * the new one, never a torn file). The parameters keep their canonical names, shapes and the network's dtype,
 * so a checkpoint is also a weights file that {@link SafeTensors#load} and PyTorch read; the optimizer state,
 * the best parameters so far and the trainer's counters ride along as extra tensors ({@code optimizer.*},
 * {@code best.*}, F64) and {@code fnnc.train.*} metadata.
 */
public final class CheckpointFile implements CheckpointSink {

    private final Path file;
    private final NetworkSpec spec;

    public CheckpointFile(Path file, NetworkSpec spec) {
        this.file = file;
        this.spec = spec;
    }

    public Path path() {
        return file;
    }

    @Override
    public void save(TrainingState state) throws IOException {
        save(state, Map.of());
    }

    /**
     * Writes {@code state} with {@code extra} metadata besides the trainer's: what a front end stores with its
     * weights (e.g. the feature scaler and the data split), so that the checkpoint can stand in for them.
     * Keys under {@code fnnc.train.} and the format keys are the checkpoint's own and cannot be overridden.
     */
    public void save(TrainingState state, Map<String, String> extra) throws IOException {
        ParameterLayout layout = ParameterLayout.of(spec);
        DType paramType = spec.precision() == Precision.FLOAT ? DType.F32 : DType.F64;
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, double[]> e : state.tensors(layout).entrySet()) {
            String name = e.getKey();
            String unprefixed = name.startsWith(BEST) ? name.substring(BEST.length()) : name;
            ParameterTensor t = layout.tensor(unprefixed);
            if (t != null) {
                tensors.add(new Tensor(name, name.equals(unprefixed) ? paramType : DType.F64, t.shape(), e.getValue()));
            } else {
                tensors.add(new Tensor(name, DType.F64, new long[] {e.getValue().length}, e.getValue()));
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>(extra);
        metadata.put(SafeTensors.FORMAT_VERSION_KEY, SafeTensors.FORMAT_VERSION);
        metadata.put(SafeTensors.ARCHITECTURE_HASH_KEY, spec.architectureHash());
        metadata.put(SafeTensors.SPEC_KEY, spec.canonical());
        metadata.putAll(state.metadata());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SafeTensors.write(file, tensors, metadata);
    }

    /**
     * The training state stored in {@code file} for a network of {@code spec}'s architecture.
     *
     * @throws WeightsFormatException if the file is not a readable checkpoint of this architecture
     */
    public static TrainingState load(Path file, NetworkSpec spec) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        String hash = f.metadata().get(SafeTensors.ARCHITECTURE_HASH_KEY);
        if (!spec.architectureHash().equals(hash)) {
            throw new WeightsFormatException(file.toString(), "checkpoint is for another network (architecture hash "
                    + (hash == null ? "missing" : hash.substring(0, Math.min(12, hash.length())))
                    + ", spec " + spec.name() + " has " + spec.architectureHash().substring(0, 12) + ")");
        }
        Map<String, double[]> tensors = new LinkedHashMap<>();
        for (Tensor t : f.tensors()) {
            tensors.put(t.name(), t.values());
        }
        try {
            return TrainingState.fromTensors(tensors, f.metadata(), ParameterLayout.of(spec));
        } catch (IllegalArgumentException e) {
            throw new WeightsFormatException(file.toString(), "not a training checkpoint: " + e.getMessage());
        }
    }

    private static final String BEST = "best.";
}
