package org.fnnc.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fnnc.data.CsvReader;
import org.fnnc.data.Dataset;
import org.fnnc.data.Scaler;
import org.fnnc.io.SafeTensors;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fnnc grad}: the mean loss and gradients for given weights and samples, to compare with other tools. */
@Command(name = "grad", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Computes the mean loss and the mean gradient of every parameter over the given samples"
                + " for the given weights, and writes the gradients as safetensors (names and shapes as the"
                + " weights: layers.N.weight [out, in], layers.N.bias [out]) so they can be compared with"
                + " another framework.",
                "Inputs are used as given (no scaling; a warning says when the weights were trained on scaled"
                        + " features). Labels: one class index per row for cross_entropy,"
                        + " else one row of targets (one per output)."})
final class GradCommand extends BaseCommand {

    /** Metadata key of the mean loss in the gradients file. */
    static final String LOSS_KEY = "fnnc.grad.loss";
    /** Metadata key of the number of samples in the gradients file. */
    static final String SAMPLES_KEY = "fnnc.grad.samples";

    @Parameters(index = "0", paramLabel = "SPEC", description = "The network spec (YAML).")
    Path specFile;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE", required = true, description = "Weights (safetensors).")
    Path weights;

    @Option(names = "--data", paramLabel = "FILE", required = true,
            description = "CSV of inputs, one sample per row (features only, used as given).")
    Path inputs;

    @Option(names = {"-l", "--labels"}, paramLabel = "FILE", required = true,
            description = "CSV of labels or targets, one sample per row.")
    Path labels;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true,
            description = "Gradients file to write (safetensors).")
    Path outFile;

    @Mixin
    CsvOptions csv;

    @Option(names = "--interpreted", description = "Use the reference interpreter instead of generated code.")
    boolean interpreted;

    @Override
    int execute() throws Exception {
        NetworkSpec spec = loadSpec(specFile);
        requireWritable(outFile, "the gradients file");
        Network network = network(spec, interpreted);
        WeightsFile.Loaded loaded = WeightsFile.load(weights, spec, network);
        loaded.noteInterrupted(err());
        loaded.scaler().filter(s -> s.kind() != Scaler.Kind.NONE).ifPresent(s -> err().println("warning: " + weights
                + " was trained on " + s.kind().yamlName() + "-scaled features, and grad uses the inputs as given:"
                + " pass inputs scaled the same way (shift and scale per feature are in the file's fnnc.scaler.*"
                + " metadata) to get the gradients of training"));
        if (loaded.scaler().isEmpty() && loaded.fromTrain()) {
            err().println("warning: " + weights + " was written by fnnc train but stores no feature scaler (a"
                    + " checkpoint of an older fnnc?): if its features were scaled, pass inputs scaled the same way");
        }
        requireFile(inputs, "data file");
        requireFile(labels, "labels file");
        Dataset x = CsvReader.read(inputs, csv.builder().inputsOnly().build());
        x.checkCompatible(spec);
        Dataset t = CsvReader.read(labels, csv.builder().inputsOnly().build());
        if (t.size() != x.size()) {
            throw CliException.usage(labels + " has " + t.size() + " rows but " + inputs + " has " + x.size()
                    + " (expected one row per sample)");
        }
        if (t.featureCount() != spec.targetWidth()) {
            throw CliException.usage(labels + " has " + t.featureCount() + " columns but the spec '" + spec.name()
                    + "' (loss " + spec.loss().yamlName() + ") expects " + spec.targetWidth()
                    + (spec.loss() == Loss.CROSS_ENTROPY ? " (one class index per row)" : " (one target per output)"));
        }
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            for (int i = 0; i < t.size(); i++) {
                float y = t.feature(i, 0);
                if (y != Math.rint(y) || y < 0 || y >= spec.outputSize()) {
                    throw CliException.failure(labels + ": row " + (i + 1) + ": class label " + y + " is not a class"
                            + " index 0 to " + (spec.outputSize() - 1));
                }
            }
        }
        double loss = Networks.lossAndGradients(network, Networks.toDouble(x.features()),
                Networks.toDouble(t.features()), x.size());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(LOSS_KEY, Double.toString(loss));
        metadata.put(SAMPLES_KEY, Integer.toString(x.size()));
        SafeTensors.save(outFile, spec, network.gradients(), List.of(), metadata);
        out().printf(Locale.ROOT, "mean loss %.10g over %d samples (%s network)%n", loss, x.size(), kind(interpreted));
        out().printf("gradients written to %s%n", outFile);
        return 0;
    }
}
