package org.fnnc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fnnc.generator.output.SpecOverrides;
import org.fnnc.io.CheckpointFile;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.WeightsFormatException;
import org.fnnc.kernels.KernelLibrary;
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
import org.fnnc.train.WarmUp;
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
            description = {"Override the spec's kernels: auto (the default: the kernel library, Vector API"
                    + " kernels when Java has jdk.incubator.vector, as ./fnnc starts it), scalar or vector_api."})
    String kernels;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = {"Write each epoch's metrics to FILE as it ends: CSV with a header, or JSON lines for a"
                    + " .jsonl name. A resumed run keeps the epochs before the resume."})
    Path metrics;

    @Option(names = {"-q", "--quiet"},
            description = "Print only the result: test metrics and the files written (warnings and errors still go"
                    + " to standard error).")
    boolean quiet;

    /** Weights metadata: where an interrupted run stopped ("epoch E step S"); absent for finished runs. */
    static final String INTERRUPTED_KEY = "fnnc.cli.interrupted";
    /** Checkpoint metadata: the epochs so far ({@link EpochRow#encode}), for reports after a resume. */
    static final String HISTORY_KEY = "fnnc.cli.history";

    /** The files a run writes. {@code metrics} is {@code null} without {@code --metrics}. */
    record Outputs(Path weights, Path checkpoint, Path chart, Path metrics) {
    }

    /** What training produced: the trainer's result and every epoch so far (resumed-from ones included). */
    private record Run(TrainingResult result, List<EpochRow> rows, double seconds) {

        boolean interrupted() {
            return result.stopReason() == TrainingResult.StopReason.STOP_REQUESTED;
        }

        /** "epoch E step S": where the run stopped. */
        String where() {
            return "epoch " + (result.state().epoch() + 1) + " step " + result.state().step();
        }
    }

    /** At most this long warming up while the data loads (Vector API kernels reach compiled code in 2-8 s). */
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(8);

    @Override
    int execute() throws Exception {
        PrintWriter stdout = out();
        PrintWriter log = quiet ? new PrintWriter(java.io.Writer.nullWriter()) : stdout;
        NetworkSpec loaded = loadSpec(specFile);
        Trainer.Builder builder = overrides(Trainer.builder(loaded.training())).threads(positive("--threads", threads));
        TrainingSpec settings = builder.build().spec();
        NetworkSpec spec = withOverrides(loaded, settings);

        // Everything that can be checked before the data is loaded and the network built.
        Outputs files = outputs();
        SplitSettings split = data.splitSettings(settings.seed());
        if (settings.patience() > 0 && split.validationFraction() == 0) {
            throw CliException.usage(patienceName(settings) + " needs validation data, but --validation-fraction is 0:"
                    + " pass --patience 0 to train without early stopping, or a --validation-fraction above 0");
        }
        Resume from = resume ? Resume.check(files.checkpoint(), spec, settings, split) : null;

        // The network is compiled first so that its training path can be warmed up (JIT-compiled) on synthetic
        // data while the real data loads: the run's own numbers are unaffected (the warm-up trains a copy).
        Network network = network(spec, interpreted);
        WarmUp warmUp = interpreted ? null : WarmUp.start(network, settings, WARM_UP_LIMIT);
        PreparedData d;
        try {
            d = prepareData(spec, settings, split, from, log);
        } finally {
            if (warmUp != null) {
                warmUp.close();
            }
        }
        log.printf(Locale.ROOT, "network: %s %s (%,d parameters), %s, %s%s%n", spec.name(), shape(spec),
                spec.parameterCount(), kind(interpreted), spec.precision().yamlName(),
                interpreted ? "" : kernelsNote(spec.kernels()));
        log.printf(Locale.ROOT, "training: %s, learning rate %s, batch %d, %d epochs, seed %d%s%s%n",
                settings.optimizer().yamlName(), settings.learningRate(), settings.batchSize(), settings.epochs(),
                settings.seed(), settings.patience() > 0 ? ", patience " + settings.patience() : "",
                threads > 1 ? ", " + threads + " threads" : "");
        if (from != null) {
            log.printf("resuming from %s at epoch %d step %d%n", files.checkpoint(), from.state().epoch() + 1,
                    from.state().step());
        }
        log.flush();

        boolean live = !quiet && ProgressListener.isTerminal();
        ProgressListener progress = new ProgressListener(stdout, live, live ? ProgressListener.terminalColumns() : 80);
        CheckpointFile checkpointFile = new CheckpointFile(files.checkpoint(), spec);
        Map<String, String> runMetadata = runMetadata(d, split);
        Run run;
        Metrics test;
        try {
            run = train(builder, network, d, from, files, checkpointFile, runMetadata, progress);
            // The outputs are written even if Ctrl-C comes now; a second Ctrl-C quits at once (the files being
            // written keep their old content).
            CtrlC.onFirst(() -> {
                err().println("writing the outputs first (press Ctrl-C again to quit at once)");
                err().flush();
            });
            test = writeOutputs(spec, network, d, run, files, checkpointFile, runMetadata);
        } finally {
            CtrlC.onFirst(null);
        }

        if (!live) {
            table(log, run.rows(), settings.patience() > 0 ? run.result().bestEpoch() : 0);
        }
        log.printf("stopped: %s%s%n", run.interrupted() ? "interrupted at " + run.where()
                : run.result().stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                settings.patience() > 0 && !run.interrupted() ? " (* best epoch, whose parameters were kept)" : "");
        if (test == null) {
            stdout.println("no test metrics: " + d.whyEmpty("test"));
        } else if (test.isClassification()) {
            stdout.printf(Locale.ROOT, "test accuracy %.2f%% (%,d samples), test loss %.4f%n", 100 * test.accuracy(),
                    test.samples(), test.loss());
        } else {
            stdout.printf(Locale.ROOT, "test MSE %.6g, MAE %.6g, loss %.6g (%,d samples)%n", test.meanSquaredError(),
                    test.meanAbsoluteError(), test.loss(), test.samples());
        }
        List<EpochResult> epochs = run.result().epochs();
        log.printf(Locale.ROOT, "time %.1f s for %d epochs, %,.0f samples/s (training steps with validation)%n",
                run.seconds(), epochs.size(), throughput(epochs, d.train().size()));
        stdout.printf("weights     %s%s%n", files.weights(), run.interrupted() ? " (interrupted: " + run.where() + ")"
                : "");
        stdout.printf("chart       %s%n", run.rows().isEmpty() ? "none (no epoch finished)" : files.chart());
        if (checkpointEvery > 0 || run.interrupted()) {
            stdout.printf("checkpoint  %s%n", files.checkpoint());
        }
        if (files.metrics() != null) {
            stdout.printf("metrics     %s%n", files.metrics());
        }
        if (run.interrupted()) {
            stdout.println("interrupted at " + run.where() + "; resume with: " + resumeCommand());
            return CtrlC.EXIT_CODE;
        }
        return 0;
    }

    /** Which kernels the generated network runs, for the "network:" line. */
    private static String kernelsNote(Kernels kernels) {
        return switch (kernels) {
            case AUTO -> ", kernel library: " + KernelLibrary.description();
            case SCALAR -> ", generated scalar loops";
            case VECTOR_API -> ", Vector API kernels";
        };
    }

    /** The spec with the command line's seed, kernels and training settings: what the weights file records. */
    private NetworkSpec withOverrides(NetworkSpec spec, TrainingSpec settings) {
        NetworkSpec s = spec.withTraining(settings);
        if (seed != null) {
            s = s.withInit(s.init().withSeed(seed));
        }
        return OptionValues.parse("--kernels", () -> SpecOverrides.NONE.withKernels(kernels)).apply(s);
    }

    /** The output paths, each checked for writing (exit 2 before any work if one cannot be written). */
    private Outputs outputs() {
        if (checkpointEvery < 0) {
            throw CliException.usage("--checkpoint-every must be 0 or more, not " + checkpointEvery);
        }
        Path weights = out != null ? out : Path.of(baseName(specFile) + ".safetensors");
        Outputs files = new Outputs(weights, checkpoint != null ? checkpoint : sibling(weights, ".checkpoint.safetensors"),
                sibling(weights, ".png"), metrics);
        checkOutputs(files);
        return files;
    }

    /** Loads and splits the data, warns about small splits, and checks it against the settings and checkpoint. */
    private PreparedData prepareData(NetworkSpec spec, TrainingSpec settings, SplitSettings split, Resume from,
            PrintWriter log) {
        PreparedData d = data.prepare(spec, split, null, log);
        log.printf(Locale.ROOT, "data: %s: %,d train, %,d validation, %,d test%n", d.source(), d.train().size(),
                d.validation().size(), d.test().size());
        log.flush();
        for (String w : d.warnings()) {
            err().println("warning: " + w);
        }
        err().flush();
        if (settings.patience() > 0 && d.validation().size() == 0) {
            throw CliException.usage(patienceName(settings) + " needs validation data, but " + d.whyEmpty("validation")
                    + ": pass --patience 0, or a larger --validation-fraction");
        }
        if (from != null && from.state().trainingSamples() != d.train().size()) {
            throw CliException.usage("--resume: the checkpoint was trained on " + from.state().trainingSamples()
                    + " samples, but this data gives " + d.train().size()
                    + ": resume with the --data and split options of the first run");
        }
        return d;
    }

    /**
     * Trains (or resumes), recording every epoch and checkpointing as asked. The first Ctrl-C stops after the
     * current step; the run then returns with the state to resume from.
     */
    private Run train(Trainer.Builder builder, Network network, PreparedData d, Resume from, Outputs files,
            CheckpointFile checkpointFile, Map<String, String> runMetadata, ProgressListener progress)
            throws Exception {
        List<EpochRow> history = from != null ? from.history() : List.of();
        long start = System.nanoTime();
        try (MetricsFile metricsFile = files.metrics() == null ? null
                : MetricsFile.start(files.metrics(), history, from != null ? from.state().epoch() : 0)) {
            RunRecorder recorder = new RunRecorder(history, metricsFile, err());
            builder.listener(recorder).listener(progress);
            if (checkpointEvery > 0) {
                builder.checkpoint(state -> checkpointFile.save(state, checkpointMetadata(runMetadata, recorder.rows())),
                        checkpointEvery);
            }
            Trainer trainer = builder.build();
            CtrlC.onFirst(() -> {
                progress.clearLine();
                err().println("stopping after the current step (press Ctrl-C again to quit at once)");
                err().flush();
                trainer.requestStop();
            });
            TrainingResult result = from != null
                    ? trainer.resume(network, d.train(), d.validationOrNull(), from.state())
                    : trainer.fit(network, d.train(), d.validationOrNull());
            progress.clearLine();
            return new Run(result, recorder.rows(), (System.nanoTime() - start) / 1e9);
        } catch (TrainingDivergedException e) {
            progress.clearLine();
            String kept = checkpointEvery > 0 && Files.exists(files.checkpoint())
                    ? "the last good checkpoint " + files.checkpoint() + " is intact; continue from it with --resume"
                            + " and a lower --learning-rate"
                    : "no checkpoint had been written; no weights were saved";
            throw CliException.failure("training diverged: " + e.getMessage() + "\n" + kept, e);
        }
    }

    /**
     * Writes the checkpoint (first, when interrupted: it is what --resume needs), the weights and the chart;
     * returns the test metrics, or {@code null} without test data.
     */
    private Metrics writeOutputs(NetworkSpec spec, Network network, PreparedData d, Run run, Outputs files,
            CheckpointFile checkpointFile, Map<String, String> runMetadata) throws java.io.IOException {
        Map<String, String> metadata = new LinkedHashMap<>(runMetadata);
        if (run.interrupted()) {
            checkpointFile.save(run.result().state(), checkpointMetadata(runMetadata, run.rows()));
            metadata.put(INTERRUPTED_KEY, run.where());
        }
        SafeTensors.save(files.weights(), spec, network.parameters(), List.of(), metadata);
        if (!run.rows().isEmpty()) {
            LossChart.write(files.chart(), spec.name() + " (" + kind(interpreted) + ")", run.rows());
        }
        return d.test().size() > 0 ? Evaluator.evaluate(network, d.test()) : null;
    }

    /** "--patience 3" or "patience 10 (from the spec)", as the user set it. */
    private String patienceName(TrainingSpec settings) {
        return patience != null ? "--patience " + patience : "patience " + settings.patience() + " (from the spec)";
    }

    /** Fails with exit 2, before any work, if an output cannot be written or two outputs are the same file. */
    private static void checkOutputs(Outputs files) {
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("the weights file", files.weights());
        outputs.put("the checkpoint", files.checkpoint());
        outputs.put("the chart", files.chart());
        if (files.metrics() != null) {
            outputs.put("the metrics file", files.metrics());
        }
        Map<Path, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            requireWritable(e.getValue(), e.getKey());
            String other = seen.put(e.getValue().toAbsolutePath().normalize(), e.getKey());
            if (other != null) {
                throw CliException.usage(other + " and " + e.getKey() + " would both be " + e.getValue()
                        + ": give them different names (-o, --checkpoint, --metrics)");
            }
        }
    }

    /** The run's metadata for weights and checkpoints alike: how to prepare data for these parameters. */
    private static Map<String, String> runMetadata(PreparedData d, SplitSettings split) {
        Map<String, String> m = new LinkedHashMap<>(d.scaler().toMetadata());
        m.putAll(split.toMetadata());
        return m;
    }

    private static Map<String, String> checkpointMetadata(Map<String, String> run, List<EpochRow> rows) {
        Map<String, String> m = new LinkedHashMap<>(run);
        m.put(HISTORY_KEY, EpochRow.encode(rows));
        return m;
    }

    /** The command line that continues this run: the same arguments plus --resume. */
    private String resumeCommand() {
        List<String> args = new java.util.ArrayList<>(commandSpec.commandLine().getParseResult().originalArgs());
        if (!args.contains("--resume")) {
            args.add("--resume");
        }
        StringBuilder sb = new StringBuilder("fnnc");
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=@%+,-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** Training samples per second over the steps of the epochs run (validation included). */
    private static double throughput(List<EpochResult> epochs, int trainSize) {
        double seconds = 0;
        for (EpochResult e : epochs) {
            seconds += e.seconds();
        }
        return seconds > 0 ? (double) trainSize * epochs.size() / seconds : 0;
    }

    /** Tables longer than this show every k-th epoch, the best one and the last. */
    static final int TABLE_ROWS = 20;

    private static void table(PrintWriter log, List<EpochRow> rows, int bestEpoch) {
        if (rows.isEmpty()) {
            return;
        }
        log.println();
        Table t = new Table(new String[] {"epoch", "train loss", "val loss", "val acc", "lr", "seconds"},
                true, true, true, true, true, true);
        int every = (rows.size() + TABLE_ROWS - 1) / TABLE_ROWS;
        for (int i = 0; i < rows.size(); i++) {
            EpochRow e = rows.get(i);
            if (i % every != every - 1 && i != rows.size() - 1 && e.epoch() != bestEpoch) {
                continue;
            }
            t.row(e.epoch() + (e.epoch() == bestEpoch ? "*" : ""), fixed(e.trainLoss(), 4),
                    fixed(e.validationLoss(), 4), percent(e.validationAccuracy()),
                    String.format(Locale.ROOT, "%.4g", e.learningRate()), fixed(e.seconds(), 1));
        }
        t.print(log);
        if (every > 1) {
            log.printf("(every %s epoch of %d; --metrics FILE writes them all)%n", ordinal(every), rows.size());
        }
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
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
            b.optimizer(OptionValues.parse("--optimizer",
                    () -> SpecOverrides.choice(OptimizerKind.class, "optimizer", optimizer)));
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

    /**
     * A checkpoint to continue, checked against this run before any work: same architecture, optimizer, data
     * split and (mid-epoch) batch size, and something left to do.
     */
    record Resume(TrainingState state, List<EpochRow> history) {

        static Resume check(Path ckpt, NetworkSpec spec, TrainingSpec settings, SplitSettings split)
                throws java.io.IOException {
            if (!Files.exists(ckpt)) {
                throw CliException.usage("--resume: checkpoint file " + ckpt + " does not exist");
            }
            requireFile(ckpt, "checkpoint file");
            TrainingState state;
            Map<String, String> metadata;
            try {
                state = CheckpointFile.load(ckpt, spec);
                metadata = SafeTensors.read(ckpt).metadata();
            } catch (WeightsFormatException e) {
                throw CliException.usage("--resume: " + e.getMessage());
            }
            String optimizer = settings.optimizer().yamlName();
            if (!state.optimizer().equals(optimizer)) {
                throw CliException.usage("--resume: the checkpoint was trained with " + state.optimizer() + ", not "
                        + optimizer + ": its optimizer state cannot continue another optimizer (resume with --optimizer "
                        + state.optimizer() + ", or drop --resume to start over)");
            }
            SplitSettings saved = SplitSettings.fromMetadata(metadata, null);
            if (saved != null && !saved.equals(split)) {
                throw CliException.usage("--resume: the checkpoint's data split (" + saved.describe() + ") is not this"
                        + " run's (" + split.describe() + "): resume with the --seed and fractions of the first run");
            }
            if (state.step() > 0) {
                int batch = batchSizeOf(metadata, ckpt);
                if (batch > 0 && batch != settings.batchSize()) {
                    throw CliException.usage("--resume: the checkpoint stopped in the middle of epoch "
                            + (state.epoch() + 1) + " at batch size " + batch + "; finish that epoch with --batch-size "
                            + batch + " (the batch size may change at an epoch boundary)");
                }
            }
            if (state.epoch() >= settings.epochs()) {
                throw CliException.usage("--resume: the run in " + ckpt + " already completed its " + state.epoch()
                        + " epochs" + (state.epoch() > settings.epochs() ? " (more than --epochs " + settings.epochs()
                        + ")" : "") + ": pass --epochs N with N above " + state.epoch()
                        + " to train longer, or drop --resume to start over");
            }
            if (settings.patience() > 0 && state.epochsSinceBest() >= settings.patience()) {
                throw CliException.usage("--resume: the run in " + ckpt + " stopped early after epoch " + state.epoch()
                        + " (no better validation loss for " + state.epochsSinceBest() + " epochs since epoch "
                        + state.bestEpoch() + "): pass a --patience above " + state.epochsSinceBest()
                        + ", or --patience 0, to continue it");
            }
            List<EpochRow> history = EpochRow.decode(metadata.get(HISTORY_KEY)).stream()
                    .filter(r -> r.epoch() <= state.epoch()).toList();
            return new Resume(state, history);
        }

        /** The batch size of the spec stored in the checkpoint, or 0 if it cannot be read. */
        private static int batchSizeOf(Map<String, String> metadata, Path ckpt) {
            String text = metadata.get(SafeTensors.SPEC_KEY);
            if (text == null) {
                return 0;
            }
            try {
                return org.fnnc.spec.yaml.SpecLoader.withDefaults().load(text, ckpt.toString()).training().batchSize();
            } catch (RuntimeException e) {
                return 0; // the trainer still refuses a step count that does not fit
            }
        }
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw CliException.usage(option + " must be at least 1, not " + value);
        }
        return value;
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
