package org.fnnc.train;

/**
 * Counts of (actual class, predicted class) pairs. For cross-entropy the classes are the network's
 * outputs; for binary cross-entropy there are two classes (0 and 1) counted over every output of every
 * sample, the prediction being 1 when the output is at least 0.5.
 */
public final class ConfusionMatrix {

    private final long[][] counts;

    /** A matrix holding a copy of {@code counts[actual][predicted]} (square). */
    public ConfusionMatrix(long[][] counts) {
        this.counts = new long[counts.length][];
        for (int a = 0; a < counts.length; a++) {
            if (counts[a].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix must be square: row " + a + " has "
                        + counts[a].length + " columns, expected " + counts.length);
            }
            this.counts[a] = counts[a].clone();
        }
    }

    /** Number of classes. */
    public int classes() {
        return counts.length;
    }

    /** How often class {@code actual} was predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Sum of all counts. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    /** Sum of the diagonal: correct predictions. */
    public long correct() {
        long n = 0;
        for (int k = 0; k < counts.length; k++) {
            n += counts[k][k];
        }
        return n;
    }

    /** Rows are actual classes, columns predicted classes, right-aligned. */
    @Override
    public String toString() {
        int width = Math.max(String.valueOf(counts.length - 1).length(), 1);
        for (long[] row : counts) {
            for (long c : row) {
                width = Math.max(width, String.valueOf(c).length());
            }
        }
        String cell = "%" + (width + 1) + "s";
        StringBuilder sb = new StringBuilder("actual\\predicted\n").append(String.format(cell, ""));
        for (int p = 0; p < counts.length; p++) {
            sb.append(String.format(cell, p));
        }
        for (int a = 0; a < counts.length; a++) {
            sb.append('\n').append(String.format(cell, a));
            for (long c : counts[a]) {
                sb.append(String.format(cell, c));
            }
        }
        return sb.toString();
    }
}
