package org.fnnc.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fnnc.io.CheckpointFile;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a {@link CheckpointingTrainer} process with SIGKILL ({@link Process#destroyForcibly()}) at random
 * moments, {@value #KILLS} times, each run resuming from the checkpoint the previous one left: after every kill
 * the checkpoint on disk loads and never goes back in time, there is never a torn checkpoint, and never more than
 * one stray temporary file (the next write removes what a killed one left, as {@code AtomicFiles} documents); a final run resumes and completes with
 * finite parameters.
 */
class CrashSafetyTest {

    static final int KILLS = 20;
    /** Stop killing early if the machine is slow: the suite must stay fast. */
    static final long BUDGET_MILLIS = 40_000;

    @Test
    void checkpointSurvivesRandomKills(@TempDir Path dir) throws Exception {
        Path checkpoint = dir.resolve("crash.safetensors");
        NetworkSpec spec = CheckpointingTrainer.spec();
        Random random = new Random(20261122L);
        long start = System.nanoTime();
        int kills = 0;
        int lastEpoch = 0;
        List<Integer> epochs = new ArrayList<>();
        long epochMillis = 0;
        while (kills < KILLS && System.nanoTime() - start < BUDGET_MILLIS * 1_000_000L) {
            Path log = dir.resolve("run" + kills + ".log");
            Process p = launch(checkpoint, 0, log);
            // from the start of training (JVM start-up varies with the machine's load): kills land in the
            // first epochs or mid-run, before, during or after a checkpoint write
            awaitStarted(p, log);
            if (epochMillis == 0) {
                // the first run measures how long an epoch takes on this machine now
                long t0 = System.nanoTime();
                awaitFile(p, checkpoint, log);
                epochMillis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            }
            Thread.sleep(random.nextInt((int) Math.min(Integer.MAX_VALUE - 1, 2 * epochMillis + 1)));
            assertTrue(p.isAlive(), "the trainer exited by itself: " + read(log));
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "killed process did not exit");
            kills++;
            if (Files.exists(checkpoint)) {
                TrainingState state = CheckpointFile.load(checkpoint, spec); // a torn file would throw here
                assertTrue(state.epoch() >= lastEpoch, "checkpoint went back from epoch " + lastEpoch + " to " + state.epoch());
                lastEpoch = state.epoch();
                epochs.add(lastEpoch);
            }
            // the next write of the checkpoint removes what a killed one left: never more than the last kill's
            long strays = strays(dir, checkpoint);
            assertTrue(strays <= 1, strays + " stray temporary files after " + kills + " kills");
        }
        assertTrue(lastEpoch > 0, "no checkpoint was ever written in " + kills + " runs");

        Path log = dir.resolve("final.log");
        Process p = launch(checkpoint, 3, log);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the resumed run did not finish");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        String[] finished = out.lines().filter(l -> l.startsWith("FINISHED ")).findFirst()
                .orElseThrow(() -> new AssertionError("no FINISHED line: " + out)).split(" ");
        assertEquals(lastEpoch + 1, Integer.parseInt(finished[1]), "resumed at the epoch after the checkpoint");
        assertTrue(Double.isFinite(Double.parseDouble(finished[3])), out);
        TrainingState end = CheckpointFile.load(checkpoint, spec);
        assertTrue(end.epoch() >= lastEpoch + 3, "final checkpoint at epoch " + end.epoch());
        for (double v : end.parameters()) {
            assertTrue(Double.isFinite(v), "non-finite parameter after resuming");
        }
        System.out.printf("crash test: %d kills in %.1f s, checkpoint epochs after each kill %s, "
                + "%d stray temporary files, resumed %s-%s (first epoch %d ms)%n", kills, (System.nanoTime() - start) / 1e9, epochs,
                strays(dir, checkpoint), finished[1], finished[2], epochMillis);
    }

    /** Waits for the trainer's STARTED line (it has loaded its checkpoint and starts training). */
    private static void awaitStarted(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("STARTED")) {
            assertTrue(p.isAlive(), () -> "the trainer exited: " + read(log));
            assertTrue(System.nanoTime() < deadline, "the trainer did not start within a minute");
            Thread.sleep(10);
        }
    }

    /** Waits until the trainer has written {@code file}. */
    private static void awaitFile(Process p, Path file, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            assertTrue(p.isAlive(), () -> "the trainer exited: " + read(log));
            assertTrue(System.nanoTime() < deadline, "no checkpoint within a minute");
            Thread.sleep(5);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A JVM like this one running the trainer; surefire's class path (a manifest-only jar works with -cp too). */
    private static Process launch(Path checkpoint, int moreEpochs, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CheckpointingTrainer.class.getName(), checkpoint.toString(),
                String.valueOf(moreEpochs))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Temporary files AtomicFiles left for the checkpoint ({@code .<name>.<random>.tmp}). */
    private static long strays(Path dir, Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".tmp")).count();
        }
    }
}
