package org.fnnc.cli;

import org.fnnc.data.Dataset;
import org.fnnc.data.Scaler;

/**
 * Scaled training, validation and test sets ready for a network, with the scaler fitted on the training set.
 *
 * @param validation empty when the validation fraction is 0
 * @param source     where the data came from, for log lines (e.g. "MNIST from ~/.cache/fnnc/mnist")
 */
record PreparedData(Dataset train, Dataset validation, Dataset test, Scaler scaler, String source) {

    /** The validation set, or {@code null} if it is empty (the trainer's convention for "none"). */
    Dataset validationOrNull() {
        return validation.size() == 0 ? null : validation;
    }
}
