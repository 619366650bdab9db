package org.fnnc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the YAML spec loader (SpecLoader.load of bytes): only SpecException may escape.
 * Plain {@code mvn test} replays the committed corpus in {@code
 * src/test/resources/org/fnnc/fuzz/SpecLoaderFuzzTestInputs/fuzz/}; {@code mvn verify -Pfuzz} fuzzes for {@value
 * FuzzSettings#SHORT_PASS} (see docs/reliability.md).
 */
class SpecLoaderFuzzTest {

    @FuzzTest(maxDuration = FuzzSettings.SHORT_PASS)
    void fuzz(byte[] data) {
        FuzzTargets.specLoader(data);
    }
}
