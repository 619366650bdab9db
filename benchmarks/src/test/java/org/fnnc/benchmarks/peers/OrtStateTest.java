package org.fnnc.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.fnnc.benchmarks.PeerFiles;
import org.fnnc.benchmarks.PythonPeer;
import org.fnnc.benchmarks.Workload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime, called each of the three ways the benchmark times, on fnnc's own export of the benchmarks'
 * initial weights computes fnnc's {@code predict} (to 1e-5, see {@link OrtBenchmark#checkAgainstFnnc}); so does
 * PyTorch's export of the same weights, and the two exports give ORT the same outputs; a model with other
 * weights is refused. Compiled only with -Ppeers; the PyTorch parts are skipped where PyTorch is not installed.
 */
class OrtStateTest {

    private static final List<String> NETS = List.of("mnist-mlp", "mnist-deep");

    @TempDir
    static Path dir;

    @BeforeAll
    static void models() throws Exception {
        for (String net : NETS) {
            PeerFiles.write(dir, net, List.of(1));
        }
        if (PythonPeer.torchAvailable()) {
            PythonPeer.run("onnx", dir.toString(), "--nets", NETS.get(0), NETS.get(1));
        }
    }

    @Test
    void everyWayOfCallingOrtOnFnncsExportComputesFnncsOutputs() throws Exception {
        for (String net : NETS) {
            for (int batch : new int[] {1, 7, 32}) {
                Workload w = Workload.of(net, "float", batch);
                for (String impl : OrtState.IMPLS) {
                    try (OrtState ort = new OrtState(impl, w, PeerFiles.onnxModel(dir, net, "fnnc"))) {
                        float[] first = ort.outputs();
                        float worst = OrtBenchmark.checkAgainstFnnc(w, first);
                        assertTrue(worst <= 1e-5f, net + " " + impl + " batch " + batch + ": " + worst);
                        assertArrayEquals(first, ort.outputs(), net + " " + impl + ": a second call gives the same");
                    }
                }
            }
        }
    }

    /**
     * Both exports hold the same float weights and the same ops (Gemm per layer, the activations); ORT may still
     * pick different kernels for them, so outputs (probabilities at most 1) agree to 1e-6, a few float ulps of 1.
     */
    @Test
    void fnncsAndPyTorchsExportsGiveOrtTheSameOutputs() throws Exception {
        PythonPeer.assumeTorch();
        for (String net : NETS) {
            for (int batch : new int[] {1, 7, 32}) {
                Workload w = Workload.of(net, "float", batch);
                try (OrtState fnnc = new OrtState("ort", w, PeerFiles.onnxModel(dir, net, "fnnc"));
                        OrtState torch = new OrtState("ort", w, PeerFiles.onnxModel(dir, net, "pytorch"))) {
                    float[] a = fnnc.outputs();
                    float[] b = torch.outputs();
                    for (int k = 0; k < a.length; k++) {
                        assertTrue(Math.abs(a[k] - b[k]) <= 1e-6f,
                                net + " batch " + batch + " output " + k + ": fnnc's export " + a[k] + ", PyTorch's " + b[k]);
                    }
                    OrtBenchmark.checkAgainstFnnc(w, b);
                }
            }
        }
    }

    @Test
    void aModelWithOtherWeightsIsRefused() throws Exception {
        Workload deep = Workload.of("mnist-deep", "float", 4);
        try (OrtState ort = new OrtState("ort", Workload.of("mnist-mlp", "float", 4),
                PeerFiles.onnxModel(dir, "mnist-mlp", "fnnc"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> OrtBenchmark.checkAgainstFnnc(deep, ort.outputs()));
            assertTrue(e.getMessage().contains("differ from fnnc's"), e.getMessage());
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new OrtState("ort", deep, dir.resolve("nope.onnx")));
        assertTrue(missing.getMessage().contains("PeerFiles"), missing.getMessage());
    }
}
