package org.fnnc.train;

/**
 * What one epoch achieved.
 *
 * @param epoch        epoch number, from 1
 * @param trainLoss    mean over the training samples of each minibatch's loss (taken before its update)
 * @param validation   metrics on the validation data after the epoch; {@code null} without validation data
 * @param learningRate the epoch's learning rate
 * @param seconds      wall time of the epoch including validation
 * @param improved     with early stopping on: whether this epoch set a new best validation loss
 */
public record EpochResult(int epoch, double trainLoss, Metrics validation, double learningRate, double seconds,
        boolean improved) {

    /** The validation loss, or NaN without validation data. */
    public double validationLoss() {
        return validation == null ? Double.NaN : validation.loss();
    }

    /** The validation accuracy, or NaN for regression or without validation data. */
    public double validationAccuracy() {
        return validation == null ? Double.NaN : validation.accuracy();
    }
}
