package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fnnc.io.CheckpointFile;
import org.fnnc.io.SafeTensors;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.yaml.SpecLoader;
import org.fnnc.train.TrainingState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C for real: {@code fnnc train} runs as a child process (this JVM's class path) and gets SIGINT from
 * {@code kill -INT}. The first stops after the current step and keeps everything; a second exits at once.
 */
class InterruptTest {

    @TempDir
    Path dir;

    /** A child inherits an ignored SIGINT (e.g. from a shell's background job) and the JVM then never sees it. */
    @BeforeAll
    static void sigintReachesChildren() throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        Matcher m = Pattern.compile("SigIgn:\\s*([0-9a-f]+)").matcher(status);
        assumeFalse(m.find() && (Long.parseLong(m.group(1), 16) & 2) != 0,
                "this JVM ignores SIGINT, so its children cannot receive it: run the build in the foreground");
    }

    /** 64-256-10 digits at batch 8: 180 steps per epoch, 30 epochs, so SIGINT lands mid-epoch, mid-run. */
    private Path spec() throws IOException {
        Path spec = dir.resolve("digits-wide.yaml");
        Files.writeString(spec, """
                name: DigitsWide
                input: 64
                layers:
                  - {units: 256, activation: relu}
                  - {units: 10, activation: softmax}
                loss: cross_entropy
                training:
                  optimizer: momentum
                  learning_rate: 0.05
                  batch_size: 8
                  epochs: 30
                  seed: 3
                """);
        return spec;
    }

    private Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), FnncCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static void sigint(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -INT failed");
    }

    /** Waits until {@code log} contains {@code text}; fails if the process ends or a minute passes first. */
    private static void awaitOutput(Process p, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains(text)) {
            assertTrue(p.isAlive(), () -> "exited before printing '" + text + "': " + read(log));
            assertTrue(System.nanoTime() < deadline, () -> "no '" + text + "' after 2 minutes: " + read(log));
            Thread.sleep(20);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Before: the process died at once (exit 130 from the JVM's default handler), printed nothing, wrote no
     * weights and lost the epoch in progress.
     */
    @Test
    void firstCtrlCStopsAfterTheStepKeepsEverythingAndResumesBitForBit() throws Exception {
        Path spec = spec();
        Path log = dir.resolve("run.log");
        Process p = start(log, "train", spec.toString(), "-o", "w.safetensors", "--metrics", "m.csv");
        awaitOutput(p, log, "training:");
        // wait for a few epochs so the interrupt lands in the middle of the run, not during start-up
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(dir.resolve("m.csv")) || Files.readAllLines(dir.resolve("m.csv")).size() < 3) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, () -> read(log));
            Thread.sleep(20);
        }
        sigint(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> "did not stop after Ctrl-C: " + read(log));
        String out = read(log);
        assertEquals(130, p.exitValue(), out);
        Matcher m = Pattern.compile("interrupted at epoch (\\d+) step (\\d+); resume with: (fnnc train .* --resume)")
                .matcher(out);
        assertTrue(m.find(), out);
        int epoch = Integer.parseInt(m.group(1));
        int step = Integer.parseInt(m.group(2));
        assertTrue(epoch < 30, out);

        NetworkSpec s = SpecLoader.withDefaults().load(spec);
        TrainingState state = CheckpointFile.load(dir.resolve("w.checkpoint.safetensors"), s);
        assertEquals(epoch - 1, state.epoch(), "completed epochs in the checkpoint");
        assertEquals(step, state.step(), "steps of the interrupted epoch in the checkpoint");
        var weights = SafeTensors.read(dir.resolve("w.safetensors"));
        assertEquals("epoch " + epoch + " step " + step, weights.metadata().get("fnnc.cli.interrupted"), out);
        double[] saved = weights.tensor("layers.0.weight").values();
        assertArrayEquals(java.util.Arrays.copyOf(state.parameters(), saved.length), saved,
                "the weights are the parameters at the interruption");
        assertTrue(Files.exists(dir.resolve("w.png")), out);

        // The printed command resumes; the result is bit for bit an uninterrupted run's.
        String[] resume = m.group(3).substring("fnnc ".length()).split(" ");
        for (int i = 0; i < resume.length; i++) {
            resume[i] = resume[i].equals(spec.toString()) ? spec.toString()
                    : resume[i].endsWith(".safetensors") || resume[i].endsWith(".csv")
                            ? dir.resolve(resume[i]).toString() : resume[i];
        }
        CliRun resumed = CliRun.run(resume);
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.out().contains("resuming from"), resumed::toString);
        CliRun whole = CliRun.run("train", spec.toString(), "-o", dir.resolve("whole.safetensors").toString(),
                "--checkpoint-every", "0");
        assertEquals(0, whole.exitCode(), whole::toString);
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole.safetensors")),
                Files.readAllBytes(dir.resolve("w.safetensors")), "resumed weights differ from an uninterrupted run");
        // the metrics file lists every epoch once, in order
        List<String> rows = Files.readAllLines(dir.resolve("m.csv"));
        assertEquals(31, rows.size(), rows::toString);
        for (int e = 1; e <= 30; e++) {
            assertTrue(rows.get(e).startsWith(e + ","), rows.get(e));
        }
    }

    /** One step of a 64-2048-2048-10 network on the whole set takes seconds: a second Ctrl-C does not wait. */
    @Test
    void secondCtrlCExitsAtOnce() throws Exception {
        Path spec = dir.resolve("slow.yaml");
        Files.writeString(spec, """
                name: Slow
                input: 64
                layers:
                  - {units: 2048, activation: relu}
                  - {units: 2048, activation: relu}
                  - {units: 10, activation: softmax}
                loss: cross_entropy
                unroll: loops
                training: {batch_size: 4096, epochs: 5}
                """);
        Path log = dir.resolve("slow.log");
        Process p = start(log, "train", spec.toString(), "-o", "s.safetensors");
        awaitOutput(p, log, "training:");
        Thread.sleep(300);
        sigint(p);
        awaitOutput(p, log, "Ctrl-C again");
        long second = System.nanoTime();
        sigint(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> read(log));
        double seconds = (System.nanoTime() - second) / 1e9;
        assertEquals(130, p.exitValue(), () -> read(log));
        // the step in progress was not finished: nothing was written, nothing torn or left behind
        assertFalse(Files.exists(dir.resolve("s.safetensors")), () -> read(log) + " after " + seconds + " s");
        assertFalse(Files.exists(dir.resolve("s.checkpoint.safetensors")), () -> read(log));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".tmp")).toList());
        }
    }

    /** Before training starts there is nothing to keep: Ctrl-C exits at once. */
    @Test
    void ctrlCBeforeTrainingExitsAtOnce() throws Exception {
        Path log = dir.resolve("early.log");
        Path spec = spec();
        Process p = start(log, "train", spec.toString(), "-o", "e.safetensors");
        awaitOutput(p, log, "data:");
        sigint(p);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> read(log));
        if (!read(log).contains("training:")) {
            assertEquals(130, p.exitValue(), () -> read(log));
            assertFalse(Files.exists(dir.resolve("e.safetensors")));
        }
    }
}
