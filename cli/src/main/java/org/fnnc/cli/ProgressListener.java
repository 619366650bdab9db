package org.fnnc.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.fnnc.train.EpochResult;
import org.fnnc.train.TrainingListener;

/**
 * Shows training progress on a terminal: a one-line bar redrawn in place (epoch, step, running loss, samples/s,
 * ETA) and a line per finished epoch, each fitted to the terminal's width so that nothing wraps and scrolls.
 * Off a terminal {@code train} uses none of this: it prints a summary table at the end instead.
 */
final class ProgressListener implements TrainingListener {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;
    private static final int MIN_BAR_WIDTH = 8;
    /** Weight of the newest minibatch in the running loss (an exponential moving average). */
    private static final double SMOOTHING = 0.02;

    private final PrintWriter out;
    private final boolean terminal;
    private final int columns;
    private int epochs;
    private long startNanos;
    private long lastDraw;
    private long stepsDone;
    private double runningLoss;
    private double samplesPerSecond;
    private int lastLineLength;

    /**
     * @param terminal whether {@code out} is a terminal; if not, nothing is drawn
     * @param columns  the terminal's width; lines stay at least one column shorter
     */
    ProgressListener(PrintWriter out, boolean terminal, int columns) {
        this.out = out;
        this.terminal = terminal;
        this.columns = Math.max(20, columns);
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

    /**
     * The terminal's width: {@code $COLUMNS} if set (shells set it but seldom export it), else what
     * {@code stty size} reports for {@code /dev/tty}, else 80.
     */
    static int terminalColumns() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.matches("\\d{1,4}") && Integer.parseInt(env) > 0) {
            return Integer.parseInt(env);
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            if (p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS) && size.trim().matches("\\d+ \\d+")) {
                int c = Integer.parseInt(size.trim().split(" ")[1]);
                if (c > 0) {
                    return c;
                }
            }
        } catch (java.io.IOException e) {
            // no stty or no terminal: the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
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
        draw(barLine(epoch, step, steps, duration(remainingSteps * secondsPerStep)));
    }

    /** The bar line, fitted to the width: the bar shrinks, then samples/s, ETA and the bar go. */
    String barLine(int epoch, int step, int steps, String eta) {
        String head = String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs);
        String count = String.format(Locale.ROOT, "%d/%d  loss %.4f", step, steps, runningLoss);
        String rate = String.format(Locale.ROOT, "  %,.0f samples/s", samplesPerSecond);
        String left = "  ETA " + eta;
        String[][] variants = {{rate, left}, {"", left}, {"", ""}};
        for (String[] v : variants) {
            int fixed = head.length() + 1 + count.length() + v[0].length() + v[1].length();
            int bar = Math.min(BAR_WIDTH, columns - 1 - fixed - 3);
            if (bar >= MIN_BAR_WIDTH) {
                int filled = (int) ((long) bar * step / steps);
                String b = "=".repeat(filled) + (filled < bar ? ">" + " ".repeat(bar - filled - 1) : "");
                return head + " [" + b + "] " + count + v[0] + v[1];
            }
        }
        String plain = head + " " + count;
        return plain.length() < columns ? plain : plain.substring(0, columns - 1);
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        if (!terminal) {
            return;
        }
        clearLine();
        out.println(EpochRow.of(r, samplesPerSecond).line(epochs, columns));
        out.flush();
    }

    /** Erases the bar, leaving the cursor at the start of an empty line (before other output, e.g. Ctrl-C). */
    void clearLine() {
        if (terminal && lastLineLength > 0) {
            out.print("\r" + " ".repeat(lastLineLength) + "\r");
            out.flush();
            lastLineLength = 0;
        }
    }

    /** Overwrites the current terminal line with {@code line}. */
    private void draw(String line) {
        int pad = Math.max(0, lastLineLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
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
