package org.fnnc.maven;

import static org.fnnc.maven.Projects.spec;
import static org.fnnc.maven.Projects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fnnc.generator.output.SpecOverrides;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a parallel Maven build does to the plugin: one class realm, so one copy of every static, and several
 * modules generating at the same moment. Here 8 threads start together at a barrier, each generating the same
 * 6 specs into its own project, with a package (configuration) that depends on the thread; each result must
 * equal a generation done alone, and a second run in each project must find everything up to date.
 */
class ConcurrentGenerateTest {

    private static final int THREADS = 8;
    private static final int PACKAGES = 3;

    @TempDir
    Path dir;

    private static void writeSpecs(Path project) throws IOException {
        for (int i = 0; i < 6; i++) {
            // Half name their package, half take the thread's packageName; each simple name is used twice.
            write(project.resolve("src/main/fnnc/s" + i + ".yaml"),
                    spec("Net" + (i % 3), i % 2 == 0 ? "fixed.n" + i : null, 3 + i));
        }
    }

    private static IncrementalGenerator.Result run(Path project, String pkg) throws IOException {
        List<Path> files = new SpecScanner(AbstractGenerateMojo.DEFAULT_INCLUDES, List.of())
                .scan(project.resolve("src/main/fnnc"));
        return new IncrementalGenerator(project, Path.of("target/gen"), Path.of("target/fnnc/f.fingerprint"),
                new SpecOverrides(pkg, null, null, null), "test").run(files);
    }

    @Test
    void threadsGeneratingAtOnceGetWhatEachGetsAlone() throws Exception {
        List<Map<String, byte[]>> alone = new ArrayList<>();
        List<Fingerprint> aloneRecords = new ArrayList<>();
        for (int k = 0; k < PACKAGES; k++) {
            Path project = dir.resolve("alone" + k);
            writeSpecs(project);
            run(project, "pkg" + k);
            alone.add(InterruptedGenerateTest.tree(project.resolve("target/gen")));
            aloneRecords.add(Fingerprint.read(project.resolve("target/fnnc/f.fingerprint")));
        }

        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Map<String, byte[]>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Path project = dir.resolve("thread" + t);
                String pkg = "pkg" + t % PACKAGES;
                writeSpecs(project);
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    assertEquals(6, run(project, pkg).written().size());
                    assertEquals(6, run(project, pkg).upToDate());
                    return InterruptedGenerateTest.tree(project.resolve("target/gen"));
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                Map<String, byte[]> expected = alone.get(t % PACKAGES);
                Map<String, byte[]> actual = results.get(t).get(60, TimeUnit.SECONDS);
                assertEquals(expected.keySet(), actual.keySet(), "thread " + t);
                for (String file : expected.keySet()) {
                    assertTrue(Arrays.equals(expected.get(file), actual.get(file)), "thread " + t + ": " + file);
                }
                // The same generator build (GeneratorVersion.build()), configuration and entries as alone.
                assertEquals(aloneRecords.get(t % PACKAGES),
                        Fingerprint.read(dir.resolve("thread" + t + "/target/fnnc/f.fingerprint")), "thread " + t);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(Files.isDirectory(dir.resolve("thread0/target/gen/pkg0")));
    }
}
