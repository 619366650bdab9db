package org.fnnc.data;

/**
 * Fetching a data set failed: the package tool is missing, the download failed or timed out, or what arrived
 * did not match its recorded checksum. The message says what happened and what to do instead.
 */
public class FetchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FetchException(String message) {
        super(message);
    }

    public FetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
