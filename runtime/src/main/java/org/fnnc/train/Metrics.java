package org.fnnc.train;

/**
 * How well a network does on a data set, from {@link Evaluator}.
 *
 * @param samples           number of samples evaluated
 * @param loss              mean of the network's training loss over the samples (MSE loss has the 1/2)
 * @param accuracy          classifiers: fraction of correct predictions (argmax for cross-entropy; every
 *                          output thresholded at 0.5 for binary cross-entropy); NaN for regression
 * @param meanSquaredError  regression: mean of {@code (a - t)^2} over samples and outputs (no 1/2); NaN
 *                          for classifiers
 * @param meanAbsoluteError regression: mean of {@code |a - t|} over samples and outputs; NaN for classifiers
 * @param confusion         classifiers: the confusion matrix; {@code null} for regression
 */
public record Metrics(int samples, double loss, double accuracy, double meanSquaredError,
        double meanAbsoluteError, ConfusionMatrix confusion) {

    /** True for cross-entropy and binary cross-entropy networks. */
    public boolean isClassification() {
        return confusion != null;
    }
}
