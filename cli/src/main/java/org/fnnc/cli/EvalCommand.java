package org.fnnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fnnc.data.Dataset;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.train.Evaluator;
import org.fnnc.train.Metrics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fnnc eval}: metrics of trained weights on the held-out test split (or another split). */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates trained weights on the same data split as 'fnnc train' (seed and fractions are"
                + " read from the weights file) with the scaler stored beside the weights.",
                "Prints loss, accuracy and the confusion matrix (classifiers) or MSE and MAE (regression)."})
final class EvalCommand extends BaseCommand {

    enum Split { test, validation, train }

    @Parameters(index = "0", paramLabel = "SPEC", description = "The network spec (YAML).")
    Path specFile;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE", required = true, description = "Weights (safetensors).")
    Path weights;

    @Mixin
    DataOptions data;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "test",
            description = "Which part to evaluate: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Split split;

    @Option(names = "--interpreted", description = "Use the reference interpreter instead of generated code.")
    boolean interpreted;

    @Override
    int execute() throws Exception {
        PrintWriter log = out();
        NetworkSpec spec = loadSpec(specFile);
        Network network = network(spec, interpreted);
        WeightsFile.Loaded loaded = WeightsFile.load(weights, spec, network);
        loaded.noteInterrupted(err());
        CommandLine.ParseResult given = commandSpec.commandLine().getParseResult();
        if (loaded.scaler().isPresent()) {
            if (data.scale != null) {
                warn("--scale has no effect: " + weights + " stores its scaler ("
                        + loaded.scaler().get().kind().yamlName() + "), which is applied");
            }
        } else if (data.scale == null) {
            if (loaded.fromTrain() && data.isCsv()) {
                throw loaded.missingScaler("pass --scale KIND with the scaling of that run (standardize unless it"
                        + " chose another); the same seed and split give back the same scaler");
            }
            if (!loaded.fromTrain()) {
                warn(weights + " stores no feature scaler (fnnc train did not write it): the data is used"
                        + " unscaled; pass --scale KIND if the network was trained on scaled features");
            }
            data.scale = "none";
        }
        SplitSettings stored = SplitSettings.fromMetadata(loaded.metadata(), null);
        if (stored != null) {
            for (String option : new String[] {"--validation-fraction", "--test-fraction"}) {
                if (given.hasMatchedOption(option)) {
                    warn(option + " has no effect: " + weights + " stores its split (" + stored.describe() + ")");
                }
            }
        }
        SplitSettings settings = stored != null ? stored : data.splitSettings(spec.training().seed());
        PreparedData d = data.prepare(spec, settings, loaded.scaler().orElse(null), log);
        Dataset part = switch (split) {
            case test -> d.test();
            case validation -> d.validation();
            case train -> d.train();
        };
        if (part.size() == 0) {
            String reason = d.whyEmpty(split.name());
            if (stored != null && reason.startsWith("--")) {
                reason = weights + " was trained with " + reason.substring(0, reason.indexOf(" holds"));
            }
            List<String> others = new java.util.ArrayList<>();
            for (Split s : Split.values()) {
                if (s != split && (s == Split.train || (s == Split.test ? d.test() : d.validation()).size() > 0)) {
                    others.add("--split " + s);
                }
            }
            throw CliException.usage("the " + split + " split is empty: " + reason + " (evaluate "
                    + String.join(" or ", others) + ")");
        }
        long start = System.nanoTime();
        Metrics m = Evaluator.evaluate(network, part);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "%s split of %s: %,d samples, %s network%n", split, d.source(), part.size(),
                kind(interpreted));
        log.printf(Locale.ROOT, "loss      %.6f%n", m.loss());
        if (m.isClassification()) {
            log.printf(Locale.ROOT, "accuracy  %.2f%% (%d of %d)%n", 100 * m.accuracy(), m.confusion().correct(),
                    m.confusion().total());
            log.println("confusion matrix (rows: actual, columns: predicted):");
            log.print(m.confusion());
            if (!m.confusion().toString().endsWith("\n")) {
                log.println();
            }
        } else {
            log.printf(Locale.ROOT, "MSE       %.6g%nMAE       %.6g%n", m.meanSquaredError(), m.meanAbsoluteError());
        }
        log.printf(Locale.ROOT, "time %.2f s, %,.0f samples/s%n", seconds, part.size() / Math.max(seconds, 1e-9));
        return 0;
    }

    private void warn(String message) {
        err().println("warning: " + message);
        err().flush();
    }
}
