package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fnnc.train.EpochResult;
import org.fnnc.train.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What train prints while it runs: the bar, epoch lines, the table, --quiet and --metrics (issue 12). */
class ProgressOutputTest {

    static final String IRIS = FinishedWorkTest.IRIS;
    static final String IRIS_DATA = FinishedWorkTest.IRIS_DATA;

    @TempDir
    Path dir;

    /** Every redraw of the bar, and every epoch line, fits the terminal: an 80-column terminal must not scroll. */
    @ParameterizedTest
    @ValueSource(ints = {80, 60, 40, 132})
    void everyLineFitsTheTerminalWidth(int columns) {
        StringWriter text = new StringWriter();
        ProgressListener p = new ProgressListener(new PrintWriter(text), true, columns);
        int epochs = 10_000;
        int steps = 100_000;
        p.onStart(1, epochs, steps, 3_200_000);
        p.onEpochStart(9_999, 0.001);
        for (int s = steps - 3; s <= steps; s++) {
            p.onStep(9_999, s, steps, 123.456789, 12_345_678.9);
        }
        Metrics val = new Metrics(320_000, 0.123456, 0.9999, Double.NaN, Double.NaN, null);
        p.onEpochEnd(new EpochResult(9_999, 1234.5678, val, 0.00012345, 12345.6, true));
        p.clearLine();
        String out = text.toString();
        assertTrue(out.contains("epoch 9999/10000"), out);
        for (String segment : out.split("[\r\n]")) {
            // the last column stays free: a terminal that auto-wraps would scroll on a full line
            assertTrue(segment.length() < columns, () -> segment.length() + " columns: '" + segment + "'");
        }
        assertTrue(out.endsWith("\r") || out.endsWith("\n"), "the cursor is left at the start of a clean line");
    }

    /** Not a terminal: no bar, no live epoch lines; the summary is the table, each epoch in it once. */
    @Test
    void noEpochIsPrintedTwice() {
        CliRun r = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "6", "-o",
                dir.resolve("w.safetensors").toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.out().contains("\r"), r::toString);
        long epochThree = r.out().lines().filter(l -> l.matches("\\s*(epoch )?3\\b.*")).count();
        assertEquals(1, epochThree, r::toString);
        assertTrue(r.out().contains("train loss"), "the table: " + r);
    }

    /** A long run's table is condensed; --metrics has every epoch. */
    @Test
    void longRunsGetACondensedTable() {
        CliRun r = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "200", "-o",
                dir.resolve("w.safetensors").toString());
        assertEquals(0, r.exitCode(), r::toString);
        long rows = r.out().lines().filter(l -> l.matches("\\s*\\d+\\*?\\s+\\d.*")).count();
        assertTrue(rows <= 25, () -> rows + " table rows: " + r);
        assertTrue(r.out().contains("--metrics FILE"), "says where to get every epoch: " + r);
    }

    @Test
    void quietPrintsOnlyTheResult() {
        Path w = dir.resolve("w.safetensors");
        CliRun r = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "5", "-o", w.toString(), "--quiet");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("test accuracy"), r::toString);
        assertTrue(r.out().contains("weights     " + w), r::toString);
        assertFalse(r.out().contains("train loss"), r::toString);
        assertFalse(r.out().contains("data:"), r::toString);
        assertTrue(r.out().lines().count() <= 6, r::toString);
    }

    /** --metrics FILE: one CSV row per epoch, the numbers the table shows (rounded there). */
    @Test
    void metricsCsvHasEveryEpoch() throws IOException {
        Path m = dir.resolve("m.csv");
        CliRun r = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "7", "-o",
                dir.resolve("w.safetensors").toString(), "--metrics", m.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<String> rows = Files.readAllLines(m);
        assertEquals("epoch,train_loss,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second",
                rows.get(0));
        assertEquals(8, rows.size(), rows::toString);
        for (int e = 1; e <= 7; e++) {
            String[] cells = rows.get(e).split(",");
            assertEquals(String.valueOf(e), cells[0]);
            String tableRow = r.out().lines().filter(l -> l.trim().startsWith(cells[0] + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no table row " + cells[0] + ": " + r));
            assertTrue(tableRow.contains(String.format(Locale.ROOT, "%.4f", Double.parseDouble(cells[1]))),
                    tableRow + " vs " + rows.get(e));
            assertTrue(tableRow.contains(String.format(Locale.ROOT, "%.4f", Double.parseDouble(cells[2]))),
                    tableRow + " vs " + rows.get(e));
            double accuracy = Double.parseDouble(cells[3]);
            assertTrue(accuracy >= 0 && accuracy <= 1, rows.get(e));
        }
    }

    @Test
    void metricsJsonLines() throws IOException {
        Path m = dir.resolve("m.jsonl");
        CliRun r = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "3", "--validation-fraction", "0",
                "-o", dir.resolve("w.safetensors").toString(), "--metrics", m.toString());
        assertEquals(0, r.exitCode(), r::toString);
        List<String> rows = Files.readAllLines(m);
        assertEquals(3, rows.size(), rows::toString);
        assertTrue(rows.get(0).matches("\\{\"epoch\":1,\"train_loss\":[0-9.eE-]+,\"validation_loss\":null,"
                + "\"validation_accuracy\":null,\"learning_rate\":0\\.01,\"seconds\":[0-9.eE-]+,"
                + "\"samples_per_second\":[0-9.eE-]+}"), rows.get(0));
    }
}
