package org.fnnc.io;

/**
 * A weights file that fnnc cannot use: not valid safetensors, or tensors that do not fit the network (names,
 * shapes, dtype, architecture hash). The message starts with the file name: {@code file: error: what}.
 */
public class WeightsFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;

    public WeightsFormatException(String file, String detail) {
        super(file + ": error: " + detail);
        this.file = file;
    }

    /** The file (name) the problem is in. */
    public String file() {
        return file;
    }
}
