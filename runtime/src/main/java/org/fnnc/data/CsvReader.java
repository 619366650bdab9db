package org.fnnc.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Reads numeric delimited text (CSV) into a {@link Dataset}: one sample per line, features and targets as
 * decimal numbers. Blank lines are skipped; cells are trimmed; gzip-compressed files are recognised by their
 * magic bytes.
 *
 * <p>See {@link Options} for the delimiter, header, label column and task. Every problem is a
 * {@link DataFormatException} naming the file, the 1-based line and column and the offending cell, e.g.
 * {@code iris.csv:17:3: error: 'abc' is not a number (expected a decimal value in column 3)}.
 */
public final class CsvReader {

    /** Largest class label accepted when the number of classes is not given (guards against a stray id column). */
    public static final int MAX_INFERRED_CLASSES = 100_000;

    // Plain decimals only: no NaN, Infinity, hex or type suffixes that Double.parseDouble would also take.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** How the first line is treated. */
    public enum Header {
        /**
         * Look at the first line: two counts followed by names → scikit-learn header; no numbers at all →
         * column names; otherwise data. (A scikit-learn header without class names looks like data: say
         * {@link #SKLEARN} explicitly for such files.)
         */
        AUTO,
        /** The first line is data. */
        NONE,
        /** The first line holds column names (skipped; its column count must match the data). */
        NAMES,
        /**
         * scikit-learn's {@code n_samples,n_features[,class names…]} line (iris.csv, breast_cancer.csv): the
         * counts are checked against the data and the class names kept.
         */
        SKLEARN
    }

    /** What the target columns hold. */
    public enum Task {
        /** One column of integer class indices {@code 0 .. classes-1}. */
        CLASSIFICATION,
        /** {@link Options#targetCount()} columns of real targets. */
        REGRESSION,
        /** No targets: every column is a feature (files to predict on). */
        INPUTS_ONLY
    }

    /**
     * Reading options; {@link #defaults()} is comma-separated, header detected, classification with the label
     * in the last column.
     *
     * @param delimiter   cell separator
     * @param header      how the first line is treated
     * @param labelColumn 0-based index of the (first) target column, or {@link #LAST} for the last
     *                    {@code targetCount} columns
     * @param task        classification, regression or inputs-only
     * @param targetCount target columns for regression (1 for classification, 0 for inputs-only)
     * @param classCount  classes for classification; 0 to take them from the scikit-learn header's class names,
     *                    or else from the largest label
     */
    public record Options(char delimiter, Header header, int labelColumn, Task task, int targetCount, int classCount) {

        /** {@link #labelColumn()} value for "the last column(s)". */
        public static final int LAST = -1;

        public Options {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(task, "task");
            if (delimiter == '"' || delimiter == '.' || delimiter == '-' || delimiter == '+' || Character.isDigit(delimiter)
                    || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("'" + delimiter + "' cannot separate numbers");
            }
            if (labelColumn < LAST) {
                throw new IllegalArgumentException("label column must be a 0-based index or LAST, not " + labelColumn);
            }
            int expectedTargets = switch (task) {
                case CLASSIFICATION -> 1;
                case INPUTS_ONLY -> 0;
                case REGRESSION -> Math.max(targetCount, 1);
            };
            if (targetCount != expectedTargets) {
                throw new IllegalArgumentException(task + " takes " + (task == Task.REGRESSION ? "at least 1"
                        : String.valueOf(expectedTargets)) + " target columns, not " + targetCount);
            }
            if (classCount < 0 || (classCount > 0 && task != Task.CLASSIFICATION)) {
                throw new IllegalArgumentException("class count " + classCount + " does not apply to " + task);
            }
        }

        /** Comma-separated, header detected, classification, label in the last column. */
        public static Options defaults() {
            return new Options(',', Header.AUTO, LAST, Task.CLASSIFICATION, 1, 0);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Number of columns the targets take. */
        int targetColumns() {
            return targetCount;
        }
    }

