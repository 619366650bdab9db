package org.fnnc.cli;

/**
 * A user error the {@code fnnc} command reports as one message on stderr, without a stack trace, exiting
 * with {@link #exitCode()}: {@link #USAGE} for a bad command line, spec or missing file, {@link #FAILURE}
 * for a run that could not complete.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of a usage or spec error. */
    public static final int USAGE = 2;
    /** Exit code of a run-time failure. */
    public static final int FAILURE = 1;

    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A usage error (exit code 2). */
    public static CliException usage(String message) {
        return new CliException(USAGE, message, null);
    }

    /** A run-time failure (exit code 1). */
    public static CliException failure(String message) {
        return new CliException(FAILURE, message, null);
    }

    /** A run-time failure (exit code 1) caused by {@code cause}, shown with {@code --verbose}. */
    public static CliException failure(String message, Throwable cause) {
        return new CliException(FAILURE, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
