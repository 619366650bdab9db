package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordinary mistakes are found before any work and answered with an {@code error:} line and exit 2, never an
 * "internal error", and never after a finished training run (issue 12).
 */
class UpFrontChecksTest {

    static final String XOR = FinishedWorkTest.XOR;
    static final String IRIS = FinishedWorkTest.IRIS;
    static final String XOR_DATA = FinishedWorkTest.XOR_DATA;
    static final String IRIS_DATA = FinishedWorkTest.IRIS_DATA;

    @TempDir
    Path dir;

    private CliRun trainXor(String... more) {
        String[] base = {"train", XOR, "--data", XOR_DATA, "--validation-fraction", "0", "--test-fraction", "0"};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.run(args);
    }

    /** Exit 2, an error naming {@code path} as typed (never a hidden temporary), and no epoch ran. */
    private static void assertRefusedBeforeTraining(CliRun r, String path, String reason) {
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: "), r::toString);
        assertTrue(r.err().contains(path), () -> "names " + path + ": " + r);
        assertTrue(r.err().contains(reason), () -> "says " + reason + ": " + r);
        assertFalse(r.err().contains(".tmp"), r::toString);
        assertFalse(r.out().contains("epoch"), () -> "trained before failing: " + r);
        CliBehaviourTest.assertNoStackTrace(r);
    }

    @Test
    void weightsIntoAMissingDirectory() {
        String w = dir.resolve("no/such/dir/xor.safetensors").toString();
        assertRefusedBeforeTraining(trainXor("-o", w), w, "does not exist");
    }

    @Test
    void weightsAtADirectory() throws IOException {
        Path d = Files.createDirectory(dir.resolve("w.safetensors"));
        assertRefusedBeforeTraining(trainXor("-o", d.toString()), d.toString(), "is a directory");
    }

    @Test
    void weightsIntoAReadOnlyDirectory() throws IOException {
        // root ignores permission bits; /proc refuses new files to everyone
        boolean root = "root".equals(System.getProperty("user.name"));
        Path ro = root ? Path.of("/proc") : Files.createDirectory(dir.resolve("ro"));
        if (!root) {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        String w = ro.resolve("xor.safetensors").toString();
        assertRefusedBeforeTraining(trainXor("-o", w), w, "cannot create files in " + ro);
    }

    @Test
    void chartPathThatCannotBeWritten() throws IOException {
        Files.createDirectory(dir.resolve("xor.png"));
        CliRun r = trainXor("-o", dir.resolve("xor.safetensors").toString());
        assertRefusedBeforeTraining(r, dir.resolve("xor.png").toString(), "is a directory");
        assertTrue(r.err().contains("chart"), r::toString);
    }

    @Test
    void checkpointPathThatCannotBeWritten() {
        String c = dir.resolve("gone/c.safetensors").toString();
        CliRun r = trainXor("-o", dir.resolve("xor.safetensors").toString(), "--checkpoint", c);
        assertRefusedBeforeTraining(r, c, "does not exist");
        assertTrue(r.err().contains("checkpoint"), r::toString);
    }

    @Test
    void metricsPathThatCannotBeWritten() {
        String m = dir.resolve("gone/m.csv").toString();
        assertRefusedBeforeTraining(trainXor("-o", dir.resolve("xor.safetensors").toString(), "--metrics", m), m,
                "does not exist");
    }

    @Test
    void predictAndGradOutputsAreCheckedBeforeReadingData() throws IOException {
        Path w = dir.resolve("xor.safetensors");
        assertEquals(0, trainXor("-o", w.toString(), "--epochs", "2").exitCode());
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "0,1\n1,1\n");
        String out = dir.resolve("missing/p.csv").toString();
        CliRun p = CliRun.run("predict", XOR, "-w", w.toString(), "--data", x.toString(), "-o", out);
        assertEquals(2, p.exitCode(), p::toString);
        assertTrue(p.err().contains(out) && p.err().contains("does not exist"), p::toString);
        Path y = dir.resolve("y.csv");
        Files.writeString(y, "1\n0\n");
        CliRun g = CliRun.run("grad", XOR, "-w", w.toString(), "--data", x.toString(), "--labels", y.toString(),
                "-o", dir.toString());
        assertEquals(2, g.exitCode(), g::toString);
        assertTrue(g.err().contains("is a directory"), g::toString);
    }

