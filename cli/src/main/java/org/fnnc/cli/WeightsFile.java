package org.fnnc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.fnnc.data.Scaler;
import org.fnnc.io.LoadOptions;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.SafeTensorsFile;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;

/** Loads a weights file into a network, returning the preprocessing stored beside the weights. */
final class WeightsFile {

    private WeightsFile() {
    }

    /** What a weights file carries besides the parameters. */
    record Loaded(Path file, Optional<Scaler> scaler, Map<String, String> metadata) {

        /** True if {@code fnnc train} wrote the file (weights or checkpoint), whatever version. */
        boolean fromTrain() {
            return metadata.containsKey(SplitSettings.SEED_KEY)
                    || metadata.keySet().stream().anyMatch(k -> k.startsWith("fnnc.train."));
        }

        /**
         * A usage error for weights that {@code fnnc train} wrote without their scaler (checkpoints of fnnc
         * before 0.1.0 did): their features were probably scaled, and using data unscaled computes garbage.
         */
        CliException missingScaler(String remedy) {
            return CliException.usage(file + " was written by fnnc train but stores no feature scaler (a checkpoint"
                    + " of an older fnnc?), so the data cannot be scaled as in training: " + remedy);
        }

        /** Says on {@code err} whether the weights are those of an interrupted run. */
        void noteInterrupted(java.io.PrintWriter err) {
            String where = metadata.get(TrainCommand.INTERRUPTED_KEY);
            if (where != null) {
                err.println("note: " + file + " holds the parameters of a run interrupted at " + where);
            }
        }
    }

    /** Loads {@code file} into {@code network} (strict: names, shapes, dtype and architecture hash). */
    static Loaded load(Path file, NetworkSpec spec, Network network) throws IOException {
        BaseCommand.requireFile(file, "weights file");
        SafeTensorsFile f = SafeTensors.load(file, spec, network.parameters(), LoadOptions.STRICT);
        return new Loaded(file, Scaler.fromMetadata(f.metadata(), file.toString()), f.metadata());
    }
}
