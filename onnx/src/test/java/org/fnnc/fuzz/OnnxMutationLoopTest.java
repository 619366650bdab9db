package org.fnnc.fuzz;

import org.junit.jupiter.api.Test;

/** The bounded, deterministic mutation loop of {@link MutationLoopTest} over the ONNX import's corpus. */
class OnnxMutationLoopTest {

    @Test
    void onnxImport() throws Exception {
        MutationLoopTest.run("OnnxImportFuzzTest", OnnxFuzzTarget::onnxImport);
    }
}
