package org.fnnc.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fnnc.network.SplitMix64;

/**
 * A data set divided into training, validation and test sets, reproducibly from a seed: the same data, fractions
 * and seed give the same split on every JDK (the shuffle is {@link SplitMix64} + Fisher–Yates).
 *
 * <p>With {@code stratify}, each class is divided separately in the given fractions, so every split keeps the
 * class proportions of the whole (to within one sample per class); otherwise the samples are divided as one
 * group. Each part is then shuffled, so no split is ordered by class. Counts are rounded to the nearest whole
 * sample: a fraction of 0 gives an empty split.
 *
 * @param train      what the model is fitted on (and what a {@link Scaler} is fitted on)
 * @param validation for early stopping and model selection; may be empty
 * @param test       held out for the final score; may be empty
 */
public record Splits(Dataset train, Dataset validation, Dataset test) {

    public Splits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }

    /**
     * Divides {@code data} into test ({@code testFraction}), validation ({@code validationFraction}) and
     * training (the rest) sets.
     */
    public static Splits split(Dataset data, double validationFraction, double testFraction, long seed,
            boolean stratify) {
        checkFraction("validation", validationFraction);
        checkFraction("test", testFraction);
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validation (" + validationFraction + ") and test (" + testFraction
                    + ") fractions leave nothing to train on");
        }
        int[][] parts = partition(data, new double[] {testFraction, validationFraction}, seed, stratify);
        return new Splits(named(data, parts[2], "train"), named(data, parts[1], "validation"),
                named(data, parts[0], "test"));
    }

    /**
     * For data that comes with its own test set (MNIST): keeps {@code test} as it is and divides
     * {@code trainPool} into validation ({@code validationFraction}) and training sets.
     */
    public static Splits withTestSet(Dataset trainPool, Dataset test, double validationFraction, long seed,
            boolean stratify) {
        checkFraction("validation", validationFraction);
        if (trainPool.featureCount() != test.featureCount()) {
            throw new IllegalArgumentException("training data has " + trainPool.featureCount()
                    + " features per sample but the test data has " + test.featureCount());
        }
        int[][] parts = partition(trainPool, new double[] {validationFraction}, seed, stratify);
        return new Splits(named(trainPool, parts[1], "train"), named(trainPool, parts[0], "validation"), test);
    }

    private static void checkFraction(String what, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(what + " fraction must be in [0, 1), not " + f);
        }
    }

    private static Dataset named(Dataset data, int[] indices, String part) {
        return data.subset(indices).withName(data.name() + " (" + part + ")");
    }

    /**
     * Index sets: one per fraction, in order, then the rest. Each group (a class, or everything) gives
     * {@code round(n * fraction)} samples to each part.
     */
    private static int[][] partition(Dataset data, double[] fractions, long seed, boolean stratify) {
        SplitMix64 rng = new SplitMix64(seed);
        List<int[]> groups = new ArrayList<>();
        if (stratify && data.isClassification()) {
            int[] counts = data.labelCounts();
            int[][] byClass = new int[counts.length][];
            int[] filled = new int[counts.length];
            for (int c = 0; c < counts.length; c++) {
                byClass[c] = new int[counts[c]];
            }
            for (int i = 0; i < data.size(); i++) {
                int c = data.label(i);
                byClass[c][filled[c]++] = i;
            }
            groups.addAll(List.of(byClass));
        } else {
            int[] all = new int[data.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            groups.add(all);
        }
        int partCount = fractions.length + 1;
        int[][] parts = new int[partCount][data.size()];
        int[] lengths = new int[partCount];
        for (int[] group : groups) {
            rng.shuffle(group);
            int next = 0;
            for (int p = 0; p < partCount; p++) {
                int take = p < fractions.length ? (int) Math.round(group.length * fractions[p]) : group.length - next;
                take = Math.min(take, group.length - next);
                System.arraycopy(group, next, parts[p], lengths[p], take);
                lengths[p] += take;
                next += take;
            }
        }
        for (int p = 0; p < partCount; p++) {
            parts[p] = java.util.Arrays.copyOf(parts[p], lengths[p]);
            rng.shuffle(parts[p]);
        }
        if (parts[partCount - 1].length == 0) {
            throw new IllegalArgumentException(data.name() + ": the split leaves no training samples ("
                    + data.size() + " samples in all)");
        }
        return parts;
    }
}