    /** Before: "internal error: ... Y-Axis data cannot be empty!!!" (from the chart library), exit 1. */
    @Test
    void resumingACompletedRunSaysHowToTrainLonger() {
        Path w = dir.resolve("xor.safetensors");
        assertEquals(0, trainXor("-o", w.toString(), "--epochs", "3").exitCode());
        CliRun r = trainXor("-o", w.toString(), "--epochs", "3", "--resume");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("error: --resume: the run in " + dir.resolve("xor.checkpoint.safetensors")
                + " already completed its 3 epochs"), r::toString);
        assertTrue(r.err().contains("--epochs"), r::toString);
        assertFalse(r.err().contains("internal error"), r::toString);
        // and training longer works
        CliRun longer = trainXor("-o", w.toString(), "--epochs", "5", "--resume");
        assertEquals(0, longer.exitCode(), longer::toString);
    }

    /** Before: "internal error: java.lang.IllegalArgumentException: training state does not fit this run". */
    @Test
    void resumingWithAnotherOptimizerIsAUsageError() {
        Path w = dir.resolve("xor.safetensors");
        assertEquals(0, trainXor("-o", w.toString(), "--epochs", "2").exitCode());
        CliRun r = trainXor("-o", w.toString(), "--epochs", "4", "--resume", "--optimizer", "sgd");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("error: --resume: the checkpoint was trained with adam, not sgd"), r::toString);
        assertFalse(r.out().contains("epoch"), r::toString);
    }

    @Test
    void resumingWithAnotherSplitOrBatchIsAUsageError() {
        Path w = dir.resolve("iris.safetensors");
        assertEquals(0, CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "2", "-o", w.toString())
                .exitCode());
        CliRun seed = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "4", "-o", w.toString(), "--resume",
                "--seed", "99");
        assertEquals(2, seed.exitCode(), seed::toString);
        assertTrue(seed.err().contains("--resume: the checkpoint's data split"), seed::toString);
        CliRun fraction = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "4", "-o", w.toString(),
                "--resume", "--validation-fraction", "0.2");
        assertEquals(2, fraction.exitCode(), fraction::toString);
        assertTrue(fraction.err().contains("--resume: the checkpoint's data split"), fraction::toString);
    }

    /** Before: "internal error: ... early stopping (patience 3) needs validation data", exit 1. */
    @Test
    void patienceWithoutValidationData() {
        CliRun r = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--patience", "3", "--validation-fraction", "0",
                "-o", dir.resolve("w.safetensors").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("error: --patience 3 needs validation data, but --validation-fraction is 0"),
                r::toString);
    }

    /** A spec whose training section sets patience, with validation turned off on the command line. */
    @Test
    void specPatienceWithoutValidationData() {
        CliRun r = CliRun.run("train", "../specs/breast-cancer.yaml", "--data", "../data/breast-cancer.csv",
                "--validation-fraction", "0", "-o", dir.resolve("w.safetensors").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("patience 10 (from the spec) needs validation data"), r::toString);
        assertTrue(r.err().contains("--patience 0"), r::toString);
    }

    /** Before: "internal error: ... evaluation data has no samples". */
    @Test
    void evalOfAnEmptySplit() {
        Path w = dir.resolve("iris.safetensors");
        assertEquals(0, CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "2", "--validation-fraction", "0",
                "-o", w.toString()).exitCode());
        CliRun r = CliRun.run("eval", IRIS, "--data", IRIS_DATA, "-w", w.toString(), "--split", "validation");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("error: the validation split is empty: " + w
                + " was trained with --validation-fraction 0"), r::toString);
        assertTrue(r.err().contains("--split test"), r::toString);
    }
}
