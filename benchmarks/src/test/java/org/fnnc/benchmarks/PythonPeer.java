package org.fnnc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code benchmarks/peers/pytorch_peer.py} with Debian's python3 (or {@code -Dfnnc.peers.python=...}) for
 * the tests; tests that need it are skipped, with how to install PyTorch, where it is missing.
 */
public final class PythonPeer {

    /** The script, relative to the benchmarks module (surefire's working directory). */
    public static final Path SCRIPT = Path.of("peers", "pytorch_peer.py");

    private static final String PYTHON = System.getProperty("fnnc.peers.python", "/usr/bin/python3");
    private static final long TIMEOUT_SECONDS = 300;
    private static String unavailable;
    private static boolean probed;

    private PythonPeer() {
    }

    /** Whether {@code PYTHON -c 'import torch'} works (probed once). */
    public static synchronized boolean torchAvailable() {
        if (!probed) {
            probed = true;
            unavailable = probe();
        }
        return unavailable == null;
    }

    /** Skips the calling test unless {@link #torchAvailable()}. */
    public static void assumeTorch() {
        Assumptions.assumeTrue(torchAvailable(), () -> "PyTorch peer not available (" + unavailable + "); to run "
                + "this test: `apt-get install -y python3-torch libopenblas0-pthread` (the test runs " + PYTHON
                + ", Debian's python3, not a pyenv one; -Dfnnc.peers.python=PATH to change)");
    }

    private static String probe() {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " not found";
        }
        try {
            Result r = exec(List.of(PYTHON, "-c", "import torch, numpy"));
            return r.exitCode == 0 ? null : "import torch failed: " + r.output.strip();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Runs the script with {@code args}, failing the test with its output if it exits non-zero. */
    public static String run(String... args) throws IOException {
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT.toAbsolutePath() + " is missing");
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        command.addAll(List.of(args));
        Result r = exec(command);
        assertEquals(0, r.exitCode, () -> String.join(" ", command) + " failed:\n" + r.output);
        return r.output;
    }

    /** Runs the script with {@code args}, expecting it to fail; returns its output. */
    public static String runExpectingFailure(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        command.addAll(List.of(args));
        Result r = exec(command);
        assertTrue(r.exitCode != 0, () -> String.join(" ", command) + " should have failed:\n" + r.output);
        return r.output;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result exec(List<String> command) throws IOException {
        Path log = Files.createTempFile("pytorch-peer", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
