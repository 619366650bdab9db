package org.fnnc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the IDX reader (images and labels, plain or gzip): only DataFormatException may
 * escape. Plain {@code mvn test} replays the committed corpus in {@code
 * src/test/resources/org/fnnc/fuzz/IdxFuzzTestInputs/fuzz/}; {@code mvn verify -Pfuzz} fuzzes for {@value
 * FuzzSettings#SHORT_PASS} (see docs/reliability.md).
 */
class IdxFuzzTest {

    @FuzzTest(maxDuration = FuzzSettings.SHORT_PASS)
    void fuzz(byte[] data) throws IOException {
        FuzzTargets.idx(data);
    }
}
