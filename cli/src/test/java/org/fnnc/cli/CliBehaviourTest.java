package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit codes, help and error messages of the command line, run in-process. */
class CliBehaviourTest {

    static final String SPECS = "../specs/";

    @TempDir
    Path dir;

    @Test
    void topLevelHelpListsEveryCommand() {
        CliRun r = CliRun.run("--help");
        assertEquals(0, r.exitCode(), r::toString);
        for (String c : new String[] {"generate", "inspect", "train", "eval", "predict", "grad", "gradcheck", "bench"}) {
            assertTrue(r.out().contains(c), () -> c + " missing from " + r);
        }
        assertTrue(r.out().contains("Exit codes"), r::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "inspect", "train", "eval", "predict", "grad", "gradcheck", "bench"})
    void everyCommandHasHelp(String command) {
        CliRun r = CliRun.run(command, "--help");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: fnnc " + command), r::toString);
        assertTrue(r.err().isEmpty(), r::toString);
    }

    @Test
    void runsNetworksEverywhereTakeInterpreted() {
        for (String c : new String[] {"train", "eval", "predict", "grad", "gradcheck", "bench"}) {
            CliRun r = CliRun.run(c, "--help");
            assertTrue(r.out().contains("--interpreted"), () -> c + ": " + r);
        }
    }

    @Test
    void missingCommandAndUnknownOptionAreUsageErrors() {
        CliRun none = CliRun.run();
        assertEquals(2, none.exitCode(), none::toString);
        assertTrue(none.err().contains("missing command"), none::toString);
        CliRun unknown = CliRun.run("train", SPECS + "digits.yaml", "--epochz", "3");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("--epochz"), unknown::toString);
    }

    @Test
    void specErrorExits2WithFileLineAndColumn() throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "name: Bad\ninput: 4\nlayers:\n  - {units: 3, activation: softmaxx}\nloss: cross_entropy\n");
        CliRun r = CliRun.run("inspect", spec.toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().matches("(?s).*bad\\.yaml:4:\\d+: error: .*softmaxx.*"), r::toString);
        assertNoStackTrace(r);
    }

    @Test
    void missingSpecFileExits2() {
        CliRun r = CliRun.run("train", dir.resolve("nope.yaml").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("nope.yaml does not exist"), r::toString);
        assertNoStackTrace(r);
    }

    @Test
    void malformedCsvExits1NamingLineAndColumn() throws IOException {
        Path csv = dir.resolve("iris.csv");
        Files.writeString(csv, "5.1,3.5,1.4,0.2,0\n4.9,abc,1.4,0.2,1\n");
        CliRun r = CliRun.run("train", SPECS + "iris.yaml", "--data", csv.toString(), "-o",
                dir.resolve("w.safetensors").toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("iris.csv:2:2: error: 'abc' is not a number"), r::toString);
        assertNoStackTrace(r);
        assertFalse(Files.exists(dir.resolve("w.safetensors")));

        CliRun verbose = CliRun.run("train", SPECS + "iris.yaml", "--data", csv.toString(), "--verbose");
        assertEquals(1, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.err().contains("\tat org.fnnc."), "--verbose shows the stack trace: " + verbose);
    }

    @Test
    void dataThatDoesNotFitTheSpecIsReported() throws IOException {
        Path csv = dir.resolve("three.csv");
        Files.writeString(csv, "1,2,3,0\n4,5,6,1\n");
        CliRun r = CliRun.run("train", SPECS + "iris.yaml", "--data", csv.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().contains("3 features per sample but the spec 'Iris' expects input 4"), r::toString);
    }

    @Test
    void noBuiltInDataForOtherInputSizesAsksForData() {
        CliRun r = CliRun.run("train", SPECS + "iris.yaml");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("pass --data"), r::toString);
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        CliRun r = CliRun.run("train", SPECS + "digits.yaml", "--epochs", "0");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("--epochs must be at least 1"), r::toString);
        CliRun o = CliRun.run("train", SPECS + "digits.yaml", "--optimizer", "rmsprop");
        assertEquals(2, o.exitCode(), o::toString);
        assertTrue(o.err().contains("unknown optimizer 'rmsprop'"), o::toString);
        CliRun resume = CliRun.run("train", SPECS + "digits.yaml", "--resume", "--checkpoint",
                dir.resolve("none.safetensors").toString());
        assertEquals(2, resume.exitCode(), resume::toString);
        assertTrue(resume.err().contains("does not exist"), resume::toString);
    }

    static void assertNoStackTrace(CliRun r) {
        assertFalse(r.err().contains("\tat "), () -> "stack trace without --verbose: " + r);
        assertFalse(r.err().contains("Exception"), () -> "exception class name shown: " + r);
    }
}