    /** Builds {@link Options}, starting from {@link Options#defaults()}. */
    public static final class Builder {
        private char delimiter = ',';
        private Header header = Header.AUTO;
        private int labelColumn = Options.LAST;
        private Task task = Task.CLASSIFICATION;
        private int targetCount = 1;
        private int classCount;

        private Builder() {
        }

        public Builder delimiter(char d) {
            this.delimiter = d;
            return this;
        }

        public Builder header(Header h) {
            this.header = h;
            return this;
        }

        /** The (first) target column, 0-based. */
        public Builder labelColumn(int zeroBasedIndex) {
            this.labelColumn = zeroBasedIndex;
            return this;
        }

        /** Targets in the last column(s) (the default). */
        public Builder labelLast() {
            this.labelColumn = Options.LAST;
            return this;
        }

        /** Integer class labels; {@code classes} may be 0 to infer them. */
        public Builder classification(int classes) {
            this.task = Task.CLASSIFICATION;
            this.targetCount = 1;
            this.classCount = classes;
            return this;
        }

        /** {@code targets} real-valued target columns. */
        public Builder regression(int targets) {
            this.task = Task.REGRESSION;
            this.targetCount = targets;
            this.classCount = 0;
            return this;
        }

        /** No target columns. */
        public Builder inputsOnly() {
            this.task = Task.INPUTS_ONLY;
            this.targetCount = 0;
            this.classCount = 0;
            return this;
        }

        public Options build() {
            return new Options(delimiter, header, labelColumn, task, targetCount, classCount);
        }
    }

    private CsvReader() {
    }

    /** Reads {@code file} (plain or gzip); the data set is named after the file. */
    public static Dataset read(Path file, Options options) {
        String name = IdxReader.fileName(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, name, options);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(name, "file not found: " + file);
        } catch (IOException e) {
            throw new DataFormatException(name, "cannot read: " + e, e);
        }
    }

