package org.fnnc.spec.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.InitScheme;
import org.fnnc.spec.InitSpec;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Precision;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.SourcePosition;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.SpecLimits;
import org.fnnc.spec.SpecOrigin;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

    private static final SpecLoader LOADER = SpecLoader.withDefaults();

    private static final String TWO_LAYERS = String.join("\n",
            "name: Net",                                   // 1
            "package: org.example",                        // 2
            "input: 4",                                    // 3
            "layers:",                                     // 4
            "  - units: 8",                                // 5
            "    activation: leaky_relu",                  // 6
            "    alpha: 0.2",                              // 7
            "  -   {units: 3, activation: softmax}",       // 8
            "loss: cross_entropy",                         // 9
            "init: {scheme: uniform, range: 0.1, seed: -5}", // 10
            "training:",                                   // 11
            "  learning_rate: 0.01",                       // 12
            "unroll: {mode: loops, threshold: 0x40}",      // 13
            "");

    private static SourcePosition at(int line, int column) {
        return new SourcePosition(line, column);
    }

    @Test
    void readsEverySettingAndItsPosition() {
        NetworkSpec spec = LOADER.load(TWO_LAYERS, "net.yaml");
        NetworkSpec expected = NetworkSpec.builder("Net").packageName("org.example").input(4)
                .layer(LayerSpec.leakyRelu(8, 0.2)).layer(3, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY)
                .init(new InitSpec(InitScheme.UNIFORM, -5, 0.1))
                .training(new TrainingSpec(OptimizerKind.SGD, 0.01, 32, 5, 0.9, 0.9, 0.999, 1e-8, 0.0,
                        Schedule.CONSTANT, 1, 0.5, 0.0, 1L, 0))
                .unroll(new UnrollSpec(UnrollMode.LOOPS, 64)).build();
        assertEquals(expected, spec);

        SpecOrigin o = spec.origin();
        assertEquals("net.yaml", o.sourceName());
        assertEquals(at(1, 1), o.positionOf(""));
        assertEquals(at(1, 7), o.positionOf("name"));
        assertEquals(at(2, 10), o.positionOf("package"));
        assertEquals(at(5, 3), o.positionOf("layers")); // the block sequence starts at its first dash
        assertEquals(at(5, 5), o.positionOf("layers[0]"));
        assertEquals(at(5, 12), o.positionOf("layers[0].units"));
        assertEquals(at(6, 17), o.positionOf("layers[0].activation"));
        assertEquals(at(7, 12), o.positionOf("layers[0].alpha"));
        assertEquals(at(8, 7), o.positionOf("layers[1]"));
        assertEquals(at(8, 15), o.positionOf("layers[1].units"));
        assertEquals(at(8, 30), o.positionOf("layers[1].activation"));
        assertEquals(at(10, 7), o.positionOf("init"));
        assertEquals(at(10, 43), o.positionOf("init.seed"));
        assertEquals(at(12, 18), o.positionOf("training.learning_rate"));
        assertEquals(at(13, 9), o.positionOf("unroll"));
        assertEquals(at(13, 34), o.positionOf("unroll.threshold"));
        // keys left at their defaults fall back to the enclosing key
        assertEquals(at(8, 7), o.positionOf("layers[1].unroll"));
        assertEquals(at(12, 3), o.positionOf("training.epochs"));
    }

    @Test
    void defaultsApplyWhenOptionalKeysAreAbsent() {
        NetworkSpec spec = LOADER.load("name: N\ninput: 2\nlayers: [{units: 1, activation: linear}]\nloss: mse\n", "n");
        assertEquals("", spec.packageName());
        assertEquals(Precision.FLOAT, spec.precision());
        assertEquals(new InitSpec(InitScheme.AUTO, 42, 0.05), spec.init());
        assertEquals(TrainingSpec.DEFAULT, spec.training());
        assertEquals(new UnrollSpec(UnrollMode.AUTO, 128), spec.unroll());
        assertEquals(0.0, spec.layer(0).alpha());
    }

    @Test
    void leakyReluAlphaDefaultsToOneHundredth() {
        NetworkSpec spec = LOADER.load("name: N\ninput: 2\nlayers:\n  - {units: 3, activation: leaky_relu}\n"
                + "  - {units: 1, activation: linear}\nloss: mse\n", "n");
        assertEquals(0.01, spec.layer(0).alpha());
    }

    @Test
    void unrollAcceptsAScalarMode() {
        NetworkSpec spec = LOADER.load("name: N\ninput: 2\nlayers: [{units: 1, activation: linear, unroll: full}]\n"
                + "loss: mse\nunroll: full\n", "n");
        assertEquals(new UnrollSpec(UnrollMode.FULL, UnrollSpec.DEFAULT_THRESHOLD), spec.unroll());
        assertEquals(UnrollMode.FULL, spec.layer(0).unroll());
    }

    @Test
    void classNamesThatYamlWouldReadAsOtherTypesStillLoad() {
        // the core schema reads True and Null as a boolean and a null; as names they are just text
        for (String name : List.of("True", "Null", "NO", "On")) {
            NetworkSpec spec = LOADER.load("name: " + name + "\ninput: 1\nlayers: [{units: 1, activation: linear}]\n"
                    + "loss: mse\n", "n");
            assertEquals(name, spec.name());
            assertEquals(spec, LOADER.load(spec.canonical(), "canonical"));
        }
    }

    /** Found by fuzzing: SnakeYAML Engine's scanner let NumberFormatException / IllegalArgumentException out. */
    @Test
    void brokenHexEscapesAreSyntaxErrorsNotLibraryExceptions() {
        String hint = " (\\xNN, \\uNNNN and \\UNNNNNNNN need exactly that many hex digits and a code point up to 10FFFF)";
        assertEquals(List.of("cut.yaml:2:8: error: YAML syntax error: invalid escape sequence in a double-quoted string"
                + hint), formatted(assertThrows(SpecException.class, () -> LOADER.load("input: 2\nname: \"\\u", "cut.yaml"))));
        assertEquals(List.of("big.yaml:1:8: error: YAML syntax error: invalid escape sequence in a double-quoted string"
                + hint), formatted(assertThrows(SpecException.class,
                        () -> LOADER.load("name: \"\\UFFFFFFFF\"\n", "big.yaml"))));
        // beyond U+10FFFF the library's own check answers, also positioned
        assertEquals(List.of("beyond.yaml:1:12: error: YAML syntax error: found unknown escape character 00110000 "
                + "(while scanning a double-quoted scalar started at 1:7)"), formatted(assertThrows(SpecException.class,
                        () -> LOADER.load("name: \"ab\\U00110000\"\n", "beyond.yaml"))));
    }

    @Test
    void tenThousandNestedBracketsGiveADiagnosticNotAStackOverflow() {
        String deep = "name: N\ninput: " + "[".repeat(10_000) + "\n";
        SpecException e = assertThrows(SpecException.class, () -> LOADER.load(deep, "deep.yaml"));
        assertEquals(List.of("deep.yaml:2:39: error: collections are nested too deeply (more than 32 levels) "
                + "(a spec needs at most 3 levels)"), formatted(e));
        String closed = "[".repeat(10_000) + "]".repeat(10_000);
        assertThrows(SpecException.class, () -> LOADER.load(closed, "closed.yaml"));
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        SpecException e = assertThrows(SpecException.class, () -> LOADER.load(missing));
        assertEquals(1, e.diagnostics().size());
        assertEquals(SourcePosition.UNKNOWN, e.diagnostics().get(0).position());
        assertTrue(e.getMessage().startsWith(missing + ": error: spec file not found"), e.getMessage());
    }

    @Test
    void loadsFromAPathNamingItAsGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: N\ninput: 1\nlayers: [{units: 1, activation: rleu}]\nloss: mse\n");
        SpecException e = assertThrows(SpecException.class, () -> LOADER.load(file));
        assertEquals(List.of(file + ":3:33: error: unknown activation 'rleu' (expected one of sigmoid, tanh, relu, "
                + "leaky_relu, linear, softmax; did you mean 'relu'?)"), formatted(e));
    }

    @Test
    void sizeLimitIsCheckedBeforeParsing(@TempDir Path dir) throws Exception {
        SpecLoader small = new SpecLoader(SpecLimits.DEFAULT.withMaxSpecBytes(100));
        String big = "name: N\n" + "#".repeat(200) + "\n";
        Path file = dir.resolve("big.yaml");
        Files.writeString(file, big);
        String expected = "error: the spec is 209 bytes (at most 100 allowed) (a spec describes a network in a few "
                + "lines; raise SpecLimits.maxSpecBytes if this is intended)";
        assertEquals(List.of("big: " + expected), formatted(assertThrows(SpecException.class, () -> small.load(big, "big"))));
        assertEquals(List.of(file + ": " + expected), formatted(assertThrows(SpecException.class, () -> small.load(file))));
        // a stream is read only up to the limit, so its exact size is unknown
        SpecException e = assertThrows(SpecException.class, () -> small.load(
                new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)), "stream"));
        assertTrue(e.getMessage().startsWith("stream: error: the spec is larger than 100 bytes"), e.getMessage());
    }

    @Test
    void sizeLimitCountsBytesNotCharacters() {
        SpecLoader small = new SpecLoader(SpecLimits.DEFAULT.withMaxSpecBytes(100));
        String text = "name: N # " + "\u00e9".repeat(50) + "\n"; // 60 chars, 110 bytes
        SpecException e = assertThrows(SpecException.class, () -> small.load(text, "t"));
        assertTrue(e.getMessage().contains("the spec is 111 bytes"), e.getMessage());
    }

    @Test
    void invalidUtf8IsReported() {
        byte[] bytes = {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};
        SpecException e = assertThrows(SpecException.class,
                () -> LOADER.load(new ByteArrayInputStream(bytes), "latin.yaml"));
        assertEquals(List.of("latin.yaml: error: the spec is not valid UTF-8 (save the file as UTF-8)"), formatted(e));
    }

    @Test
    void byteOrderMarkIsIgnored() {
        NetworkSpec spec = LOADER.load("\uFEFFname: N\ninput: 1\nlayers: [{units: 1, activation: linear}]\nloss: mse\n", "b");
        assertEquals(new SourcePosition(1, 7), spec.origin().positionOf("name"));
    }

    @Test
    void parameterLimitIsConfigurable() {
        String wide = "name: Wide\ninput: 784\nlayers: [{units: 100000, activation: relu}, {units: 10000, activation: relu},"
                + " {units: 10, activation: softmax}]\nloss: cross_entropy\n";
        // 784*100000 + 100000 + 100000*10000 + 10000 + 10000*10 + 10 parameters, counted by hand
        long params = 78_400_000L + 100_000 + 1_000_000_000L + 10_000 + 100_000 + 10;
        SpecException e = assertThrows(SpecException.class, () -> LOADER.load(wide, "w"));
        assertEquals(List.of("w:3:9: error: the network has " + params + " parameters (at most 100000000 allowed) "
                + "(make the layers smaller, or raise the limit with SpecLimits.withMaxParameters)"), formatted(e));
        NetworkSpec spec = new SpecLoader(SpecLimits.DEFAULT.withMaxParameters(params)).load(wide, "w");
        assertEquals(params, spec.parameterCount());
    }

    @Test
    void integersInHexOctalAndSignedFormsAreAccepted() {
        NetworkSpec spec = LOADER.load("name: N\ninput: 0x10\nlayers: [{units: 0o10, activation: linear}]\n"
                + "loss: mse\ninit: {seed: +12}\n", "n");
        assertEquals(16, spec.input());
        assertEquals(8, spec.outputSize());
        assertEquals(12, spec.init().seed());
    }

    @Test
    void floatsAcceptIntegers() {
        NetworkSpec spec = LOADER.load("name: N\ninput: 1\nlayers: [{units: 1, activation: linear}]\nloss: mse\n"
                + "training: {learning_rate: 1, min_learning_rate: 0}\n", "n");
        assertEquals(1.0, spec.training().learningRate());
    }

    @Test
    void diagnosticsComeInSourceOrder() {
        String text = "loss: mse\nlayers: [{units: 0, activation: linear}]\ninput: 1.5\nname: 1x\n";
        SpecException e = assertThrows(SpecException.class, () -> LOADER.load(text, "o"));
        List<Diagnostic> ds = e.diagnostics();
        assertEquals(3, ds.size());
        assertEquals(List.of(2, 3, 4), ds.stream().map(Diagnostic::line).toList());
    }

    @Test
    void collectionAliasesBelowTheCapAreFine() {
        NetworkSpec spec = LOADER.load("name: N\ninput: 1\nlayers:\n  - &h {units: 4, activation: tanh}\n  - *h\n"
                + "  - {units: 1, activation: linear}\nloss: mse\n", "a");
        assertEquals(3, spec.depth());
        assertEquals(4, spec.layer(1).units());
    }

    private static List<String> formatted(SpecException e) {
        return e.diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void kernelsDefaultToAutoAndNameTheGeneratedLoopsExplicitly() {
        String base = "name: N\ninput: 2\nlayers: [{units: 1, activation: linear}]\nloss: mse\n";
        NetworkSpec auto = LOADER.load(base, "n");
        assertEquals(Kernels.AUTO, auto.kernels());
        assertEquals(auto, LOADER.load(base + "kernels: auto\n", "n"));
        NetworkSpec scalar = LOADER.load(base + "kernels: scalar\n", "n");
        assertEquals(Kernels.SCALAR, scalar.kernels());
        assertEquals(auto.withKernels(Kernels.SCALAR), scalar);
        NetworkSpec vector = LOADER.load(base + "kernels: vector_api\n", "n");
        assertEquals(Kernels.VECTOR_API, vector.kernels());
        assertEquals(auto.withKernels(Kernels.VECTOR_API), vector);
        // the canonical form names kernels only when not the default: a spec that never named them keeps its hash
        assertTrue(!auto.canonical().contains("kernels"), auto.canonical());
        assertTrue(scalar.canonical().contains("kernels: scalar\n") && vector.canonical().contains("kernels: vector_api\n"));
        assertEquals("0aa9aced", auto.hash().substring(0, 8), "the hash this spec had before kernels: auto");
        assertEquals(auto.architectureHash(), vector.architectureHash());
        assertEquals(scalar.architectureHash(), vector.architectureHash());
        assertEquals(vector, LOADER.load(vector.canonical(), "canonical"));
        assertEquals(scalar, LOADER.load(scalar.canonical(), "canonical"));
    }

    @Test
    void misspelledKernelsArePositionedErrorsWithASuggestion() {
        String text = "name: N\ninput: 2\nlayers: [{units: 1, activation: linear}]\nloss: mse\nkernels: vectorapi\n";
        List<String> messages = formatted(assertThrows(SpecException.class, () -> LOADER.load(text, "k.yaml")));
        assertEquals(1, messages.size(), messages::toString);
        assertTrue(messages.get(0).startsWith("k.yaml:5:10: error: unknown kernel kind 'vectorapi'"), messages::toString);
        assertTrue(messages.get(0).contains("vector_api"), messages::toString);
    }
}
