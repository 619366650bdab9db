package org.fnnc.maven;

import static org.fnnc.maven.Projects.age;
import static org.fnnc.maven.Projects.rewritten;
import static org.fnnc.maven.Projects.spec;
import static org.fnnc.maven.Projects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.fnnc.generator.GeneratorVersion;
import org.fnnc.generator.output.SpecOverrides;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.UnrollMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalGeneratorTest {

    @TempDir
    Path base;

    private Path specs() {
        return base.resolve("src/main/fnnc");
    }

    private Path out(String relative) {
        return base.resolve("target/gen").resolve(relative);
    }

    private IncrementalGenerator.Result run(SpecOverrides options) throws IOException {
        List<Path> files = new SpecScanner(AbstractGenerateMojo.DEFAULT_INCLUDES, List.of()).scan(specs());
        return new IncrementalGenerator(base, Path.of("target/gen"), Path.of("target/fnnc/test.fingerprint"), options,
                "test").run(files);
    }

    private IncrementalGenerator.Result run() throws IOException {
        return run(SpecOverrides.NONE);
    }

    @Test
    void secondRunWithNothingChangedTouchesNothing() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", "p", 4));
        write(specs().resolve("sub/b.yml"), spec("B", "p", 4));
        IncrementalGenerator.Result first = run();
        assertEquals(List.of(out("p/A.java"), out("p/B.java")), first.written());
        Path fingerprint = base.resolve("target/fnnc/test.fingerprint");
        for (Path p : List.of(out("p/A.java"), out("p/B.java"), fingerprint)) {
            age(p);
        }

        IncrementalGenerator.Result second = run();
        assertEquals(2, second.upToDate());
        assertEquals(List.of(), second.written());
        assertEquals(List.of(), second.unchanged());
        assertFalse(rewritten(out("p/A.java")));
        assertFalse(rewritten(out("p/B.java")));
        assertFalse(rewritten(fingerprint), "an unchanged fingerprint must not be rewritten either");
    }

    @Test
    void changedSpecRegeneratesExactlyItsClass() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", "p", 4));
        write(specs().resolve("b.yaml"), spec("B", "p", 4));
        run();
        age(out("p/A.java"));
        age(out("p/B.java"));
        write(specs().resolve("b.yaml"), spec("B", "p", 5));

        IncrementalGenerator.Result r = run();
        assertEquals(List.of(out("p/B.java")), r.written());
        assertEquals(1, r.upToDate());
        assertFalse(rewritten(out("p/A.java")));
        assertTrue(Files.readString(out("p/B.java")).contains("B: 2 -> 5 tanh -> 1 sigmoid"));
    }

    @Test
    void reformattedSpecIsRegeneratedButIdenticalOutputIsNotRewritten() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", "p", 4));
        run();
        age(out("p/A.java"));
        write(specs().resolve("a.yaml"), "# a comment changes the file's hash, not the class\n" + spec("A", "p", 4));

        IncrementalGenerator.Result r = run();
        assertEquals(List.of(out("p/A.java")), r.unchanged());
        assertEquals(List.of(), r.written());
        assertFalse(rewritten(out("p/A.java")));
    }

    @Test
    void configurationChangeRegeneratesEverySpec() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", null, 4));
        write(specs().resolve("b.yaml"), spec("B", "fixed", 4));
        run(new SpecOverrides("one", null, null, null));
        assertTrue(Files.isRegularFile(out("one/A.java")));
        age(out("fixed/B.java"));

        IncrementalGenerator.Result r = run(new SpecOverrides("two", null, null, null));
        assertEquals(0, r.upToDate());
        assertEquals(List.of(out("two/A.java")), r.written());
        assertEquals(List.of(out("fixed/B.java")), r.unchanged(), "B names its own package: same class");
        assertEquals(List.of(out("one/A.java")), r.deleted());
        assertFalse(Files.exists(out("one")), "the emptied package folder is removed");
        assertTrue(Files.readString(out("two/A.java")).contains("package two;"));
    }

    @Test
    void newGeneratorVersionRegeneratesEverySpec() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", "p", 4));
        run();
        age(out("p/A.java"));
        Path fingerprint = base.resolve("target/fnnc/test.fingerprint");
        String recorded = Files.readString(fingerprint);
        assertTrue(recorded.contains("generator=" + GeneratorVersion.build()), recorded);
        Files.writeString(fingerprint, recorded.replace("generator=" + GeneratorVersion.build(), "generator=0.0.1"));

        IncrementalGenerator.Result r = run();
        assertEquals(0, r.upToDate());
        assertEquals(List.of(out("p/A.java")), r.unchanged(), "same generator code, same text: not rewritten");
        assertTrue(Files.readString(fingerprint).contains("generator=" + GeneratorVersion.build()));
    }

    @Test
    void unreadableFingerprintMeansRegenerateNotFail() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", "p", 4));
        run();
        Files.writeString(base.resolve("target/fnnc/test.fingerprint"), "spec.0.path=\\u12");
        IncrementalGenerator.Result r = run();
        assertEquals(0, r.upToDate());
        assertFalse(r.failed());
        assertEquals(1, run().upToDate(), "the fingerprint was rewritten");
    }

    @Test
    void unrollOverridesReplaceTheSpecsSetting() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", "p", 4) + "unroll: full\n");
        run(new SpecOverrides("", UnrollMode.LOOPS, null, null));
        String loops = Files.readString(out("p/A.java"));
        run(new SpecOverrides("", null, 0, null));
        String thresholdZero = Files.readString(out("p/A.java"));
        // Spec says full; the override makes every layer (2x4 and 4x1 multiply-adds) a loop.
        assertTrue(loops.contains("layers.0  4 x 2  8 MACs  kernel library (requested)"), loops);
        assertTrue(loops.contains("layers.1  1 x 4  4 MACs  kernel library (requested)"), loops);
        // Only the threshold is overridden: the spec's mode (full) stays, and full ignores thresholds.
        assertTrue(thresholdZero.contains("layers.0  4 x 2  8 MACs  straight-line (requested)"), thresholdZero);
    }

    @Test
    void removedSpecLosesItsOutput() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", "p.q", 4));
        write(specs().resolve("b.yaml"), spec("B", "p", 4));
        run();
        Files.delete(specs().resolve("a.yaml"));

        IncrementalGenerator.Result r = run();
        assertEquals(List.of(out("p/q/A.java")), r.deleted());
        assertFalse(Files.exists(out("p/q")));
        assertTrue(Files.isRegularFile(out("p/B.java")));
    }

    @Test
    void deletedOutputIsRegenerated() throws IOException {
        write(specs().resolve("a.yaml"), spec("A", "p", 4));
        run();
        Files.delete(out("p/A.java"));
        assertEquals(List.of(out("p/A.java")), run().written());
    }

    @Test
    void everyProblemOfEverySpecIsCollectedAndGoodSpecsAreStillWritten() throws IOException {
        write(specs().resolve("bad.yaml"), spec("Bad", "p", 4).replace("tanh", "tnah").replace("input: 2", "input: 0"));
        write(specs().resolve("good.yaml"), spec("Good", "p", 4));
        write(specs().resolve("worse.yaml"), "name: [unclosed\n");

        IncrementalGenerator.Result r = run();
        assertTrue(r.failed());
        List<String> where = r.diagnostics().stream()
                .map(d -> d.source() + ":" + d.line() + ":" + d.column()).collect(Collectors.toList());
        // bad.yaml: "input: 0" is line 3, value at column 8; "tnah" is on line 5 at column 28.
        assertEquals("src/main/fnnc/bad.yaml:3:8", where.get(0));
        assertEquals("src/main/fnnc/bad.yaml:5:28", where.get(1));
        assertTrue(where.get(2).startsWith("src/main/fnnc/worse.yaml:"), where.toString());
        assertEquals(3, where.size(), where.toString());
        assertTrue(Files.isRegularFile(out("p/Good.java")));

        // The failed specs are retried next time even though they did not change; the good one is not.
        IncrementalGenerator.Result again = run();
        assertEquals(3, again.diagnostics().size());
        assertEquals(1, again.upToDate());
    }

    @Test
    void twoSpecsMakingOneClassAreBothErrorsNamingEachOther() throws IOException {
        write(specs().resolve("one.yaml"), spec("Same", "p", 4));
        write(specs().resolve("two.yaml"), spec("Same", "p", 5));

        IncrementalGenerator.Result r = run();
        List<String> messages = r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.toList());
        assertEquals(List.of(
                "src/main/fnnc/one.yaml:1:7: error: class p.Same is also generated by src/main/fnnc/two.yaml"
                        + " (give each spec its own 'name' or 'package')",
                "src/main/fnnc/two.yaml:1:7: error: class p.Same is also generated by src/main/fnnc/one.yaml"
                        + " (give each spec its own 'name' or 'package')"), messages);
        assertFalse(Files.exists(out("p/Same.java")));
    }

    @Test
    void newSpecClashingWithAnUpToDateOneIsRejected() throws IOException {
        write(specs().resolve("old.yaml"), spec("Net", "p", 4));
        run();
        age(out("p/Net.java"));
        write(specs().resolve("new.yaml"), spec("NET", "p", 3));

        IncrementalGenerator.Result r = run();
        assertEquals(1, r.diagnostics().size());
        String message = r.diagnostics().get(0).format();
        assertTrue(message.startsWith("src/main/fnnc/new.yaml:1:7: error: class p.NET differs only in case from a class"
                + " generated by src/main/fnnc/old.yaml (class p.Net)"), message);
        assertFalse(rewritten(out("p/Net.java")));
        assertFalse(Files.exists(out("p/NET.java")) && !Files.isSameFile(out("p/NET.java"), out("p/Net.java")));
    }

    @Test
    void impossibleUnrollRequestIsASpecProblemOfItsFile() throws IOException {
        write(specs().resolve("big.yaml"), "name: Big\ninput: 784\nlayers:\n  - {units: 512, activation: relu}\n"
                + "  - {units: 10, activation: softmax}\nloss: cross_entropy\nunroll: full\n");
        IncrementalGenerator.Result r = run();
        // Both layers are too big to unroll; each problem points at "full" (line 7, column 9) of big.yaml.
        List<String> problems = r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.toList());
        assertEquals(2, problems.size(), problems.toString());
        problems.forEach(p -> assertTrue(p.startsWith("src/main/fnnc/big.yaml:7:9: error: layer "), p));
        assertFalse(Files.exists(out("Big.java")));
    }
}
