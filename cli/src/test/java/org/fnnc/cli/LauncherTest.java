package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./fnnc launcher finds its jar when it is run through symlinks, as from a directory on PATH. */
class LauncherTest {

    @TempDir
    Path dir;

    /** Before: "fnnc: <symlink's directory>/cli/target/fnnc.jar not found". */
    @Test
    void worksThroughAChainOfSymlinks() throws Exception {
        Path repo = Path.of("..").toRealPath();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path other = Files.createDirectories(dir.resolve("other"));
        Path first = Files.createSymbolicLink(other.resolve("fnnc-link"), repo.resolve("fnnc"));
        Path onPath = Files.createSymbolicLink(bin.resolve("fnnc"), Path.of("../other/fnnc-link"));
        Process p = new ProcessBuilder(onPath.toString(), "--version").directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String jar = repo.resolve("cli/target/fnnc.jar").toString();
        // a fresh checkout has no jar yet during the test phase: then the message must name the real one; with a
        // jar, Java's incubator-module warning comes first
        assertTrue(out.lines().anyMatch(line -> line.startsWith("fnnc ")) || out.contains(jar + " not found"),
                () -> first + ": " + out);
    }
}
