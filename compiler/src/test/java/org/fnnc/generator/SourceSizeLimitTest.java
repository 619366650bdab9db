package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.yaml.SpecLoader;
import org.junit.jupiter.api.Test;

/** The generated-source size cap of {@link GeneratorOptions}: its message, its boundary, and its default. */
class SourceSizeLimitTest {

    private static final String SPEC = "name: SizedNet\npackage: org.fnnc.test.size\ninput: 6\nlayers:\n"
            + "  - {units: 5, activation: relu}\n  - {units: 3, activation: softmax}\nloss: cross_entropy\n";

    @Test
    void aSourceOverTheLimitIsRefusedNamingSizeLimitAndHowToRaiseIt() {
        NetworkSpec spec = SpecLoader.withDefaults().load(SPEC, "sized.yaml");
        int size = NetworkClassGenerator.generate(spec).text().length();
        SpecException e = assertThrows(SpecException.class,
                () -> NetworkClassGenerator.generate(spec, GeneratorOptions.DEFAULT.withMaxSourceBytes(size - 1)));
        assertEquals(List.of("sized.yaml:1:1: error: the generated source of SizedNet is " + size + " bytes, more than "
                + "the limit of " + (size - 1) + " bytes (unroll less (unroll: loops, or a lower unroll threshold), "
                + "or raise the limit with GeneratorOptions.withMaxSourceBytes if a source this large is intended)"),
                e.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(size, NetworkClassGenerator.generate(spec, new GeneratorOptions(size)).text().length());
    }

    @Test
    void runTimeCompilationHonoursTheCapEvenForACachedClass() {
        NetworkSpec spec = SpecLoader.withDefaults().load(SPEC.replace("SizedNet", "CachedSizedNet"), "cached.yaml");
        int size = NetworkClassGenerator.generate(spec).text().length();
        assertEquals(spec, org.fnnc.Fnnc.compile(spec, new GeneratorOptions(size)).spec());
        SpecException e = assertThrows(SpecException.class,
                () -> org.fnnc.Fnnc.compile(spec, GeneratorOptions.DEFAULT.withMaxSourceBytes(size - 1)));
        assertTrue(e.getMessage().contains("more than the limit of " + (size - 1) + " bytes"), e.getMessage());
    }

    @Test
    void theSizeIsCountedInBytesOfAnAsciiSource() {
        String text = NetworkClassGenerator.generate(SpecLoader.withDefaults().load(SPEC, "sized.yaml")).text();
        assertTrue(text.chars().allMatch(c -> c < 0x80), "generated source is ASCII, so characters are bytes");
    }

    @Test
    void theDefaultAcceptsEveryExampleSpec() throws IOException {
        try (Stream<Path> specs = Files.list(Path.of("..", "specs"))) {
            for (Path f : (Iterable<Path>) specs.filter(p -> p.toString().endsWith(".yaml")).sorted()::iterator) {
                NetworkSpec spec = SpecLoader.withDefaults().load(f);
                long size = NetworkClassGenerator.generate(spec).text().length();
                assertTrue(size < GeneratorOptions.DEFAULT.maxSourceBytes() / 10, f + ": " + size + " bytes");
            }
        }
    }

    @Test
    void theLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new GeneratorOptions(0));
    }
}
