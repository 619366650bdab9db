package org.fnnc.fuzz;

import org.fnnc.onnx.ImportedModel;
import org.fnnc.onnx.OnnxFormatException;
import org.fnnc.onnx.OnnxImport;

/**
 * The ONNX import as a function of raw bytes: analyses the model in memory and, when it is accepted, also
 * renders its spec (which loads it back). Lets through only the documented OnnxFormatException (with a
 * message); anything else is a finding.
 */
final class OnnxFuzzTarget {

    private OnnxFuzzTarget() {
    }

    static void onnxImport(byte[] data) {
        try {
            ImportedModel model = OnnxImport.read(data, "fuzz.onnx", OnnxImport.Options.DEFAULT);
            if (model.parameters().size() != model.spec().parameterCount()) {
                throw new AssertionError("parameters do not fit the spec " + model.spec());
            }
        } catch (OnnxFormatException expected) {
            if (expected.getMessage() == null || !expected.getMessage().startsWith("fuzz.onnx: error: ")) {
                throw new AssertionError("error without a proper message", expected);
            }
        }
    }
}
