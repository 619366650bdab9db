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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX Runtime, called each of the three ways the benchmark times, on the model PyTorch exported from fnnc's
 * initial weights, computes fnnc's {@code predict} (to 1e-5, see {@link OrtBenchmark#checkAgainstFnnc}); a
 * model with other weights is refused. Compiled only with -Ppeers; skipped where PyTorch (which exports the
 * models) is not installed.
 */
class OrtStateTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void models() throws Exception {
        if (PythonPeer.torchAvailable()) {
            PeerFiles.write(dir, "mnist-mlp", List.of(1));
            PeerFiles.write(dir, "mnist-deep", List.of(1));
            PythonPeer.run("onnx", dir.toString(), "--nets", "mnist-mlp", "mnist-deep");
        }
    }

    @BeforeEach
    void needsTorch() {
        PythonPeer.assumeTorch();
    }

    @Test
    void everyWayOfCallingOrtComputesFnncsOutputs() throws Exception {
        for (String net : new String[] {"mnist-mlp", "mnist-deep"}) {
            for (int batch : new int[] {1, 7, 32}) {
                Workload w = Workload.of(net, "float", batch);
                for (String impl : OrtState.IMPLS) {
                    try (OrtState ort = new OrtState(impl, w, dir.resolve(net + ".onnx"))) {
                        float[] first = ort.outputs();
                        float worst = OrtBenchmark.checkAgainstFnnc(w, first);
                        assertTrue(worst <= 1e-5f, net + " " + impl + " batch " + batch + ": " + worst);
                        assertArrayEquals(first, ort.outputs(), net + " " + impl + ": a second call gives the same");
                    }
                }
            }
        }
    }

    @Test
    void aModelWithOtherWeightsIsRefused() throws Exception {
        Workload deep = Workload.of("mnist-deep", "float", 4);
        try (OrtState ort = new OrtState("ort", Workload.of("mnist-mlp", "float", 4), dir.resolve("mnist-mlp.onnx"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> OrtBenchmark.checkAgainstFnnc(deep, ort.outputs()));
            assertTrue(e.getMessage().contains("differ from fnnc's"), e.getMessage());
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new OrtState("ort", deep, dir.resolve("nope.onnx")));
        assertTrue(missing.getMessage().contains("PeerFiles"), missing.getMessage());
    }
}
