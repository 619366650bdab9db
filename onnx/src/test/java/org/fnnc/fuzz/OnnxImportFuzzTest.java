package org.fnnc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the ONNX import (OnnxImport.read): only OnnxFormatException may escape. Plain
 * {@code mvn test} replays the committed corpus in {@code
 * src/test/resources/org/fnnc/fuzz/OnnxImportFuzzTestInputs/fuzz/} (fnnc exports, PyTorch exports and hostile
 * files); {@code mvn verify} runs a short deterministic Jazzer pass (execution {@code ci-fuzz-onnx}), and
 * {@code -Pfuzz} a longer random one (docs/reliability.md).
 */
class OnnxImportFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] data) {
        OnnxFuzzTarget.onnxImport(data);
    }
}
