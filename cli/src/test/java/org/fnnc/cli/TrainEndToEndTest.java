package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fnnc.data.Dataset;
import org.fnnc.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training through the command line: accuracy, files written, resume exactness, divergence. */
class TrainEndToEndTest {

    static final String DIGITS = "../specs/digits.yaml";

    @TempDir
    Path dir;

    @Test
    void digitsTrainToAtLeast95PercentAndEvalAndPredictAgree() throws IOException {
        Path weights = dir.resolve("digits.safetensors");
        CliRun train = CliRun.run("train", DIGITS, "-o", weights.toString());
        assertEquals(0, train.exitCode(), train::toString);
        double accuracy = train.number("test accuracy ([0-9.]+)%");
        assertTrue(accuracy >= 95.0, () -> "test accuracy " + accuracy + "% < 95%\n" + train);
        assertTrue(train.out().contains("samples/s"), train::toString);
        assertTrue(train.out().contains("embedded 8x8 digits: 1,439 train, 179 validation, 179 test"), train::toString);

        byte[] png = Files.readAllBytes(dir.resolve("digits.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        assertTrue(png.length > 10_000, "a chart, not an empty image");
        assertTrue(Files.exists(dir.resolve("digits.checkpoint.safetensors")));

        // eval finds the same test split (seed from the weights) and the same accuracy.
        CliRun eval = CliRun.run("eval", DIGITS, "--weights", weights.toString());
        assertEquals(0, eval.exitCode(), eval::toString);
        assertEquals(accuracy, eval.number("accuracy  ([0-9.]+)%"), 1e-9, eval::toString);
        assertEquals(179, eval.number("([0-9,]+) samples"), eval::toString);
        CliRun interpreted = CliRun.run("eval", DIGITS, "--weights", weights.toString(), "--interpreted");
        assertEquals(accuracy, interpreted.number("accuracy  ([0-9.]+)%"), 0.6, interpreted::toString);

        // predict: the first 20 training-pool digits, raw pixels; most must be recognised.
        Dataset digits = Datasets.digits();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 64; j++) {
                csv.append(j == 0 ? "" : ",").append(digits.feature(i, j));
            }
            csv.append('\n');
        }
        Path inputs = dir.resolve("x.csv");
        Files.writeString(inputs, csv);
        CliRun predict = CliRun.run("predict", DIGITS, "-w", weights.toString(), "--data", inputs.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> lines = predict.out().lines().toList();
        assertEquals(21, lines.size(), predict::toString);
        assertEquals("class,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9", lines.get(0));
        int correct = 0;
        for (int i = 0; i < 20; i++) {
            String[] cells = lines.get(i + 1).split(",");
            double sum = 0;
            for (int j = 1; j < cells.length; j++) {
                sum += Double.parseDouble(cells[j]);
            }
            assertEquals(1.0, sum, 1e-5, "probabilities sum to 1");
            correct += Integer.parseInt(cells[0]) == digits.label(i) ? 1 : 0;
        }
        assertTrue(correct >= 18, "recognised " + correct + " of 20");
    }

    @Test
    void resumedRunWritesTheSameWeightsAsAnUninterruptedOne() throws IOException {
        Path whole = dir.resolve("whole.safetensors");
        CliRun a = CliRun.run("train", DIGITS, "--epochs", "6", "--seed", "5", "-o", whole.toString());
        assertEquals(0, a.exitCode(), a::toString);

        Path parts = dir.resolve("parts.safetensors");
        CliRun first = CliRun.run("train", DIGITS, "--epochs", "2", "--seed", "5", "-o", parts.toString());
        assertEquals(0, first.exitCode(), first::toString);
        assertFalse(Files.readAllBytes(whole).length == 0);
        CliRun second = CliRun.run("train", DIGITS, "--epochs", "6", "--seed", "5", "-o", parts.toString(),
                "--resume");
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.out().contains("resuming from " + dir.resolve("parts.checkpoint.safetensors")
                + " at epoch 3 step 0"), "continues with epoch 3: " + second);
        assertTrue(second.out().contains("time ") && second.out().contains(" for 4 epochs"), "ran 4 epochs: " + second);
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(parts),
                "weights after 2 + 4 epochs differ from 6 epochs in one run");
        // And the run did something: 2 epochs alone give other weights.
        Path two = dir.resolve("two.safetensors");
        CliRun.run("train", DIGITS, "--epochs", "2", "--seed", "5", "-o", two.toString(), "--checkpoint-every", "0");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(whole), Files.readAllBytes(two)));
    }

    @Test
    void divergenceStopsNamingEpochStepAndLayerAndKeepsTheLastCheckpoint() throws IOException {
        Path weights = dir.resolve("d.safetensors");
        Path ckpt = dir.resolve("d.checkpoint.safetensors");
        CliRun good = CliRun.run("train", DIGITS, "--epochs", "2", "-o", weights.toString());
        assertEquals(0, good.exitCode(), good::toString);
        byte[] checkpointBefore = Files.readAllBytes(ckpt);
        byte[] weightsBefore = Files.readAllBytes(weights);

        CliRun bad = CliRun.run("train", DIGITS, "--epochs", "4", "--learning-rate", "1e30", "-o",
                weights.toString(), "--resume");
        assertEquals(1, bad.exitCode(), bad::toString);
        assertTrue(bad.err().matches("(?s).*epoch 3, step \\d+.*layers\\.\\d.*"), bad::toString);
        assertTrue(bad.err().contains("checkpoint " + ckpt + " is intact"), bad::toString);
        CliBehaviourTest.assertNoStackTrace(bad);
        assertArrayEquals(checkpointBefore, Files.readAllBytes(ckpt), "the last good checkpoint was changed");
        assertArrayEquals(weightsBefore, Files.readAllBytes(weights), "weights were overwritten");
    }

    @Test
    void mnistWithTheGeneratedNetworkReaches97Percent() {
        Path mnist = Path.of(System.getProperty("fnnc.datasets", "../../shared/datasets"), "mnist");
        assumeTrue(Files.isDirectory(mnist), "MNIST not available at " + mnist);
        Path weights = dir.resolve("mnist.safetensors");
        // Fewer epochs than the spec's to keep the test short; the spec's own run is measured in docs/cli.md.
        CliRun r = CliRun.run("train", "../specs/mnist-mlp.yaml", "--data", mnist.toString(), "--epochs", "3",
                "-o", weights.toString(), "--checkpoint-every", "0");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains(", generated, float"), r::toString);
        double accuracy = r.number("test accuracy ([0-9.]+)%");
        assertTrue(accuracy >= 97.0, () -> String.format(Locale.ROOT, "MNIST test accuracy %.2f%% < 97%%%n%s",
                accuracy, r));
        assertEquals(10_000, r.number("\\(([0-9,]+) samples\\)"), r::toString);
    }

    @Test
    void threadsAndKernelsOverrideTheSpec() throws IOException {
        Path weights = dir.resolve("threads.safetensors");
        CliRun two = CliRun.run("train", DIGITS, "--threads", "2", "--epochs", "4", "-o", weights.toString());
        assertEquals(0, two.exitCode(), two::toString);
        assertTrue(two.out().contains(", 2 threads"), two::toString);
        double accuracy = two.number("test accuracy ([0-9.]+)%");
        assertTrue(accuracy >= 90.0, () -> "test accuracy " + accuracy + "% < 90%\n" + two);

        CliRun zero = CliRun.run("train", DIGITS, "--threads", "0");
        assertEquals(2, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--threads must be at least 1"), zero::toString);
        CliRun typo = CliRun.run("train", DIGITS, "--kernels", "vectorapi");
        assertEquals(2, typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("--kernels: unknown kernels 'vectorapi' (expected one of auto, scalar, vector_api;"
                + " did you mean 'vector_api'?)"), typo::toString);
        // this test JVM runs without jdk.incubator.vector: a clear error saying how to start Java, no trace
        CliRun vector = CliRun.run("train", DIGITS, "--kernels", "vector_api", "--epochs", "1", "-o",
                dir.resolve("v.safetensors").toString());
        assertTrue(vector.exitCode() != 0, vector::toString);
        assertTrue(vector.err().contains("--add-modules jdk.incubator.vector"), vector::toString);
        assertFalse(vector.err().contains("\tat org."), vector::toString);
    }
}
