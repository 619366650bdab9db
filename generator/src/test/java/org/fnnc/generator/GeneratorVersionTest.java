package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeneratorVersionTest {

    @Test
    void snapshotBuildsCarryADigestOfTheGeneratorCode() {
        String build = GeneratorVersion.build();
        if (GeneratorVersion.VERSION.endsWith("-SNAPSHOT")) {
            assertTrue(build.matches(java.util.regex.Pattern.quote(GeneratorVersion.VERSION) + "\\+[0-9a-f]{16}"), build);
        } else {
            assertEquals(GeneratorVersion.VERSION, build);
        }
        assertEquals(build, GeneratorVersion.build(), "stable within a run");
    }
}
