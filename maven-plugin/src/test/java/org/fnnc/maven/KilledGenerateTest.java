package org.fnnc.maven;

import static org.fnnc.maven.Projects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills ({@code SIGKILL}, {@link Process#destroyForcibly()}) a child JVM that keeps regenerating 40 specs
 * ({@link GenerateUntilKilled}) at random moments, several times, each child starting where the last was
 * killed. After every kill each {@code .java} file in the source folder must be a whole generated source (equal
 * to a fresh generation of its path under one of the configurations) and every other file a {@code .tmp} file
 * of AtomicFiles; after one more run to completion the folder must equal a fresh generation byte for byte,
 * with no temporary file left.
 */
class KilledGenerateTest {

    private static final int SPECS = 40;
    private static final int KILLS = 10;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(25);

    @TempDir
    Path dir;

    private static void writeSpecs(Path project) throws IOException {
        for (int i = 0; i < SPECS; i++) {
            // Every third spec names its package (stays put); the others move with the default package.
            write(project.resolve("src/main/fnnc/net" + i + ".yaml"), "name: Net" + i + "\n"
                    + (i % 3 == 0 ? "package: com.example.own\n" : "")
                    + "input: " + (2 + i % 7) + "\n"
                    + "layers:\n"
                    + "  - {units: " + (4 + i % 13) + ", activation: " + (i % 2 == 0 ? "tanh" : "relu") + "}\n"
                    + "  - {units: 3, activation: softmax}\n"
                    + "loss: cross_entropy\n");
        }
    }

    @Test
    void killedGenerateLeavesOnlyWholeSourcesAndTheNextRunEndsConsistent() throws Exception {
        // Fresh generations of each configuration, in projects of their own.
        List<Map<String, byte[]>> fresh = new ArrayList<>();
        Map<String, List<byte[]>> whole = new HashMap<>();
        for (int v = 0; v < GenerateUntilKilled.VARIANTS.size(); v++) {
            Path project = dir.resolve("fresh" + v);
            writeSpecs(project);
            GenerateUntilKilled.generate(project, GenerateUntilKilled.VARIANTS.get(v));
            Map<String, byte[]> tree = InterruptedGenerateTest.tree(project.resolve("target/generated-sources/fnnc"));
            fresh.add(tree);
            tree.forEach((path, bytes) -> whole.computeIfAbsent(path, k -> new ArrayList<>()).add(bytes));
        }

        Path project = dir.resolve("killed");
        writeSpecs(project);
        Path sources = project.resolve("target/generated-sources/fnnc");
        Random random = new Random(20261123L);
        long start = System.nanoTime();
        int kills = 0;
        int runsCompleted = 0;
        int killsLeavingTemporaries = 0;
        int killsMidWrite = 0; // with the write-ahead record on disk: some sources written, not all
        while (kills < KILLS && System.nanoTime() - start < BUDGET_NANOS) {
            Process child = child(project, runsCompleted);
            try {
                AtomicInteger runs = new AtomicInteger();
                Thread reader = new Thread(() -> {
                    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        while (out.readLine() != null) {
                            runs.incrementAndGet();
                        }
                    } catch (IOException closedByTheKill) {
                        // the child is gone
                    }
                });
                reader.start();
                // Once one run is complete the child is always mid-run: kill it 0-400 ms later.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (runs.get() == 0 && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(runs.get() > 0, "the child completed no run in 30 s (alive: " + child.isAlive() + ")");
                Thread.sleep(random.nextInt(400));
                child.destroyForcibly();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
                reader.join(10_000);
                kills++;
                runsCompleted += runs.get();
            } finally {
                child.destroyForcibly(); // never leave a child running when the test fails
            }
            int temporaries = 0;
            for (Map.Entry<String, byte[]> f : InterruptedGenerateTest.tree(sources).entrySet()) {
                String name = f.getKey().substring(f.getKey().lastIndexOf('/') + 1);
                if (name.endsWith(".java")) {
                    assertTrue(whole.getOrDefault(f.getKey(), List.of()).stream().anyMatch(b -> Arrays.equals(b, f.getValue())),
                            "after kill " + kills + ": " + f.getKey() + " is not a whole generated source");
                } else {
                    assertTrue(name.startsWith(".") && name.endsWith(".tmp"), "after kill " + kills + ": " + f.getKey());
                    temporaries++;
                }
            }
            killsLeavingTemporaries += temporaries > 0 ? 1 : 0;
            Path record = project.resolve("target/fnnc/generate-default.fingerprint");
            killsMidWrite += Fingerprint.read(record).specs().values().stream().anyMatch(e -> !e.succeeded()) ? 1 : 0;
        }
        assertTrue(kills >= 3, "only " + kills + " kills within the time budget");

        GenerateUntilKilled.generate(project, GenerateUntilKilled.VARIANTS.get(0));
        Map<String, byte[]> after = InterruptedGenerateTest.tree(sources);
        assertEquals(fresh.get(0).keySet(), after.keySet(), "stale or temporary files left, or sources missing");
        fresh.get(0).forEach((path, bytes) -> assertTrue(Arrays.equals(bytes, after.get(path)), path + " differs"));
        try (var files = Files.list(project.resolve("target/fnnc"))) {
            assertEquals(List.of("generate-default.fingerprint"),
                    files.map(f -> f.getFileName().toString()).toList());
        }
        System.out.printf("KilledGenerateTest: %d kills in %.1f s, %d complete runs before them, %d kills left"
                        + " temporary files,"
                        + " %d landed while sources were being written%n", kills, (System.nanoTime() - start) / 1e9,
                runsCompleted, killsLeavingTemporaries, killsMidWrite);
    }

    /** A JVM like this one (its java and surefire's class path) running {@link GenerateUntilKilled}. */
    private static Process child(Path project, int firstRun) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), GenerateUntilKilled.class.getName(), project.toString(),
                Integer.toString(firstRun))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
