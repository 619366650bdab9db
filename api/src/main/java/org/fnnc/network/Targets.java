package org.fnnc.network;

/** Validation of target values shared by every network implementation (interpreted and generated). */
public final class Targets {

    private Targets() {
    }

    /**
     * The class index held in a cross-entropy target, or an {@link IllegalArgumentException} naming the
     * sample if it is not an integer in {@code [0, classes)}.
     */
    public static int classIndex(double value, int classes, int sample) {
        int y = (int) value;
        if (y != value || y < 0 || y >= classes) {
            throw new IllegalArgumentException("target of sample " + sample + " is " + value
                    + ", not a class index in [0, " + classes + ") (cross_entropy targets are class indices)");
        }
        return y;
    }

    /**
     * A binary cross-entropy target, or an {@link IllegalArgumentException} naming the sample and output if
     * it is not a finite number in {@code [0, 1]}.
     */
    public static double probability(double value, int sample, int output) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException("target " + output + " of sample " + sample + " is " + value
                    + ", not a probability in [0, 1] (binary_cross_entropy targets are 0/1 labels or probabilities)");
        }
        return value;
    }

    /**
     * An MSE target, or an {@link IllegalArgumentException} naming the sample and output if it is NaN or
     * infinite.
     */
    public static double finite(double value, int sample, int output) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("target " + output + " of sample " + sample + " is " + value
                    + ", not a finite number (mse targets must be finite)");
        }
        return value;
    }

    /** Checks that the arrays hold {@code batch} samples; throws with the expected and actual lengths. */
    public static void checkBatch(int xLength, int inputSize, int tLength, int targetWidth, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a loss needs at least one sample, batch was " + batch);
        }
        if ((long) batch * inputSize > xLength) {
            throw new IllegalArgumentException("input array has " + xLength + " values; " + batch
                    + " samples of " + inputSize + " features need " + (long) batch * inputSize);
        }
        if ((long) batch * targetWidth > tLength) {
            throw new IllegalArgumentException("target array has " + tLength + " values; " + batch
                    + " samples of " + targetWidth + " targets need " + (long) batch * targetWidth);
        }
    }

    /** Checks the arrays of a forward pass of {@code batch} samples. */
    public static void checkOutput(int xLength, int inputSize, int outLength, int outputSize, int batch) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch must not be negative: " + batch);
        }
        if ((long) batch * inputSize > xLength) {
            throw new IllegalArgumentException("input array has " + xLength + " values; " + batch
                    + " samples of " + inputSize + " features need " + (long) batch * inputSize);
        }
        if ((long) batch * outputSize > outLength) {
            throw new IllegalArgumentException("output array has " + outLength + " values; " + batch
                    + " samples of " + outputSize + " outputs need " + (long) batch * outputSize);
        }
    }
}
