package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fnnc.data.Scaler;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.SafeTensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished run is never thrown away, and a checkpoint is a weights file in every sense: small or empty
 * splits, checkpoints evaluated as weights, weights whose scaler is missing (issue 12).
 */
class FinishedWorkTest {

    static final String XOR = "../specs/xor.yaml";
    static final String IRIS = "../specs/iris.yaml";
    static final String XOR_DATA = "../data/xor.csv";
    static final String IRIS_DATA = "../data/iris.csv";

    @TempDir
    Path dir;

    /** Before: 500 epochs, then "internal error: ... evaluation data has no samples", exit 1, no weights. */
    @Test
    void naturalFourRowXorFileWritesEverythingAndSaysWhyThereAreNoTestMetrics() {
        Path weights = dir.resolve("xor.safetensors");
        CliRun r = CliRun.run("train", XOR, "--data", XOR_DATA, "-o", weights.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.exists(weights), r::toString);
        assertTrue(Files.exists(dir.resolve("xor.png")), r::toString);
        assertTrue(Files.exists(dir.resolve("xor.checkpoint.safetensors")), r::toString);
        // warned before training, with the numbers
        assertTrue(r.err().contains("warning: the test split is empty: 10% of 4 samples rounds to 0"), r::toString);
        assertTrue(r.out().contains("no test metrics: the test split is empty"), r::toString);
        assertFalse(r.err().contains("internal error"), r::toString);
    }

