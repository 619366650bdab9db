package org.fnnc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fnnc.Fnnc;
import org.fnnc.io.LoadOptions;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.SafeTensorsFile;
import org.fnnc.io.Tensor;
import org.fnnc.network.FloatNetwork;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch peer ({@code peers/pytorch_peer.py}) runs the benchmarks' computation: from the weights file
 * {@link PeerFiles} writes, on the same batch, its first SGD step gives fnnc's loss, outputs and updated
 * parameters within float tolerance. fnnc's side is computed here, independently of the reference numbers in
 * the peer files: a freshly compiled class loads the weights file and takes one {@code sgdStep}. Skipped where
 * PyTorch is not installed (see {@link PythonPeer}).
 */
class PyTorchPeerTest {

    /**
     * Outputs (probabilities) and the mean loss: float sums of up to 784 products rounded in different orders
     * (OpenBLAS's blocked GEMM vs fnnc's kernels), 6e-8 relative per operation; 1e-5 is ~100x that.
     */
    private static final double OUTPUT_TOLERANCE = 1e-5;

    /**
     * Updated parameters: |w| < 1 rounds to within 6e-8 on both sides, and lr (0.01) times a gradient difference
     * of 1e-6 adds 1e-8; 2e-7 covers both twice over. The updates themselves are ~1e-4 to 1e-3 (checked), so a
     * missing or wrong step could not hide under this tolerance.
     */
    private static final double PARAMETER_TOLERANCE = 2e-7;

    @TempDir
    static Path dir;

    @BeforeAll
    static void peerFiles() throws IOException {
        if (PythonPeer.torchAvailable()) {
            PeerFiles.write(dir, "mnist-mlp", List.of(1, 32));
            PeerFiles.write(dir, "mnist-deep", List.of(32));
        }
    }

    /** Each test, not the class, is skipped where there is no PyTorch, so the reports count them as skipped. */
    @BeforeEach
    void needsTorch() {
        PythonPeer.assumeTorch();
    }

    @Test
    void firstSgdStepOfMnistMlpMatchesFnnc() throws IOException {
        checkStep("mnist-mlp", 1);
        checkStep("mnist-mlp", 32);
    }

    @Test
    void firstSgdStepOfTwoHiddenLayersMatchesFnnc() throws IOException {
        checkStep("mnist-deep", 32);
    }

    @Test
    void peerFilesHoldTheBenchmarksBatch() throws IOException {
        SafeTensorsFile data = SafeTensors.read(dir.resolve("mnist-mlp.data.safetensors"));
        Workload w = Workload.of("mnist-mlp", "float", 32);
        assertArrayEquals(w.inputsFloat(), data.tensor("x.b32").floatValues());
        assertArrayEquals(w.targetsFloat(), data.tensor("t.b32").floatValues());
        assertEquals("784,128,10", data.metadata().get("layers"));
        assertEquals("relu,softmax", data.metadata().get("activations"));
    }

    /** bench checks PyTorch against the reference numbers in the peer files and refuses to time a mismatch. */
    @Test
    void benchRefusesWeightsThatAreNotFnncs() throws IOException {
        Path other = dir.resolve("tampered");
        PeerFiles.write(other, "mnist-mlp", List.of(1));
        NetworkSpec spec = Workload.spec("mnist-mlp");
        FloatNetwork network = (FloatNetwork) Fnnc.compile(spec);
        network.parameters().scale(1.5);
        SafeTensors.save(other.resolve("mnist-mlp.safetensors"), spec, network.parameters());
        String output = PythonPeer.runExpectingFailure("bench", other.toString(), "--nets", "mnist-mlp",
                "--batches", "1", "--warmups", "0", "--iterations", "1", "--time", "0.01");
        assertTrue(output.contains("PyTorch disagrees with fnnc"), output);
    }

    private static void checkStep(String net, int batch) throws IOException {
        Path out = dir.resolve(net + ".b" + batch + ".step.safetensors");
        PythonPeer.run("step", dir.toString(), "--net", net, "--batch", Integer.toString(batch), "-o", out.toString());
        SafeTensorsFile torch = SafeTensors.read(out);

        NetworkSpec spec = Workload.of(net, "float", batch).spec();
        FloatNetwork fnnc = (FloatNetwork) Fnnc.compile(spec);
        SafeTensors.load(dir.resolve(net + ".safetensors"), spec, fnnc.parameters(), LoadOptions.STRICT);
        List<Tensor> before = Tensor.ofParameters("", fnnc.parameters());
        Workload w = Workload.of(net, "float", batch);
        float[] predicted = new float[batch * spec.outputSize()];
        fnnc.predict(w.inputsFloat(), batch, predicted);
        float loss = fnnc.sgdStep(w.inputsFloat(), w.targetsFloat(), batch, Workload.LEARNING_RATE);
        List<Tensor> after = Tensor.ofParameters("", fnnc.parameters());

        String where = net + " batch " + batch + ": ";
        assertEquals(loss, torch.tensor("loss").get(0), OUTPUT_TOLERANCE * Math.abs(loss), where + "loss");
        assertClose(predicted, torch.tensor("predict").floatValues(), OUTPUT_TOLERANCE, where + "outputs");
        List<String> names = new ArrayList<>();
        for (int k = 0; k < after.size(); k++) {
            Tensor mine = after.get(k);
            names.add(mine.name());
            Tensor theirs = torch.tensor(mine.name());
            assertArrayEquals(mine.shape(), theirs.shape(), where + mine.name() + " shape");
            assertClose(mine.floatValues(), theirs.floatValues(), PARAMETER_TOLERANCE, where + mine.name());
            float largestUpdate = maxDifference(before.get(k).floatValues(), mine.floatValues());
            assertTrue(largestUpdate > 100 * PARAMETER_TOLERANCE,
                    where + mine.name() + " moved by at most " + largestUpdate + ": too little to test the step");
        }
        List<String> torchNames = new ArrayList<>(torch.tensors().stream().map(Tensor::name)
                .filter(n -> n.startsWith("layers.")).toList());
        names.sort(null);
        torchNames.sort(null);
        assertEquals(names, torchNames, where + "PyTorch's parameter names are fnnc's");
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        float worst = maxDifference(expected, actual);
        assertTrue(worst <= tolerance, what + ": largest difference " + worst + " > " + tolerance);
    }

    private static float maxDifference(float[] a, float[] b) {
        float worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
