package org.fnnc.generator.output;

/**
 * An override a front end was given (a plugin parameter, a command-line option) that names no valid value. The
 * message says what is wrong, the hint what was expected; the front end prefixes the setting as its user spelt it
 * ({@code <unroll>}, {@code --kernels}).
 */
public final class InvalidOverrideException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String hint;

    InvalidOverrideException(String problem, String hint) {
        super(hint.isEmpty() ? problem : problem + " (" + hint + ")");
        this.problem = problem;
        this.hint = hint;
    }

    /** What is wrong, e.g. {@code unknown kernels 'vectr_api'}. */
    public String problem() {
        return problem;
    }

    /** What was expected, e.g. {@code expected one of scalar, vector_api; did you mean 'vector_api'?}; may be empty. */
    public String hint() {
        return hint;
    }
}
