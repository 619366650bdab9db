package org.fnnc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fnnc.io.CheckpointFile;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.WeightsFormatException;
import org.fnnc.network.Network;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.train.EpochResult;
import org.fnnc.train.Evaluator;
import org.fnnc.train.Metrics;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingDivergedException;
import org.fnnc.train.TrainingResult;
import org.fnnc.train.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fnnc train}: trains a network, writes weights, checkpoints and a chart, and reports test metrics. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the network of SPEC and writes its weights (safetensors), a loss/accuracy chart"
                + " (PNG, next to the weights) and checkpoints; prints the test metrics, time and throughput.",
                "Settings come from the spec's training section; the options below override them."})
final class TrainCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The network spec (YAML).")
    Path specFile;

    @Mixin
    DataOptions data;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Weights file to write (default: the spec's file name with .safetensors, here).")
    Path out;

    @Option(names = "--interpreted", description = "Train the reference interpreter instead of generated code.")
    boolean interpreted;

    @Option(names = "--epochs", paramLabel = "N", description = "Number of epochs.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Minibatch size.")
    Integer batchSize;

    @Option(names = {"--learning-rate", "--lr"}, paramLabel = "LR", description = "Learning rate.")
    Double learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, momentum, nesterov or adam.")
    String optimizer;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of initialisation, data split and shuffling.")
    Long seed;

    @Option(names = "--patience", paramLabel = "N",
            description = "Early stopping after N epochs without a better validation loss (0: off).")
    Integer patience;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file (default: the weights file's name with .checkpoint.safetensors).")
    Path checkpoint;

    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "1",
            description = "Write the checkpoint every N epochs, atomically; 0 turns checkpoints off"
                    + " (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue the run saved in the checkpoint file.")
    boolean resume;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = {"Data-parallel training over N threads (default: ${DEFAULT-VALUE}). The same seed and N give"
                    + " the same weights; another N changes them only by rounding."})
    int threads;

    @Option(names = "--kernels", paramLabel = "KIND",
            description = {"Override the spec's kernels: scalar or vector_api (needs Java started with"
                    + " --add-modules jdk.incubator.vector, e.g. FNNC_JAVA_OPTS)."})
    String kernels;

    @Override
    int execute() throws Exception {
        PrintWriter log = out();
        NetworkSpec spec = loadSpec(specFile);
        if (seed != null) {
            spec = spec.withInit(spec.init().withSeed(seed));
        }
        if (kernels != null) {
            spec = spec.withKernels(kernels(kernels));
        }
        Trainer.Builder builder = overrides(Trainer.builder(spec.training())).threads(positive("--threads", threads));
        TrainingSpec settings = builder.build().spec();
        spec = spec.withTraining(settings);

        Path weights = out != null ? out : Path.of(baseName(specFile) + ".safetensors");
        Path ckpt = checkpoint != null ? checkpoint : sibling(weights, ".checkpoint.safetensors");
        Path chart = sibling(weights, ".png");
        if (checkpointEvery < 0) {
            throw CliException.usage("--checkpoint-every must be 0 or more, not " + checkpointEvery);
        }
        if (resume && !Files.exists(ckpt)) {
            throw CliException.usage("--resume: checkpoint file " + ckpt + " does not exist");
        }

        SplitSettings split = data.splitSettings(settings.seed());
        PreparedData d = data.prepare(spec, split, null, log);
        log.printf(Locale.ROOT, "data: %s: %,d train, %,d validation, %,d test%n", d.source(), d.train().size(),
                d.validation().size(), d.test().size());
        Network network = network(spec, interpreted);
        log.printf(Locale.ROOT, "network: %s %s (%,d parameters), %s, %s%s%n", spec.name(), shape(spec),
                spec.parameterCount(), kind(interpreted), spec.precision().yamlName(),
                !interpreted && spec.kernels() == Kernels.VECTOR_API ? ", Vector API kernels" : "");
        log.printf(Locale.ROOT, "training: %s, learning rate %s, batch %d, %d epochs, seed %d%s%s%n",
                settings.optimizer().yamlName(), settings.learningRate(), settings.batchSize(), settings.epochs(),
                settings.seed(), settings.patience() > 0 ? ", patience " + settings.patience() : "",
                threads > 1 ? ", " + threads + " threads" : "");
        log.flush();

        builder.listener(new ProgressListener(log, ProgressListener.isTerminal()));
        if (checkpointEvery > 0) {
            builder.checkpoint(new CheckpointFile(ckpt, spec), checkpointEvery);
        }
        Trainer trainer = builder.build();
        long start = System.nanoTime();
        TrainingResult result;
        try {
            if (resume) {
                TrainingState state = loadState(ckpt, spec);
                log.printf("resuming from %s%n", ckpt);
                result = trainer.resume(network, d.train(), d.validationOrNull(), state);
            } else {
                result = trainer.fit(network, d.train(), d.validationOrNull());
            }
        } catch (TrainingDivergedException e) {
            String kept = checkpointEvery > 0 && Files.exists(ckpt)
                    ? "the last good checkpoint " + ckpt + " is intact; continue from it with --resume and a lower"
                            + " --learning-rate"
                    : "no checkpoint had been written; no weights were saved";
            throw CliException.failure("training diverged: " + e.getMessage() + "\n" + kept, e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        Metrics test = Evaluator.evaluate(network, d.test());
        Map<String, String> metadata = new LinkedHashMap<>(d.scaler().toMetadata());
        metadata.putAll(split.toMetadata());
        SafeTensors.save(weights, spec, network.parameters(), List.of(), metadata);
        LossChart.write(chart, spec.name() + " (" + kind(interpreted) + ")", result.epochs());

        summary(log, result, settings.patience() > 0, test, seconds, d.train().size());
        log.printf("weights     %s%n", weights);
        log.printf("chart       %s%n", chart);
        if (checkpointEvery > 0) {
            log.printf("checkpoint  %s%n", ckpt);
        }
        return 0;
    }

    private Trainer.Builder overrides(Trainer.Builder b) {
        if (epochs != null) {
            b.epochs(positive("--epochs", epochs));
        }
        if (batchSize != null) {
            b.batchSize(positive("--batch-size", batchSize));
        }
        if (learningRate != null) {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw CliException.usage("--learning-rate must be a positive number, not " + learningRate);
            }
            b.learningRate(learningRate);
        }
        if (optimizer != null) {
            b.optimizer(optimizer(optimizer));
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (patience != null) {
            if (patience < 0) {
                throw CliException.usage("--patience must be 0 or more, not " + patience);
            }
            b.patience(patience);
        }
        return b;
    }

    private static Kernels kernels(String name) {
        for (Kernels k : Kernels.values()) {
            if (k.yamlName().equals(name)) {
                return k;
            }
        }
        throw CliException.usage("--kernels must be scalar or vector_api, not '" + name + "'");
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw CliException.usage(option + " must be at least 1, not " + value);
        }
        return value;
    }

    private static OptimizerKind optimizer(String name) {
        OptimizerKind o = org.fnnc.spec.YamlEnum.fromYaml(OptimizerKind.class, name.toLowerCase(Locale.ROOT));
        if (o == null) {
            throw CliException.usage("--optimizer: unknown optimizer '" + name + "' (expected one of "
                    + String.join(", ", org.fnnc.spec.YamlEnum.yamlNames(OptimizerKind.class)) + ")");
        }
        return o;
    }

    private static TrainingState loadState(Path ckpt, NetworkSpec spec) throws java.io.IOException {
        try {
            return CheckpointFile.load(ckpt, spec);
        } catch (WeightsFormatException e) {
            throw CliException.usage("--resume: " + e.getMessage());
        }
    }

    private static void summary(PrintWriter log, TrainingResult result, boolean earlyStopping, Metrics test,
            double seconds, int trainSize) {
        log.println();
        Table t = new Table(new String[] {"epoch", "train loss", "val loss", "val acc", "lr", "seconds"},
                true, true, true, true, true, true);
        double epochSeconds = 0;
        for (EpochResult e : result.epochs()) {
            t.row(e.epoch() + (earlyStopping && e.epoch() == result.bestEpoch() ? "*" : ""),
                    fixed(e.trainLoss(), 4), fixed(e.validationLoss(), 4), percent(e.validationAccuracy()),
                    String.format(Locale.ROOT, "%.4g", e.learningRate()), fixed(e.seconds(), 1));
            epochSeconds += e.seconds();
        }
        t.print(log);
        log.printf("stopped: %s%s%n", result.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                earlyStopping ? " (* best epoch, whose parameters were kept)" : "");
        if (test.isClassification()) {
            log.printf(Locale.ROOT, "test accuracy %.2f%% (%,d samples), test loss %.4f%n", 100 * test.accuracy(),
                    test.samples(), test.loss());
        } else {
            log.printf(Locale.ROOT, "test MSE %.6g, MAE %.6g, loss %.6g (%,d samples)%n", test.meanSquaredError(),
                    test.meanAbsoluteError(), test.loss(), test.samples());
        }
        double samples = (double) trainSize * result.epochs().size();
        log.printf(Locale.ROOT, "time %.1f s for %d epochs, %,.0f samples/s (training steps with validation)%n",
                seconds, result.epochs().size(), epochSeconds > 0 ? samples / epochSeconds : 0);
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    /** "784-128-10". */
    static String shape(NetworkSpec spec) {
        StringBuilder sb = new StringBuilder().append(spec.input());
        for (int l = 0; l < spec.depth(); l++) {
            sb.append('-').append(spec.layer(l).units());
        }
        return sb.toString();
    }

    /** The file name without its last extension. */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** {@code weights} with its extension replaced by {@code suffix}, in the same directory. */
    static Path sibling(Path weights, String suffix) {
        return weights.resolveSibling(baseName(weights) + suffix);
    }
}
