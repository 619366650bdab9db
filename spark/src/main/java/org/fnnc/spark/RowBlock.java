package org.fnnc.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.fnnc.train.TrainingData;

/**
 * Rows of one partition packed for the network: sample-major {@code float} features and targets, the
 * layout {@link TrainingData} describes, kept in Spark's block cache as one object per partition.
 */
final class RowBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    final int featureCount;
    final int targetWidth;
    private float[] features;
    private float[] targets;
    private int size;
    private transient TrainingData data;

    RowBlock(int featureCount, int targetWidth) {
        this.featureCount = featureCount;
        this.targetWidth = targetWidth;
        this.features = new float[16 * featureCount];
        this.targets = new float[16 * targetWidth];
    }

    int size() {
        return size;
    }

    /** Room for one more row: its features go to {@link #features()} at {@code size() * featureCount}. */
    void grow() {
        if ((size + 1) * featureCount > features.length) {
            int rows = Math.max(16, size + (size >> 1));
            features = Arrays.copyOf(features, rows * featureCount);
            targets = Arrays.copyOf(targets, rows * targetWidth);
        }
    }

    float[] features() {
        return features;
    }

    float[] targets() {
        return targets;
    }

    /** Counts the row just written. */
    void add() {
        size++;
    }

    /** Drops the spare capacity; called once the partition is packed. */
    RowBlock trim() {
        features = Arrays.copyOf(features, size * featureCount);
        targets = Arrays.copyOf(targets, size * targetWidth);
        return this;
    }

    /** The rows as training data (no copy). */
    TrainingData data() {
        if (data == null) {
            data = TrainingData.of(features, targets, featureCount, targetWidth);
        }
        return data;
    }
}
