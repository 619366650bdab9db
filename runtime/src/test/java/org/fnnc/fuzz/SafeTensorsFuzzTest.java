package org.fnnc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the safetensors reader (SafeTensors.read): only WeightsFormatException may escape.
 * Plain {@code mvn test} replays the committed corpus in {@code
 * src/test/resources/org/fnnc/fuzz/SafeTensorsFuzzTestInputs/fuzz/}; {@code mvn verify -Pfuzz} fuzzes for
 * {@value FuzzSettings#SHORT_PASS} (see docs/reliability.md).
 */
class SafeTensorsFuzzTest {

    @FuzzTest(maxDuration = FuzzSettings.SHORT_PASS)
    void fuzz(byte[] data) throws IOException {
        FuzzTargets.safeTensors(data);
    }
}
