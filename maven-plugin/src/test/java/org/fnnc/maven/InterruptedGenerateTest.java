package org.fnnc.maven;

import static org.fnnc.maven.Projects.spec;
import static org.fnnc.maven.Projects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.fnnc.files.AtomicFiles;
import org.fnnc.generator.output.SourceWrites;
import org.fnnc.generator.output.SpecOverrides;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A generate run whose second source write fails halfway (disk full): whole old files stay, the fingerprint
 * does not claim the new state, and the next run ends exactly where a fresh generation would, also when the
 * specs were reverted in between.
 */
class InterruptedGenerateTest {

    private static final Path OUT = Path.of("target/gen");
    private static final Path FINGERPRINT = Path.of("target/fnnc/test.fingerprint");

    @TempDir
    Path base;

    @TempDir
    Path fresh;

    private static void writeSpecs(Path project, int hidden) throws IOException {
        for (String name : List.of("A", "B", "C")) {
            write(project.resolve("src/main/fnnc/" + name.toLowerCase() + ".yaml"), spec(name, "p", hidden));
        }
    }

    private static IncrementalGenerator.Result run(Path project, SourceWrites.FileWriter writer)
            throws IOException {
        List<Path> files = new SpecScanner(AbstractGenerateMojo.DEFAULT_INCLUDES, List.of())
                .scan(project.resolve("src/main/fnnc"));
        return new IncrementalGenerator(project, OUT, FINGERPRINT, SpecOverrides.NONE, "test", writer).run(files);
    }

    /** Every file under {@code dir} (relative, /-separated) with its bytes. */
    static Map<String, byte[]> tree(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                    files.put(SpecScanner.slashed(dir.relativize(f)), Files.readAllBytes(f));
                }
            }
        }
        return files;
    }

    /** A clean project with the same specs, generated once: what every run must end with. */
    private Map<String, byte[]> freshGeneration(int hidden) throws IOException {
        Path project = Files.createTempDirectory(fresh, "p");
        writeSpecs(project, hidden);
        run(project, AtomicFiles::write);
        return tree(project.resolve(OUT));
    }

    private static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertTrue(Arrays.equals(v, actual.get(k)), k + " differs"));
    }

    @ParameterizedTest(name = "specs reverted before the next run: {0}")
    @ValueSource(booleans = {false, true})
    void failedWriteLeavesWholeFilesAndTheNextRunRegenerates(boolean revert) throws IOException {
        Map<String, byte[]> v1 = freshGeneration(4);
        Map<String, byte[]> v2 = freshGeneration(5);
        writeSpecs(base, 4);
        run(base, AtomicFiles::write);
        assertSameTree(v1, tree(base.resolve(OUT)));

        writeSpecs(base, 5);
        Path failing = base.resolve(OUT).resolve("p/B.java");
        IOException e = assertThrows(IOException.class, () -> run(base, (target, bytes) -> {
            if (!target.equals(failing)) {
                AtomicFiles.write(target, bytes);
                return;
            }
            AtomicFiles.write(target, out -> {
                out.write(bytes, 0, bytes.length / 2);
                out.flush(); // half of the new source reaches the temporary file
                throw new IOException("disk full (simulated)");
            });
        }));
        assertEquals("disk full (simulated)", e.getMessage());

        Map<String, byte[]> after = tree(base.resolve(OUT));
        assertEquals(List.of("p/A.java", "p/B.java", "p/C.java"), List.copyOf(after.keySet()), "no temporary file");
        assertTrue(Arrays.equals(v2.get("p/A.java"), after.get("p/A.java")), "A was written before the failure");
        assertTrue(Arrays.equals(v1.get("p/B.java"), after.get("p/B.java")), "B keeps its old source");
        assertTrue(Arrays.equals(v1.get("p/C.java"), after.get("p/C.java")), "C was never reached");
        Fingerprint record = Fingerprint.read(base.resolve(FINGERPRINT));
        assertEquals(3, record.specs().size());
        record.specs().forEach((spec, entry) -> {
            assertFalse(entry.succeeded(), spec + " is on record as generated though the run failed");
            assertFalse(entry.output().isEmpty(), spec + " lost its output");
        });

        // Reverting the specs gives them the bytes the last complete run recorded: A.java must not be trusted.
        writeSpecs(base, revert ? 4 : 5);
        IncrementalGenerator.Result next = run(base, AtomicFiles::write);
        assertEquals(0, next.upToDate());
        assertSameTree(revert ? v1 : v2, tree(base.resolve(OUT)));
        IncrementalGenerator.Result third = run(base, AtomicFiles::write);
        assertEquals(3, third.upToDate(), "consistent again: nothing left to do");
    }

    @ParameterizedTest(name = "stale temporary files are deleted, others kept (fingerprint present: {0})")
    @ValueSource(booleans = {false, true})
    void temporaryFilesOfAKilledRunAreDeleted(boolean fingerprintPresent) throws IOException {
        writeSpecs(base, 4);
        run(base, AtomicFiles::write);
        if (!fingerprintPresent) {
            Files.delete(base.resolve(FINGERPRINT));
        }
        Path pkg = base.resolve(OUT).resolve("p");
        // What a SIGKILL during AtomicFiles.write leaves (names written out here), and files that are not ours.
        List<Path> stale = List.of(pkg.resolve(".A.java.3e1f.tmp"), pkg.resolve(".C.java.9a8b7c6d5e4f3a2b.tmp"),
                base.resolve("target/fnnc/.test.fingerprint.52d1.tmp"));
        List<Path> foreign = List.of(pkg.resolve(".Foreign.java.3e1f.tmp"), pkg.resolve("notes.tmp"),
                base.resolve("target/fnnc/.other.fingerprint.52d1.tmp"));
        for (Path p : Stream.concat(stale.stream(), foreign.stream()).toList()) {
            write(p, "partial");
        }
        run(base, AtomicFiles::write);
        stale.forEach(p -> assertFalse(Files.exists(p), p + " survived"));
        foreign.forEach(p -> assertTrue(Files.exists(p), p + " is not the plugin's to delete"));
    }
}
