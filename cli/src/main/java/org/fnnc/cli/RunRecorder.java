package org.fnnc.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.fnnc.train.EpochResult;
import org.fnnc.train.TrainingListener;

/**
 * Keeps the epochs of a run, including those before a resume (from the checkpoint's history), for the table,
 * the chart, the checkpoint and the {@code --metrics} file. A metrics file that cannot be written any more
 * (disk full) costs a warning, never the run.
 */
final class RunRecorder implements TrainingListener {

    private final List<EpochRow> rows;
    private final MetricsFile metrics;
    private final PrintWriter err;
    private boolean metricsFailed;
    private double samplesPerSecond;

    /**
     * @param history the epochs before this run (empty for a new run)
     * @param metrics where each epoch goes as it ends, or {@code null}
     */
    RunRecorder(List<EpochRow> history, MetricsFile metrics, PrintWriter err) {
        this.rows = new ArrayList<>(history);
        this.metrics = metrics;
        this.err = err;
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, double loss, double samplesPerSecond) {
        this.samplesPerSecond = samplesPerSecond;
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        EpochRow row = EpochRow.of(result, samplesPerSecond);
        rows.add(row);
        if (metrics != null && !metricsFailed) {
            try {
                metrics.append(row);
            } catch (UncheckedIOException e) {
                metricsFailed = true;
                err.println("warning: " + e.getMessage() + "; training goes on without it");
                err.flush();
            }
        }
    }

    /** Every epoch so far, the resumed-from ones first. */
    List<EpochRow> rows() {
        return List.copyOf(rows);
    }
}
