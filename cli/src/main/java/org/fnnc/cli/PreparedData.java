package org.fnnc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fnnc.data.Dataset;
import org.fnnc.data.Scaler;

/**
 * Scaled training, validation and test sets ready for a network, with the scaler fitted on the training set.
 *
 * @param validation empty when the validation fraction is 0
 * @param source     where the data came from, for log lines (e.g. "MNIST from ~/.cache/fnnc/mnist")
 * @param origin     what was split, and how: for saying why a split is empty or small
 */
record PreparedData(Dataset train, Dataset validation, Dataset test, Scaler scaler, String source, Origin origin) {

    /** Fewer test or validation samples than this get a warning: each one moves accuracy by over 10%. */
    static final int SMALL_SPLIT = 10;

    /**
     * @param pool       the data that was divided (for data with its own test set: the training pool)
     * @param ownTestSet whether the test set came with the data (MNIST) rather than from the pool
     */
    record Origin(Dataset pool, boolean ownTestSet, SplitSettings split) {
    }

    /** The validation set, or {@code null} if it is empty (the trainer's convention for "none"). */
    Dataset validationOrNull() {
        return validation.size() == 0 ? null : validation;
    }

    /** Why split {@code part} ("test", "validation") is empty, in the words of the options that made it so. */
    String whyEmpty(String part) {
        double fraction = part.equals("test") ? origin.split().testFraction() : origin.split().validationFraction();
        if (fraction == 0) {
            return "--" + part + "-fraction 0 holds out no " + part + " data";
        }
        return "the " + part + " split is empty: " + percent(fraction) + " of " + origin.pool().size()
                + " samples rounds to 0";
    }

    /**
     * What is worth saying about the split before training: empty or very small test and validation splits the
     * user asked for (a fraction above 0), and classes a stratified split left out of them.
     */
    List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (!origin.ownTestSet()) {
            check("test", test, origin.split().testFraction(), w);
        }
        check("validation", validation, origin.split().validationFraction(), w);
        return w;
    }

    private void check(String part, Dataset set, double fraction, List<String> out) {
        if (fraction == 0) {
            return;
        }
        if (set.size() == 0) {
            out.add(whyEmpty(part) + (part.equals("test") ? "; test metrics will be skipped"
                    : "; there will be no per-epoch validation") + " (use a larger --" + part
                    + "-fraction, or more data)");
            return;
        }
        if (set.size() < SMALL_SPLIT) {
            out.add(String.format(Locale.ROOT, "the %s split has only %d samples (%s of %d): each one moves its"
                    + " accuracy by %.0f%%", part, set.size(), percent(fraction), origin.pool().size(),
                    100.0 / set.size()));
        }
        if (origin.pool().isClassification()) {
            int[] all = origin.pool().labelCounts();
            int[] got = set.labelCounts();
            for (int c = 0; c < all.length; c++) {
                if (all[c] > 0 && (c >= got.length || got[c] == 0)) {
                    out.add("class " + c + " has " + all[c] + " samples: the " + part + " split gets none of them ("
                            + percent(fraction) + " of " + all[c] + " rounds to 0)");
                }
            }
        }
    }

    private static String percent(double fraction) {
        String p = String.format(Locale.ROOT, "%.4f", 100 * fraction).replaceAll("0+$", "").replaceAll("\\.$", "");
        return p + "%";
    }
}
