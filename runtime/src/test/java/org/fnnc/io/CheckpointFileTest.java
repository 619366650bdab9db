package org.fnnc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fnnc.data.Dataset;
import org.fnnc.data.Datasets;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Precision;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingState;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checkpoint files carry everything a resumed run needs, and double as weights files. */
class CheckpointFileTest {

    private static NetworkSpec spec(Precision p) {
        return NetworkSpec.builder("Digits").input(64).layer(16, Activation.TANH).layer(10, Activation.SOFTMAX)
                .loss(Loss.CROSS_ENTROPY).precision(p).build();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumingFromTheFileEqualsAnUninterruptedRun(Precision precision, @TempDir Path dir) throws Exception {
        NetworkSpec spec = spec(precision);
        Dataset data = Datasets.digits().subset(range(400));
        Network straight = Interpreter.create(spec);
        trainer(spec).epochs(3).build().fit(straight, data, null);

        Path file = dir.resolve("ckpt.safetensors");
        List<Integer> savedEpochs = new ArrayList<>();
        CheckpointFile sink = new CheckpointFile(file, spec);
        Network first = Interpreter.create(spec);
        trainer(spec).epochs(2).checkpoint(state -> {
            savedEpochs.add(state.epoch());
            sink.save(state);
        }, 1).build().fit(first, data, null);
        assertEquals(List.of(1, 2), savedEpochs);

        TrainingState state = CheckpointFile.load(file, spec);
        assertEquals(2, state.epoch());
        Network resumed = Interpreter.create(spec);
        trainer(spec).epochs(3).build().resume(resumed, data, null, state);
        assertArrayEquals(straight.parameters().toArray(), resumed.parameters().toArray(),
                "resume from the file must continue bit for bit");

        // The checkpoint is also an ordinary weights file with the network's dtype.
        Network weights = Interpreter.create(spec);
        SafeTensors.load(file, spec, weights.parameters(), LoadOptions.STRICT);
        assertArrayEquals(first.parameters().toArray(), weights.parameters().toArray());
        assertTrue(Files.list(dir).allMatch(p -> p.equals(file)), "no temporary files left behind");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aCheckpointOfAnotherNetworkIsRefused(Precision precision, @TempDir Path dir) throws Exception {
        NetworkSpec spec = spec(precision);
        Path file = dir.resolve("ckpt.safetensors");
        Network net = Interpreter.create(spec);
        Trainer.builder(spec.training()).epochs(1).batchSize(64)
                .checkpoint(new CheckpointFile(file, spec), 1).build()
                .fit(net, Datasets.digits().subset(range(128)), null);
        NetworkSpec other = NetworkSpec.builder("Digits").input(64).layer(17, Activation.TANH)
                .layer(10, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();
        WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> CheckpointFile.load(file, other));
        assertTrue(e.getMessage().startsWith(file + ": error: checkpoint is for another network"), e.getMessage());
    }

    /** What a front end stores with its weights rides along; the trainer's own keys cannot be overridden. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void extraMetadataIsStoredButCannotForgeTheState(Precision precision, @TempDir Path dir) throws Exception {
        NetworkSpec spec = spec(precision);
        Path file = dir.resolve("ckpt.safetensors");
        CheckpointFile sink = new CheckpointFile(file, spec);
        Network net = Interpreter.create(spec);
        trainer(spec).epochs(1).checkpoint(state -> sink.save(state, java.util.Map.of("fnnc.scaler.kind", "none",
                "fnnc.train.epoch", "999", SafeTensors.SPEC_KEY, "forged")), 1).build()
                .fit(net, Datasets.digits().subset(range(64)), null);
        java.util.Map<String, String> metadata = SafeTensors.read(file).metadata();
        assertEquals("none", metadata.get("fnnc.scaler.kind"));
        assertEquals("1", metadata.get("fnnc.train.epoch"));
        assertEquals(spec.canonical(), metadata.get(SafeTensors.SPEC_KEY));
        assertEquals(1, CheckpointFile.load(file, spec).epoch());
    }

    private static Trainer.Builder trainer(NetworkSpec spec) {
        return Trainer.builder(spec.training()).optimizer(OptimizerKind.ADAM).learningRate(0.01).batchSize(32).seed(7);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
