package org.fnnc.generator.output;

/**
 * An override a front end was given (a plugin parameter, a command-line option) that names no valid value. The
 * message says what is wrong and, in parentheses, what was expected; the front end prefixes the setting as its
 * user spelt it ({@code <unroll>}, {@code --kernels}).
 */
public final class InvalidOverrideException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param problem what is wrong, e.g. {@code unknown kernels 'vectr_api'}
     * @param hint    what was expected, e.g. {@code expected one of auto, scalar, vector_api}; may be empty
     */
    InvalidOverrideException(String problem, String hint) {
        super(hint.isEmpty() ? problem : problem + " (" + hint + ")");
    }
}