    /** Reads CSV (plain or gzip) from {@code in}, naming it {@code source} in the data set and in errors. */
    public static Dataset read(InputStream in, String source, Options options) {
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(Compression.decompressIfGzip(in), StandardCharsets.UTF_8), 1 << 16);
            return new Parse(source, options).run(reader);
        } catch (ZipException e) {
            throw new DataFormatException(source, "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot read: " + e, e);
        } catch (UncheckedIOException e) {
            throw new DataFormatException(source, "cannot read: " + e.getCause(), e);
        }
    }

    /** One parse: the state accumulated while reading lines. */
    private static final class Parse {
        private final String source;
        private final Options options;
        private final Pattern splitter;
        private List<String> classNames = List.of();
        private long declaredSamples = -1;
        private int declaredFeatures = -1;
        private long headerLine;
        private int namesColumns = -1;
        private int columns = -1;
        private int targetStart;
        private int featureCount;
        private long firstDataLine;
        private float[] features = new float[1024];
        private int featureLength;
        private float[] targets = new float[256];
        private int targetLength;
        private int rows;
        private int maxLabel = -1;

        Parse(String source, Options options) {
            this.source = source;
            this.options = options;
            this.splitter = Pattern.compile(Pattern.quote(String.valueOf(options.delimiter())));
        }

        Dataset run(BufferedReader reader) throws IOException {
            long lineNo = 0;
            boolean first = true;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (first && line.startsWith("\uFEFF")) {
                    line = line.substring(1); // byte order mark
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = splitter.split(line, -1);
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = unquote(cells[c].trim());
                }
                if (first) {
                    first = false;
                    if (readHeader(cells, lineNo)) {
                        continue;
                    }
                }
                if (columns < 0) {
                    layout(cells.length, lineNo);
                }
                row(cells, lineNo);
            }
            return finish();
        }

        private static String unquote(String cell) {
            return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"") ? cell.substring(1, cell.length() - 1).trim() : cell;
        }

        /** True if the line was a header. */
        private boolean readHeader(String[] cells, long lineNo) {
            Header h = options.header();
            if (h == Header.AUTO) {
                long numbers = Arrays.stream(cells).filter(c -> DECIMAL.matcher(c).matches()).count();
                boolean sklearn = cells.length > 2 && isCount(cells[0]) && isCount(cells[1]) && numbers == 2;
                if (sklearn) {
                    h = Header.SKLEARN;
                } else if (numbers == 0) {
                    h = Header.NAMES;
                } else {
                    h = Header.NONE; // all numbers, or a data row with a bad cell (reported as such)
                }
            }
            switch (h) {
                case NONE:
                    return false;
                case NAMES:
                    headerLine = lineNo;
                    namesColumns = cells.length; // compared with the first data row
                    return true;
                default: // SKLEARN
                    headerLine = lineNo;
                    for (int c = 0; c < 2; c++) {
                        if (c >= cells.length || !isCount(cells[c])) {
                            throw new DataFormatException(source, lineNo, c + 1, "'" + (c < cells.length ? cells[c] : "")
                                    + "' is not a count (expected the scikit-learn header 'n_samples,n_features,class names...')");
                        }
                    }
                    declaredSamples = Long.parseLong(cells[0]);
                    declaredFeatures = Integer.parseInt(cells[1]);
                    if (cells.length > 2) {
                        classNames = List.of(Arrays.copyOfRange(cells, 2, cells.length));
                    }
                    return true;
            }
        }

        private static boolean isCount(String cell) {
            return cell.matches("\\d{1,9}");
        }

        /** Decides where features and targets are from the first data row's column count. */
        private void layout(int count, long lineNo) {
            if (namesColumns >= 0 && namesColumns != count) {
                throw new DataFormatException(source, lineNo, 0, "row has " + count + " columns but the header on line "
                        + headerLine + " names " + namesColumns);
            }
            int t = options.targetColumns();
            if (count <= t) {
                throw new DataFormatException(source, lineNo, 0, "row has " + count + " column" + (count == 1 ? "" : "s")
                        + " (expected at least one feature and " + t + " target column" + (t == 1 ? "" : "s") + ")"
                        + delimiterHint(count));
            }
            int start = options.labelColumn() == Options.LAST ? count - t : options.labelColumn();
            if (t > 0 && start + t > count) {
                throw new DataFormatException(source, lineNo, 0, "label column " + (start + 1) + " does not exist: rows have "
                        + count + " columns" + delimiterHint(count));
            }
            columns = count;
            targetStart = start;
            featureCount = count - t;
            firstDataLine = lineNo;
            if (declaredFeatures >= 0 && declaredFeatures != featureCount) {
                throw new DataFormatException(source, headerLine, 2, "the header declares " + declaredFeatures
                        + " features but line " + lineNo + " has " + featureCount + " (" + count + " columns, " + t
                        + " of them target" + (t == 1 ? "" : "s") + ")");
            }
        }

        private String delimiterHint(int count) {
            if (count != 1) {
                return "";
            }
            return "; is the delimiter not '" + options.delimiter() + "'?";
        }

        private void row(String[] cells, long lineNo) {
            if (cells.length != columns) {
                int col = Math.min(cells.length, columns) + 1;
                throw new DataFormatException(source, lineNo, col, "row has " + cells.length + " columns, expected "
                        + columns + " (as on line " + firstDataLine + ")");
            }
            ensureCapacity();
            int t = options.targetColumns();
            for (int c = 0; c < columns; c++) {
                boolean isTarget = c >= targetStart && c < targetStart + t;
                if (isTarget && options.task() == Task.CLASSIFICATION) {
                    targets[targetLength++] = label(cells[c], lineNo, c + 1);
                } else {
                    float v = number(cells[c], lineNo, c + 1);
                    if (isTarget) {
                        targets[targetLength++] = v;
                    } else {
                        features[featureLength++] = v;
                    }
                }
            }
            rows++;
        }

        private void ensureCapacity() {
            if (features.length - featureLength < featureCount) {
                features = Arrays.copyOf(features, grow(features.length, featureCount));
            }
            if (targets.length - targetLength < options.targetColumns()) {
                targets = Arrays.copyOf(targets, grow(targets.length, options.targetColumns()));
            }
        }

        private int grow(int length, int needed) {
            long next = Math.max((long) length * 2, (long) length + needed);
            if (next > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(source, "too many values for one Java array (" + rows + " rows read)");
            }
            return (int) next;
        }

        private float number(String cell, long lineNo, int col) {
            if (!DECIMAL.matcher(cell).matches()) {
                throw new DataFormatException(source, lineNo, col, (cell.isEmpty() ? "empty cell" : "'" + cell + "'")
                        + " is not a number (expected a decimal value in column " + col + ")");
            }
            float v = Float.parseFloat(cell);
            if (Float.isInfinite(v)) {
                throw new DataFormatException(source, lineNo, col, "'" + cell + "' is out of float range (expected a"
                        + " magnitude below 3.4e38 in column " + col + ")");
            }
            return v;
        }

        private float label(String cell, long lineNo, int col) {
            int limit = classLimit();
            String expected = limit > 0 ? "expected a class index 0 to " + (limit - 1) + classList() : "expected a class index 0 or more";
            if (!DECIMAL.matcher(cell).matches()) {
                throw new DataFormatException(source, lineNo, col, (cell.isEmpty() ? "empty cell" : "'" + cell + "'")
                        + " is not a class label (" + expected + " in column " + col + ")");
            }
            double v = Double.parseDouble(cell);
            if (v != Math.rint(v)) {
                throw new DataFormatException(source, lineNo, col, "class label '" + cell + "' is not an integer ("
                        + expected + ")");
            }
            if (v < 0 || (limit > 0 && v >= limit) || v >= MAX_INFERRED_CLASSES) {
                throw new DataFormatException(source, lineNo, col, "class label " + cell + " is out of range ("
                        + (limit > 0 ? expected : "expected 0 to " + (MAX_INFERRED_CLASSES - 1)
                        + "; pass the number of classes if there really are more") + ")");
            }
            maxLabel = Math.max(maxLabel, (int) v);
            return (float) v;
        }

        /** The number of classes if known before reading the labels, else 0. */
        private int classLimit() {
            return options.classCount() > 0 ? options.classCount() : classNames.size();
        }

        private String classList() {
            return classNames.isEmpty() || classNames.size() > 12 ? "" : ": " + String.join(", ", classNames);
        }

        private Dataset finish() {
            if (columns < 0) {
                throw new DataFormatException(source, headerLine > 0
                        ? "no data rows after the header on line " + headerLine
                        : "the file is empty (expected rows of numbers separated by '" + options.delimiter() + "')");
            }
            if (declaredSamples >= 0 && declaredSamples != rows) {
                throw new DataFormatException(source, headerLine, 1, "the header declares " + declaredSamples
                        + " samples but the file has " + rows + " data rows");
            }
            float[] x = Arrays.copyOf(features, featureLength);
            float[] t = Arrays.copyOf(targets, targetLength);
            return switch (options.task()) {
                case CLASSIFICATION -> {
                    int classes = classLimit() > 0 ? classLimit() : maxLabel + 1;
                    List<String> names = classNames.size() == classes ? classNames : List.of();
                    yield Dataset.classification(source, x, featureCount, t, classes, names);
                }
                case REGRESSION -> Dataset.regression(source, x, featureCount, t, options.targetColumns());
                case INPUTS_ONLY -> Dataset.inputsOnly(source, x, featureCount);
            };
        }
    }
}
