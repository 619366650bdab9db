package org.fnnc.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the CSV reader (CsvReader.read with options picked by the first byte): only
 * DataFormatException may escape. Plain {@code mvn test} replays the committed corpus in {@code
 * src/test/resources/org/fnnc/fuzz/CsvFuzzTestInputs/fuzz/}; {@code mvn verify -Pfuzz} fuzzes for {@value
 * FuzzSettings#SHORT_PASS} (see docs/reliability.md).
 */
class CsvFuzzTest {

    @FuzzTest(maxDuration = FuzzSettings.SHORT_PASS)
    void fuzz(byte[] data) {
        FuzzTargets.csv(data);
    }
}
