package org.fnnc.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.fnnc.files.AtomicFiles;

/**
 * {@code train --metrics FILE}: one row per epoch, written as each epoch ends (so {@code tail -f} follows a
 * run), as CSV with a header or, for a {@code .jsonl} / {@code .ndjson} name, as JSON lines. A resumed run
 * first rewrites the file with the epochs its checkpoint holds, so the file never lists an epoch twice.
 */
final class MetricsFile implements AutoCloseable {

    private final boolean json;
    private final BufferedWriter out;

    private MetricsFile(boolean json, BufferedWriter out) {
        this.json = json;
        this.out = out;
    }

    /**
     * Starts the file: for a new run ({@code resumedAt} 0) just the header; for a run resumed after epoch
     * {@code resumedAt}, the rows of epochs up to there, taken from the file the first run wrote if it is
     * still there (a checkpoint's {@code history} may be thinned), else from {@code history}. Written
     * atomically; then the file stays open for appending.
     */
    static MetricsFile start(Path file, List<EpochRow> history, int resumedAt) throws IOException {
        String name = file.getFileName().toString();
        boolean json = name.endsWith(".jsonl") || name.endsWith(".ndjson");
        StringBuilder text = new StringBuilder(json ? "" : String.join(",", EpochRow.COLUMNS) + "\n");
        List<String> earlier = resumedAt > 0 ? earlierRows(file, json, resumedAt) : List.of();
        if (!earlier.isEmpty()) {
            earlier.forEach(line -> text.append(line).append('\n'));
        } else {
            for (EpochRow r : history) {
                text.append(json ? r.json() : r.csv()).append('\n');
            }
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        return new MetricsFile(json, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    /** The rows of epochs 1 to {@code upTo} in an existing metrics file, or none if it has not all of them. */
    private static List<String> earlierRows(Path file, boolean json, int upTo) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> rows = new java.util.ArrayList<>();
        java.util.regex.Pattern epoch = java.util.regex.Pattern.compile(json ? "\\{\"epoch\":(\\d+),.*" : "(\\d+),.*");
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            java.util.regex.Matcher m = epoch.matcher(line);
            if (m.matches() && Integer.parseInt(m.group(1)) == rows.size() + 1 && rows.size() < upTo) {
                rows.add(line);
            }
        }
        return rows.size() == upTo ? rows : List.of();
    }

    /** Appends one row and flushes it. */
    void append(EpochRow row) {
        try {
            out.write(json ? row.json() : row.csv());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the metrics file: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
