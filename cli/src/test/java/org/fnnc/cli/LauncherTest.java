package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./fnnc launcher finds its jar when it is run through symlinks, as from a directory on PATH, and its JIT option
 * is one that this JDK understands, for fnnc's classes.
 */
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

    /**
     * The launcher lowers the JIT thresholds of fnnc's methods (the Vector API kernels are slow until C2 compiles
     * them). A misspelt option only makes the JVM print an error and start anyway, and a pattern that misses the
     * kernels' package changes nothing: both would lose the speed-up silently. So this JDK (the suite runs on 17 and
     * 25) must echo the option back as parsed, and the pattern must cover the kernels and the trainer.
     */
    @Test
    void itsJitOptionIsParsedByThisJdkAndCoversTheKernelsAndTheTrainer() throws Exception {
        String script = Files.readString(Path.of("..").toRealPath().resolve("fnnc"), StandardCharsets.UTF_8);
        Matcher jit = Pattern.compile(
                "(?m)^jit=\"-XX:CompileCommand=CompileThresholdScaling,([^:]+)::\\*,([0-9.]+)\"$").matcher(script);
        assertTrue(jit.find(), "no jit=\"-XX:CompileCommand=CompileThresholdScaling,CLASSES::*,SCALE\" line in ./fnnc");
        String classes = jit.group(1);
        double scale = Double.parseDouble(jit.group(2));
        assertTrue(scale > 0 && scale < 1, () -> "scale " + scale);
        // the pattern is a package prefix ending in *, as HotSpot's CompileCommand class patterns allow
        assertTrue(classes.endsWith(".*"), classes);
        String prefix = classes.substring(0, classes.length() - 1);
        for (String name : List.of("org.fnnc.kernels.FloatDense", "org.fnnc.train.Trainer")) {
            Class.forName(name, false, getClass().getClassLoader()); // the class exists under that name
            assertTrue(name.startsWith(prefix), () -> classes + " does not cover " + name);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String option = "-XX:CompileCommand=CompileThresholdScaling," + classes + "::*," + jit.group(2);
        Process p = new ProcessBuilder(java, option, "-version").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String echo = String.format(Locale.ROOT,
                "CompileCommand: CompileThresholdScaling %s*.* double CompileThresholdScaling = %f",
                prefix.replace('.', '/'), scale);
        assertTrue(out.contains(echo), () -> "expected '" + echo + "' from " + java + ", got:\n" + out);
        assertTrue(!out.contains("error"), out);
    }
}
