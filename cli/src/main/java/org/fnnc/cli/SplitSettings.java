package org.fnnc.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a data set was divided for training: seed and fractions. Stored in the weights file's metadata so that
 * {@code fnnc eval} evaluates on exactly the held-out samples of the run that produced the weights.
 *
 * @param seed               seed of the stratified split (the training seed)
 * @param validationFraction share of the training pool held out for per-epoch validation
 * @param testFraction       share held out for the final test (ignored for data with its own test set)
 */
record SplitSettings(long seed, double validationFraction, double testFraction) {

    static final String SEED_KEY = "fnnc.cli.split_seed";
    static final String VALIDATION_KEY = "fnnc.cli.validation_fraction";
    static final String TEST_KEY = "fnnc.cli.test_fraction";

    SplitSettings {
        check("validation", validationFraction);
        check("test", testFraction);
        if (validationFraction + testFraction >= 1) {
            throw CliException.usage("--validation-fraction " + validationFraction + " and --test-fraction "
                    + testFraction + " leave nothing to train on");
        }
    }

    private static void check(String name, double f) {
        if (!(f >= 0 && f < 1)) {
            throw CliException.usage("--" + name + "-fraction must be in [0, 1), not " + f);
        }
    }

    /** "seed 1, validation fraction 0.1, test fraction 0.1", for messages. */
    String describe() {
        return "seed " + seed + ", validation fraction " + validationFraction + ", test fraction " + testFraction;
    }

    /** The three values as exact strings. */
    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SEED_KEY, Long.toString(seed));
        m.put(VALIDATION_KEY, Double.toString(validationFraction));
        m.put(TEST_KEY, Double.toString(testFraction));
        return m;
    }

    /** The settings stored in {@code metadata}, or {@code fallback} if the file has none (another tool wrote it). */
    static SplitSettings fromMetadata(Map<String, String> metadata, SplitSettings fallback) {
        if (!metadata.containsKey(SEED_KEY)) {
            return fallback;
        }
        try {
            return new SplitSettings(Long.parseLong(metadata.get(SEED_KEY)),
                    Double.parseDouble(metadata.getOrDefault(VALIDATION_KEY, "0")),
                    Double.parseDouble(metadata.getOrDefault(TEST_KEY, "0")));
        } catch (NumberFormatException e) {
            throw CliException.failure("malformed " + SEED_KEY + " metadata in the weights file: " + e.getMessage());
        }
    }
}
