package org.fnnc.compiler;

/**
 * The generator produced source that does not compile: a bug in fnnc, not in the user's spec. The message
 * names the spec and quotes the offending source lines so the bug can be reported and reproduced.
 */
public class NetworkCompilationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NetworkCompilationException(String message, Throwable cause) {
        super(message, cause);
    }
}