    /** Before: "internal error: ... evaluation data has no samples" after training, no weights. */
    @Test
    void irisWithoutTestSplitKeepsTheWeights() {
        Path weights = dir.resolve("iris.safetensors");
        CliRun r = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--test-fraction", "0", "--epochs", "5", "-o",
                weights.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.exists(weights), r::toString);
        assertTrue(r.out().contains("no test metrics: --test-fraction 0 holds out no test data"), r::toString);
        // a fraction of 0 is a choice, not a mistake: no warning
        assertFalse(r.err().contains("warning"), r::toString);
    }

    /** A class of 3 samples: 10% of it rounds to 0, so the test split misses it; say so before training. */
    @Test
    void stratifiedSplitThatLosesAClassIsWarnedBeforeTraining() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            csv.append(i % 10).append(',').append(i % 7).append(',').append(i % 3).append(',').append(i % 2)
                    .append(',').append(i < 20 ? 0 : 1).append('\n');
        }
        csv.append("1,2,3,4,2\n2,3,4,5,2\n3,4,5,6,2\n");
        Path data = dir.resolve("few.csv");
        Files.writeString(data, csv);
        CliRun r = CliRun.run("train", IRIS, "--data", data.toString(), "--epochs", "2", "-o",
                dir.resolve("few.safetensors").toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("warning: class 2 has 3 samples: the test split gets none of them"), r::toString);
        assertTrue(r.err().contains("the validation split gets none of them"), r::toString);
    }

    /** Before: the checkpoint lacked the scaler and split; eval on it gave 33% where the weights gave 100%. */
    @Test
    void checkpointEvaluatesLikeTheWeightsFile() {
        Path weights = dir.resolve("iris.safetensors");
        CliRun train = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "40", "-o", weights.toString());
        assertEquals(0, train.exitCode(), train::toString);
        CliRun fromWeights = CliRun.run("eval", IRIS, "--data", IRIS_DATA, "-w", weights.toString());
        CliRun fromCheckpoint = CliRun.run("eval", IRIS, "--data", IRIS_DATA, "-w",
                dir.resolve("iris.checkpoint.safetensors").toString());
        assertEquals(0, fromCheckpoint.exitCode(), fromCheckpoint::toString);
        double accuracy = fromWeights.number("accuracy  ([0-9.]+)%");
        assertTrue(accuracy > 80, fromWeights::toString);
        // the last checkpoint holds the final parameters (no early stopping): the very same numbers
        assertEquals(accuracy, fromCheckpoint.number("accuracy  ([0-9.]+)%"), 0, fromCheckpoint::toString);
        assertEquals(fromWeights.number("loss +([0-9.]+)"), fromCheckpoint.number("loss +([0-9.]+)"), 0);
        assertEquals(train.number("test accuracy ([0-9.]+)%"), accuracy, 1e-9);
    }

    /** A checkpoint written before checkpoints carried the scaler: refuse rather than compute garbage. */
    @Test
    void weightsTrainedOnScaledFeaturesWithoutTheirScalerAreRefused() throws IOException {
        Path weights = dir.resolve("iris.safetensors");
        CliRun train = CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "5", "-o", weights.toString());
        assertEquals(0, train.exitCode(), train::toString);
        Path old = dir.resolve("old.checkpoint.safetensors");
        withoutScaler(dir.resolve("iris.checkpoint.safetensors"), old);

        CliRun eval = CliRun.run("eval", IRIS, "--data", IRIS_DATA, "-w", old.toString());
        assertEquals(2, eval.exitCode(), eval::toString);
        assertTrue(eval.err().contains("error: " + old + " was written by fnnc train but stores no feature scaler"),
                eval::toString);
        assertTrue(eval.err().contains("--scale"), eval::toString);

        Path x = dir.resolve("x.csv");
        Files.writeString(x, "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        CliRun predict = CliRun.run("predict", IRIS, "-w", old.toString(), "--data", x.toString());
        assertEquals(2, predict.exitCode(), predict::toString);
        assertTrue(predict.err().contains("stores no feature scaler"), predict::toString);

        // with --scale the user says how the features were scaled: the split and seed give back the same scaler
        CliRun rescaled = CliRun.run("eval", IRIS, "--data", IRIS_DATA, "-w", old.toString(), "--scale",
                "standardize");
        assertEquals(0, rescaled.exitCode(), rescaled::toString);
        CliRun fromWeights = CliRun.run("eval", IRIS, "--data", IRIS_DATA, "-w", weights.toString());
        assertEquals(fromWeights.number("loss +([0-9.]+)"), rescaled.number("loss +([0-9.]+)"), 1e-12);

        // grad uses inputs as given: with scaled-feature weights it says so loudly
        Path y = dir.resolve("y.csv");
        Files.writeString(y, "0\n2\n");
        CliRun grad = CliRun.run("grad", IRIS, "-w", weights.toString(), "--data", x.toString(), "--labels",
                y.toString(), "-o", dir.resolve("g.safetensors").toString());
        assertEquals(0, grad.exitCode(), grad::toString);
        assertTrue(grad.err().contains("warning: " + weights + " was trained on standardize-scaled features"),
                grad::toString);
        CliRun oldGrad = CliRun.run("grad", IRIS, "-w", old.toString(), "--data", x.toString(), "--labels",
                y.toString(), "-o", dir.resolve("g2.safetensors").toString());
        assertEquals(0, oldGrad.exitCode(), oldGrad::toString);
        assertTrue(oldGrad.err().contains("stores no feature scaler"), oldGrad::toString);
    }

    /** eval says which of its options had no effect. */
    @Test
    void evalSaysWhenAnOptionHasNoEffect() {
        Path weights = dir.resolve("iris.safetensors");
        assertEquals(0, CliRun.run("train", IRIS, "--data", IRIS_DATA, "--epochs", "3", "-o", weights.toString())
                .exitCode());
        CliRun r = CliRun.run("eval", IRIS, "--data", IRIS_DATA, "-w", weights.toString(), "--scale", "minmax",
                "--test-fraction", "0.3");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("warning: --scale has no effect: " + weights + " stores its scaler"), r::toString);
        assertTrue(r.err().contains("warning: --test-fraction has no effect: " + weights + " stores its split"),
                r::toString);
        assertEquals(15, r.number("([0-9,]+) samples"), r::toString);
    }

    static void withoutScaler(Path from, Path to) throws IOException {
        SafeTensorsFile f = SafeTensors.read(from);
        Map<String, String> metadata = new LinkedHashMap<>(f.metadata());
        metadata.keySet().removeIf(k -> k.startsWith("fnnc.scaler.") || k.startsWith("fnnc.cli."));
        assertTrue(metadata.keySet().stream().noneMatch(k -> k.equals(Scaler.KIND_KEY)));
        SafeTensors.write(to, f.tensors(), metadata);
    }
}
