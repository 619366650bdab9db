package org.fnnc.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.fnnc.train.EpochResult;
import org.fnnc.train.TrainingListener;

/**
 * Shows training progress: on a terminal a one-line bar redrawn in place (epoch, step, ETA, running loss,
 * samples/s), elsewhere (CI, pipes) only one plain line per epoch. Both print the epoch line.
 */
final class ProgressListener implements TrainingListener {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;
    /** Weight of the newest minibatch in the running loss (an exponential moving average). */
    private static final double SMOOTHING = 0.02;

    private final PrintWriter out;
    private final boolean terminal;
    private int epochs;
    private long startNanos;
    private long lastDraw;
    private long stepsDone;
    private double runningLoss;
    private double samplesPerSecond;
    private int lastLineLength;

    ProgressListener(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * True if standard output is an interactive terminal. On JDK 22+ {@code System.console()} exists even
     * when output is redirected, so {@code Console.isTerminal()} is asked where it exists.
     */
    static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 17-21: a console exists only for a terminal
        }
    }

    @Override
    public void onStart(int firstEpoch, int epochs, int stepsPerEpoch, int trainingSamples) {
        this.epochs = epochs;
        this.startNanos = System.nanoTime();
    }

    @Override
    public void onEpochStart(int epoch, double learningRate) {
        runningLoss = Double.NaN;
    }

    @Override
    public void onStep(int epoch, int step, int steps, double loss, double samplesPerSecond) {
        stepsDone++;
        runningLoss = Double.isNaN(runningLoss) ? loss : runningLoss + SMOOTHING * (loss - runningLoss);
        this.samplesPerSecond = samplesPerSecond;
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && step != steps) {
            return;
        }
        lastDraw = now;
        long remainingSteps = (long) (epochs - epoch) * steps + (steps - step);
        double secondsPerStep = (now - startNanos) / 1e9 / stepsDone;
        int filled = (int) ((long) BAR_WIDTH * step / steps);
        String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d  loss %.4f  %,.0f samples/s  ETA %s",
                epoch, epochs, bar, step, steps, runningLoss, samplesPerSecond,
                duration(remainingSteps * secondsPerStep));
        draw(line);
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        if (terminal) {
            draw("");
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  train loss %.4f",
                r.epoch(), epochs, r.trainLoss()));
        if (r.validation() != null) {
            sb.append(String.format(Locale.ROOT, "  val loss %.4f", r.validationLoss()));
            if (!Double.isNaN(r.validationAccuracy())) {
                sb.append(String.format(Locale.ROOT, "  val acc %.2f%%", 100 * r.validationAccuracy()));
            }
        }
        sb.append(String.format(Locale.ROOT, "  lr %.4g  %.1f s  %,.0f samples/s", r.learningRate(), r.seconds(),
                samplesPerSecond));
        if (r.improved()) {
            sb.append("  *");
        }
        out.println(sb);
        out.flush();
    }

    /** Overwrites the current terminal line with {@code line}. */
    private void draw(String line) {
        int pad = Math.max(0, lastLineLength - line.length());
        out.print("\r" + line + " ".repeat(pad) + (line.isEmpty() ? "\r" : ""));
        out.flush();
        lastLineLength = line.length();
    }

    /** Seconds as m:ss or h:mm:ss. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
