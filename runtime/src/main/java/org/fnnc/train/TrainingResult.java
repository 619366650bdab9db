package org.fnnc.train;

import java.util.List;

/**
 * The outcome of {@link Trainer#fit} or {@link Trainer#resume}.
 *
 * @param epochs          the epochs run by this call (a resumed run lists only those after the resume point)
 * @param stopReason      why training ended
 * @param bestEpoch       with early stopping on: the epoch whose parameters the network now holds; else 0
 * @param finalValidation metrics of the final parameters on the validation data (with the confusion matrix
 *                        for classifiers); {@code null} without validation data
 * @param state           the state at the end, for {@link Trainer#resume} (after a stop request, to continue)
 * @param seconds         wall time of the call
 */
public record TrainingResult(List<EpochResult> epochs, StopReason stopReason, int bestEpoch,
        Metrics finalValidation, TrainingState state, double seconds) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** Why training ended. */
    public enum StopReason {
        /** Every epoch ran. */
        COMPLETED,
        /** The validation loss did not improve for {@code patience} epochs. */
        EARLY_STOPPED,
        /** {@link Trainer#requestStop()} was called; {@link #state()} resumes where it stopped. */
        STOP_REQUESTED
    }
}
