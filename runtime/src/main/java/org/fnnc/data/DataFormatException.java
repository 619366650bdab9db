package org.fnnc.data;

/**
 * A data file or data set that fnnc cannot use: malformed CSV or IDX, a label out of range, features that do
 * not match a spec. The message has the compiler-style form {@code file:row:column: error: what (expected)},
 * with row and column 1-based and left out when they do not apply.
 *
 * <p>Unchecked, like {@link org.fnnc.spec.SpecException}: callers that can do something about it (the CLI)
 * catch it at the top and print {@link #getMessage()}; everyone else lets it propagate.
 */
public class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long row;
    private final int column;
    private final String detail;

    /** A problem at {@code row} (1-based; 0 for none) and {@code column} (1-based; 0 for none) of {@code source}. */
    public DataFormatException(String source, long row, int column, String detail) {
        this(source, row, column, detail, null);
    }

    /** A problem with {@code source} as a whole. */
    public DataFormatException(String source, String detail) {
        this(source, 0, 0, detail, null);
    }

    /** A problem with {@code source} as a whole, caused by {@code cause} (an I/O error, say). */
    public DataFormatException(String source, String detail, Throwable cause) {
        this(source, 0, 0, detail, cause);
    }

    private DataFormatException(String source, long row, int column, String detail, Throwable cause) {
        super(location(source, row, column) + ": error: " + detail, cause);
        this.source = source;
        this.row = row;
        this.column = column;
        this.detail = detail;
    }

    private static String location(String source, long row, int column) {
        StringBuilder sb = new StringBuilder(source);
        if (row > 0) {
            sb.append(':').append(row);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        return sb.toString();
    }

    /** The file or data set name the problem is in. */
    public String source() {
        return source;
    }

    /** 1-based row (line) number, or 0. */
    public long row() {
        return row;
    }

    /** 1-based column number, or 0. */
    public int column() {
        return column;
    }

    /** The message without the location prefix. */
    public String detail() {
        return detail;
    }
}
