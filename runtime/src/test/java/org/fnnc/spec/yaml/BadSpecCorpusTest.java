package org.fnnc.spec.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code specs/bad/} starts with one {@code # expect: <diagnostic>} line per problem the
 * loader must report, in order, formatted exactly as a user sees it (source name = the file's name).
 */
class BadSpecCorpusTest {

    private static final String EXPECT = "# expect: ";

    static Stream<Path> badSpecs() throws IOException, URISyntaxException {
        Path dir = Path.of(BadSpecCorpusTest.class.getResource("/specs/bad").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList()).stream();
        }
    }

    @Test
    void corpusIsLargeEnough() throws Exception {
        assertTrue(badSpecs().count() >= 35);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void reportsExactlyTheExpectedDiagnostics(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .takeWhile(line -> line.startsWith(EXPECT))
                .map(line -> line.substring(EXPECT.length()))
                .collect(Collectors.toList());
        assertFalse(expected.isEmpty(), name + " has no '# expect:' lines");

        SpecException e;
        try (InputStream in = Files.newInputStream(file)) {
            e = assertThrows(SpecException.class, () -> SpecLoader.withDefaults().load(in, name));
        }
        List<String> actual = e.diagnostics().stream().map(Diagnostic::format).collect(Collectors.toList());
        assertEquals(expected, actual);
        assertEquals(String.join("\n", expected), e.getMessage());
    }
}
