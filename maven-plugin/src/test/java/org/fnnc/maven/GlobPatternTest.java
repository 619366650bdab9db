package org.fnnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobPatternTest {

    @Test
    void doubleStarSlashMatchesAnyDepthIncludingNone() {
        GlobPattern p = GlobPattern.of("**/*.yaml");
        assertTrue(p.matches("mnist.yaml"));
        assertTrue(p.matches("a/b/mnist.yaml"));
        assertFalse(p.matches("mnist.yml"));
        assertFalse(p.matches("mnist.yaml.bak"));
    }

    @Test
    void singleStarAndQuestionMarkStayInOneSegment() {
        assertTrue(GlobPattern.of("*.yaml").matches("x.yaml"));
        assertFalse(GlobPattern.of("*.yaml").matches("d/x.yaml"));
        assertTrue(GlobPattern.of("net?.yaml").matches("net1.yaml"));
        assertFalse(GlobPattern.of("net?.yaml").matches("net/.yaml"));
        assertFalse(GlobPattern.of("net?.yaml").matches("net12.yaml"));
    }

    @Test
    void trailingSlashMeansEverythingBelowAndBackslashesAreSeparators() {
        GlobPattern drafts = GlobPattern.of("drafts/");
        assertTrue(drafts.matches("drafts/a.yaml"));
        assertTrue(drafts.matches("drafts/x/a.yaml"));
        assertFalse(drafts.matches("final/a.yaml"));
        assertTrue(GlobPattern.of("drafts\\*.yaml").matches("drafts/a.yaml"));
    }

    @Test
    void regexCharactersAreLiteral() {
        assertTrue(GlobPattern.of("a+b(1).yaml").matches("a+b(1).yaml"));
        assertFalse(GlobPattern.of("a.yaml").matches("aXyaml"));
    }

    @Test
    void scannerAppliesIncludesThenExcludesInPathOrder(@TempDir Path dir) throws Exception {
        for (String f : List.of("b.yaml", "a.yml", "drafts/c.yaml", "sub/d.yaml", "notes.txt")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), "x");
        }
        SpecScanner scanner = new SpecScanner(AbstractGenerateMojo.DEFAULT_INCLUDES, List.of("drafts/"));
        List<String> found = scanner.scan(dir).stream()
                .map(p -> SpecScanner.slashed(dir.relativize(p))).collect(Collectors.toList());
        assertEquals(List.of("a.yml", "b.yaml", "sub/d.yaml"), found);
        assertEquals(List.of(), scanner.scan(dir.resolve("missing")));
    }
}
