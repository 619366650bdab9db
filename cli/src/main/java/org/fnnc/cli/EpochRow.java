package org.fnnc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fnnc.train.EpochResult;

/**
 * One epoch of a run as {@code train} reports it: in the table, the chart, the {@code --metrics} file and the
 * history a checkpoint carries (so that a resumed run reports every epoch, not only its own).
 *
 * @param validationLoss     NaN without validation data
 * @param validationAccuracy a fraction; NaN for regression or without validation data
 * @param seconds            wall time of the epoch, validation included (the part after a resume only)
 * @param samplesPerSecond   training throughput of the epoch's steps
 * @param improved           early stopping: the epoch set a new best validation loss
 */
record EpochRow(int epoch, double trainLoss, double validationLoss, double validationAccuracy, double learningRate,
        double seconds, double samplesPerSecond, boolean improved) {

    /** The column names of the CSV forms. */
    static final List<String> COLUMNS = List.of("epoch", "train_loss", "validation_loss", "validation_accuracy",
            "learning_rate", "seconds", "samples_per_second");

    static EpochRow of(EpochResult r, double samplesPerSecond) {
        return new EpochRow(r.epoch(), r.trainLoss(), r.validationLoss(), r.validationAccuracy(), r.learningRate(),
                r.seconds(), samplesPerSecond, r.improved());
    }

    /** The values of {@link #COLUMNS}, exact (they parse back to the same doubles); "" for none. */
    List<String> cells() {
        return List.of(Integer.toString(epoch), exact(trainLoss), exact(validationLoss), exact(validationAccuracy),
                exact(learningRate), exact(seconds), exact(samplesPerSecond));
    }

    /** One CSV line of {@link #cells()}. */
    String csv() {
        return String.join(",", cells());
    }

    /** One JSON object on one line; missing values are {@code null}. */
    String json() {
        StringBuilder sb = new StringBuilder("{");
        List<String> cells = cells();
        for (int i = 0; i < COLUMNS.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(COLUMNS.get(i)).append("\":")
                    .append(cells.get(i).isEmpty() ? "null" : cells.get(i));
        }
        return sb.append('}').toString();
    }

    /** At most this many rows (and the last) go into a checkpoint: it is written every epoch, often. */
    static final int HISTORY_ROWS = 128;

    /**
     * The history stored in a checkpoint: one line per row, the {@link #COLUMNS} in float precision and the
     * improved flag. Long runs keep every epoch divisible by the smallest power of two that leaves at most
     * {@value #HISTORY_ROWS} rows, and the last: enough for the chart and the table, small enough to write
     * every epoch, and thinning an already thinned history again keeps the same epochs.
     */
    static String encode(List<EpochRow> rows) {
        int stride = 1;
        while (kept(rows, stride) > HISTORY_ROWS) {
            stride *= 2;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            EpochRow r = rows.get(i);
            if (r.epoch % stride == 0 || i == rows.size() - 1) {
                // float precision: the history feeds charts and tables, and is written every epoch
                sb.append(r.epoch).append(',').append(compact(r.trainLoss)).append(',')
                        .append(compact(r.validationLoss)).append(',').append(compact(r.validationAccuracy))
                        .append(',').append(compact(r.learningRate)).append(',').append(compact(r.seconds))
                        .append(',').append(compact(r.samplesPerSecond)).append(',').append(r.improved ? 1 : 0)
                        .append('\n');
            }
        }
        return sb.toString();
    }

    private static int kept(List<EpochRow> rows, int stride) {
        int n = 0;
        for (EpochRow r : rows) {
            n += r.epoch % stride == 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The rows {@link #encode} wrote; an unreadable history (another version, hand-edited) gives what could be
     * read up to there, since it only feeds reports.
     */
    static List<EpochRow> decode(String text) {
        List<EpochRow> rows = new ArrayList<>();
        if (text == null) {
            return rows;
        }
        for (String line : text.split("\n")) {
            String[] c = line.split(",", -1);
            if (c.length != COLUMNS.size() + 1) {
                break;
            }
            try {
                rows.add(new EpochRow(Integer.parseInt(c[0]), number(c[1]), number(c[2]), number(c[3]), number(c[4]),
                        number(c[5]), number(c[6]), c[7].equals("1")));
            } catch (NumberFormatException e) {
                break;
            }
        }
        return rows;
    }

    private static String exact(double v) {
        return Double.isNaN(v) ? "" : v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v);
    }

    private static String compact(double v) {
        return Double.isNaN(v) ? "" : Float.toString((float) v);
    }

    private static double number(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    /** The line {@code train} prints for this epoch on a terminal, at most {@code width - 1} characters. */
    String line(int epochs, int width) {
        String head = String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f", epoch, epochs, trainLoss);
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(validationLoss)) {
            parts.add(String.format(Locale.ROOT, "val loss %.4f", validationLoss));
        }
        if (!Double.isNaN(validationAccuracy)) {
            parts.add(String.format(Locale.ROOT, "val acc %.2f%%", 100 * validationAccuracy));
        }
        parts.add(String.format(Locale.ROOT, "lr %.4g", learningRate));
        parts.add(String.format(Locale.ROOT, "%.1f s", seconds));
        parts.add(String.format(Locale.ROOT, "%,.0f samples/s", samplesPerSecond));
        String mark = improved ? "  *" : "";
        // least useful last: drop from the end until the line fits
        for (int keep = parts.size(); keep >= 0; keep--) {
            StringBuilder sb = new StringBuilder(head);
            for (int i = 0; i < keep; i++) {
                sb.append("  ").append(parts.get(i));
            }
            sb.append(mark);
            if (sb.length() < width || keep == 0) {
                return sb.length() < width ? sb.toString() : sb.substring(0, Math.max(0, width - 1));
            }
        }
        throw new AssertionError();
    }
}
