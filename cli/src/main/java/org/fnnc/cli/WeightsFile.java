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
    record Loaded(Optional<Scaler> scaler, Map<String, String> metadata) {
    }

    /** Loads {@code file} into {@code network} (strict: names, shapes, dtype and architecture hash). */
    static Loaded load(Path file, NetworkSpec spec, Network network) throws IOException {
        BaseCommand.requireFile(file, "weights file");
        SafeTensorsFile f = SafeTensors.load(file, spec, network.parameters(), LoadOptions.STRICT);
        return new Loaded(Scaler.fromMetadata(f.metadata(), file.toString()), f.metadata());
    }
}
