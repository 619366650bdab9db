package org.fnnc.data;

import org.fnnc.train.TrainingData;

import java.util.List;
import java.util.Objects;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * {@code n} samples of a data set, in the flat sample-major layout networks take: features
 * {@code features()[i * featureCount() + j]} and targets {@code targets()[i * targetWidth() + k]}.
 *
 * <p>A <em>classification</em> data set ({@link #classCount()} &gt; 0) has one target per sample, the class
 * index as a float holding an integer in {@code [0, classCount())} (what cross-entropy networks take). A
 * <em>regression</em> data set has {@code targetWidth()} real targets per sample; an <em>inputs-only</em> data
 * set has none ({@code targetWidth() == 0}), for prediction.
 *
 * <p>Immutable by convention: {@link #features()} and {@link #targets()} return the backing arrays without a
 * copy (data sets can be large), and callers must not modify them. Derived sets ({@link #subset},
 * {@link Scaler#apply}) are new objects.
 */
public final class Dataset implements TrainingData {

    private final String name;
    private final float[] features;
    private final int featureCount;
    private final float[] targets;
    private final int targetWidth;
    private final int classCount;
    private final List<String> classNames;
    private final int size;

    /**
     * A data set; checks that the arrays hold whole samples and that class labels are in range.
     *
     * @param name         what to call it in messages (a file name, say)
     * @param features     {@code n * featureCount} values, sample-major
     * @param featureCount features per sample, at least 1
     * @param targets      {@code n * targetWidth} values, sample-major
     * @param targetWidth  targets per sample: 1 for classification, 0 for inputs-only
     * @param classCount   number of classes for classification, 0 otherwise
     * @param classNames   empty, or one name per class
     */
    public Dataset(String name, float[] features, int featureCount, float[] targets, int targetWidth,
            int classCount, List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.features = Objects.requireNonNull(features, "features");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.classNames = List.copyOf(classNames);
        if (featureCount < 1) {
            throw new IllegalArgumentException(name + ": feature count must be at least 1, not " + featureCount);
        }
        if (targetWidth < 0 || classCount < 0) {
            throw new IllegalArgumentException(name + ": negative target width or class count");
        }
        if (features.length % featureCount != 0) {
            throw new IllegalArgumentException(name + ": " + features.length + " feature values are not whole samples of "
                    + featureCount);
        }
        this.featureCount = featureCount;
        this.targetWidth = targetWidth;
        this.classCount = classCount;
        this.size = features.length / featureCount;
        if ((long) size * targetWidth != targets.length) {
            throw new IllegalArgumentException(name + ": " + size + " samples of " + targetWidth + " targets need "
                    + (long) size * targetWidth + " target values, not " + targets.length);
        }
        if (classCount > 0) {
            if (targetWidth != 1) {
                throw new IllegalArgumentException(name + ": classification data has one target (the class index) per sample, not "
                        + targetWidth);
            }
            for (int i = 0; i < size; i++) {
                float y = targets[i];
                if (y != (int) y || y < 0 || y >= classCount) {
                    throw new IllegalArgumentException(name + ": label of sample " + i + " is " + y
                            + ", not a class index in [0, " + classCount + ")");
                }
            }
        }
        if (!this.classNames.isEmpty() && this.classNames.size() != classCount) {
            throw new IllegalArgumentException(name + ": " + this.classNames.size() + " class names for " + classCount
                    + " classes");
        }
    }

    /** A classification data set: one class index per sample in {@code labels}. */
    public static Dataset classification(String name, float[] features, int featureCount, float[] labels,
            int classCount, List<String> classNames) {
        if (classCount < 1) {
            throw new IllegalArgumentException(name + ": classification needs at least one class");
        }
        return new Dataset(name, features, featureCount, labels, 1, classCount, classNames);
    }

    /** A regression data set with {@code targetWidth} real targets per sample. */
    public static Dataset regression(String name, float[] features, int featureCount, float[] targets, int targetWidth) {
        return new Dataset(name, features, featureCount, targets, targetWidth, 0, List.of());
    }

    /** Features without targets, for prediction. */
    public static Dataset inputsOnly(String name, float[] features, int featureCount) {
        return new Dataset(name, features, featureCount, new float[0], 0, 0, List.of());
    }

    /** The same targets and metadata with other features of the same shape (used by {@link Scaler}). */
    Dataset withFeatures(float[] newFeatures) {
        if (newFeatures.length != features.length) {
            throw new IllegalArgumentException("feature arrays differ in length");
        }
        return new Dataset(name, newFeatures, featureCount, targets, targetWidth, classCount, classNames);
    }

    /** The same data under another name. */
    public Dataset withName(String newName) {
        return new Dataset(newName, features, featureCount, targets, targetWidth, classCount, classNames);
    }

    public String name() {
        return name;
    }

    /** Number of samples. */
    @Override
    public int size() {
        return size;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    /** Targets per sample: 1 for classification, 0 for inputs-only. */
    @Override
    public int targetWidth() {
        return targetWidth;
    }

    /** Number of classes, 0 unless this is a classification data set. */
    public int classCount() {
        return classCount;
    }

    public boolean isClassification() {
        return classCount > 0;
    }

    /** One name per class, or empty if the source gave none. */
    public List<String> classNames() {
        return classNames;
    }

    /** The backing feature array, sample-major; do not modify. */
    public float[] features() {
        return features;
    }

    /** The backing target array, sample-major; do not modify. */
    public float[] targets() {
        return targets;
    }

    /** Feature {@code j} of sample {@code i}. */
    public float feature(int i, int j) {
        return features[i * featureCount + j];
    }

    /** Target {@code k} of sample {@code i}. */
    public float target(int i, int k) {
        return targets[i * targetWidth + k];
    }

    /** Class index of sample {@code i} (classification only). */
    public int label(int i) {
        requireClassification();
        return (int) targets[i];
    }

    /** Samples per class, indexed by class (classification only). */
    public int[] labelCounts() {
        requireClassification();
        int[] counts = new int[classCount];
        for (int i = 0; i < size; i++) {
            counts[(int) targets[i]]++;
        }
        return counts;
    }

    private void requireClassification() {
        if (classCount == 0) {
            throw new IllegalStateException(name + " is not a classification data set");
        }
    }

    /** A new data set of the samples at {@code indices}, in that order (repeats allowed). */
    public Dataset subset(int[] indices) {
        float[] x = new float[Math.multiplyExact(indices.length, featureCount)];
        float[] t = new float[indices.length * targetWidth];
        gather(indices, 0, indices.length, x, t);
        return new Dataset(name, x, featureCount, t, targetWidth, classCount, classNames);
    }

    /**
     * Copies samples {@code order[from .. from+count)} into the start of {@code xOut} and {@code tOut} (which
     * may be null for inputs-only data): the minibatch a trainer feeds to a float network.
     */
    @Override
    public void gather(int[] order, int from, int count, float[] xOut, float[] tOut) {
        checkBatch(order, from, count, xOut.length, tOut == null ? 0 : tOut.length);
        for (int b = 0; b < count; b++) {
            int i = order[from + b];
            System.arraycopy(features, i * featureCount, xOut, b * featureCount, featureCount);
            if (targetWidth > 0) {
                System.arraycopy(targets, i * targetWidth, tOut, b * targetWidth, targetWidth);
            }
        }
    }

    /** As {@link #gather(int[], int, int, float[], float[])}, converting to double for double networks. */
    @Override
    public void gather(int[] order, int from, int count, double[] xOut, double[] tOut) {
        checkBatch(order, from, count, xOut.length, tOut == null ? 0 : tOut.length);
        for (int b = 0; b < count; b++) {
            int i = order[from + b];
            for (int j = 0; j < featureCount; j++) {
                xOut[b * featureCount + j] = features[i * featureCount + j];
            }
            for (int k = 0; k < targetWidth; k++) {
                tOut[b * targetWidth + k] = targets[i * targetWidth + k];
            }
        }
    }

    private void checkBatch(int[] order, int from, int count, int xLength, int tLength) {
        if (from < 0 || count < 0 || from > order.length - count) {
            throw new IndexOutOfBoundsException("samples [" + from + ", " + ((long) from + count) + ") of an order of "
                    + order.length);
        }
        if ((long) count * featureCount > xLength || (long) count * targetWidth > tLength) {
            throw new IllegalArgumentException("batch arrays of " + xLength + " and " + tLength + " values cannot hold "
                    + count + " samples of " + featureCount + " features and " + targetWidth + " targets");
        }
    }

    /**
     * Checks that this data fits the spec's network: the feature count equals the spec's input, and targets
     * (if any) are what its loss takes: class indices below the output size for cross-entropy, one target per
     * output otherwise.
     *
     * @throws DataFormatException naming both numbers, e.g. "data has 30 features per sample but the spec
     *                             'Iris' expects input 4"
     */
    public void checkCompatible(NetworkSpec spec) {
        String specName = "the spec '" + spec.name() + "'";
        if (featureCount != spec.input()) {
            throw new DataFormatException(name, "data has " + featureCount + " features per sample but " + specName
                    + " expects input " + spec.input());
        }
        if (targetWidth == 0) {
            return;
        }
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            if (classCount == 0) {
                throw new DataFormatException(name, "data has " + targetWidth + " real targets per sample but " + specName
                        + " uses cross_entropy, which takes one class index per sample (read the data as classification)");
            }
            if (classCount > spec.outputSize()) {
                throw new DataFormatException(name, "data has " + classCount + " classes but " + specName + " has "
                        + spec.outputSize() + " outputs (one per class)");
            }
            return;
        }
        if (targetWidth != spec.outputSize()) {
            throw new DataFormatException(name, "data has " + targetWidth + " target" + (targetWidth == 1 ? "" : "s")
                    + " per sample but " + specName + " (loss " + spec.loss().yamlName() + ") has " + spec.outputSize()
                    + " outputs and expects one target per output");
        }
        if (spec.loss() == Loss.BINARY_CROSS_ENTROPY && classCount > 2) {
            throw new DataFormatException(name, "data has " + classCount + " classes but " + specName
                    + " uses binary_cross_entropy, which takes targets in [0, 1]");
        }
    }

    @Override
    public String toString() {
        return name + ": " + size + " samples of " + featureCount + " features, "
                + (classCount > 0 ? classCount + " classes" : targetWidth + " targets");
    }
}
