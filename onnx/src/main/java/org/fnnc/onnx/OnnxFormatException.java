package org.fnnc.onnx;

/**
 * An ONNX file fnnc cannot read or import: not a valid ONNX model, or a graph that is not a dense network fnnc
 * can compile. The message reads like a compiler's: {@code model.onnx: error: what (hint)}; nodes are named
 * with their op type.
 */
public class OnnxFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;

    public OnnxFormatException(String source, String message, String hint) {
        super(source + ": error: " + message + (hint == null || hint.isEmpty() ? "" : " (" + hint + ")"));
        this.source = source;
    }

    /** The file (name) the problem is in. */
    public String source() {
        return source;
    }
}
