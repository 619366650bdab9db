package org.fnnc.train;

/** {@link TrainingData} over two sample-major float arrays. */
final class ArrayTrainingData implements TrainingData {

    private final float[] features;
    private final float[] targets;
    private final int featureCount;
    private final int targetWidth;
    private final int size;

    ArrayTrainingData(float[] features, float[] targets, int featureCount, int targetWidth) {
        if (featureCount <= 0 || targetWidth <= 0) {
            throw new IllegalArgumentException("featureCount and targetWidth must be positive: "
                    + featureCount + ", " + targetWidth);
        }
        if (features.length % featureCount != 0 || targets.length % targetWidth != 0
                || features.length / featureCount != targets.length / targetWidth) {
            throw new IllegalArgumentException(features.length + " feature values (" + featureCount
                    + " per sample) and " + targets.length + " target values (" + targetWidth
                    + " per sample) do not describe the same number of samples");
        }
        this.features = features;
        this.targets = targets;
        this.featureCount = featureCount;
        this.targetWidth = targetWidth;
        this.size = features.length / featureCount;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public int targetWidth() {
        return targetWidth;
    }

    @Override
    public void gather(int[] order, int from, int count, float[] x, float[] t) {
        for (int b = 0; b < count; b++) {
            int s = order[from + b];
            System.arraycopy(features, s * featureCount, x, b * featureCount, featureCount);
            System.arraycopy(targets, s * targetWidth, t, b * targetWidth, targetWidth);
        }
    }

    @Override
    public void gather(int[] order, int from, int count, double[] x, double[] t) {
        for (int b = 0; b < count; b++) {
            int s = order[from + b];
            widen(features, s * featureCount, x, b * featureCount, featureCount);
            widen(targets, s * targetWidth, t, b * targetWidth, targetWidth);
        }
    }

    private static void widen(float[] src, int from, double[] dst, int to, int n) {
        for (int k = 0; k < n; k++) {
            dst[to + k] = src[from + k];
        }
    }
}
