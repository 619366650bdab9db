package org.fnnc.spark;

import java.util.List;
import org.fnnc.train.EpochResult;
import org.fnnc.train.Metrics;
import org.fnnc.train.TrainingResult.StopReason;

/**
 * What a fit did, as the trainer reports it: per epoch the training loss, the validation metrics (if the
 * data has validation rows), the learning rate and the wall time; why it stopped; and the epoch whose
 * parameters the model holds when early stopping is on. Not saved with the model.
 *
 * @param epochs           the epochs run by this fit (after a resume, only those after the checkpoint)
 * @param stopReason       why training ended
 * @param bestEpoch        with early stopping: the epoch whose parameters the model holds; else 0
 * @param finalValidation  the final parameters' metrics on the validation rows; {@code null} without them
 * @param rounds           Spark jobs that trained (averaging rounds, or exact steps)
 * @param trainingRows     rows trained on, over all partitions
 * @param partitions       partitions of the training data
 * @param seconds          wall time of the fit, data preparation included
 */
public record FnncTrainingSummary(List<EpochResult> epochs, StopReason stopReason, int bestEpoch,
        Metrics finalValidation, long rounds, long trainingRows, int partitions, double seconds) {

    public FnncTrainingSummary {
        epochs = List.copyOf(epochs);
    }
}
