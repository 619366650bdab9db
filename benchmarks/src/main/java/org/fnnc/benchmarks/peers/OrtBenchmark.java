package org.fnnc.benchmarks.peers;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fnnc.Fnnc;
import org.fnnc.benchmarks.PeerFiles;
import org.fnnc.benchmarks.Workload;
import org.fnnc.network.FloatNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference of the same workloads as {@code InferBenchmark} in ONNX Runtime 1.20 (see {@link OrtState} for the
 * three ways of calling it), on fnnc's own ONNX export of the benchmarks' initial weights ({@code PeerFiles}
 * writes it into {@code dir}; run from the repository root; {@code run-table.sh} does), or with {@code -p
 * exporter=pytorch} on the model {@code pytorch_peer.py onnx} exported from the same weights ({@code
 * OrtStateTest} checks that both compute the same). Set-up refuses a model whose outputs are not fnnc's. Score:
 * batches per second. Built only with {@code -Ppeers}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OrtBenchmark {

    @Param({"mnist-mlp", "mnist-deep", "mnist-wide"})
    public String net;

    /** ORT runs the float models only. */
    @Param({"float"})
    public String precision;

    @Param({"ort", "ort-output-per-call", "ort-naive"})
    public String impl;

    @Param({"1", "32", "128"})
    public int batch;

    /** Whose export of the weights ORT runs: {@code fnnc} ({@code NET.fnnc.onnx}) or {@code pytorch} ({@code NET.onnx}). */
    @Param({"fnnc"})
    public String exporter;

    /** Where the ONNX models are. */
    @Param({"benchmarks/target/peers"})
    public String dir;

    private OrtState state;

    @Setup
    public void setUp() throws OrtException {
        Workload w = Workload.of(net, precision, batch);
        state = new OrtState(impl, w, PeerFiles.onnxModel(Path.of(dir), net, exporter));
        checkAgainstFnnc(w, state.outputs());
    }

    /**
     * The model must compute what fnnc's benchmarks do (same initial weights): probabilities from float sums of
     * up to 784 products in different orders agree to 1e-5 (~100x float rounding).
     */
    static float checkAgainstFnnc(Workload w, float[] ort) {
        FloatNetwork fnnc = (FloatNetwork) Fnnc.compile(w.spec());
        float[] expected = new float[ort.length];
        fnnc.predict(w.inputsFloat(), w.batch(), expected);
        float worst = 0;
        for (int k = 0; k < expected.length; k++) {
            worst = Math.max(worst, Math.abs(expected[k] - ort[k]));
        }
        if (!(worst <= 1e-5f)) {
            throw new IllegalStateException("ONNX Runtime's outputs differ from fnnc's by up to " + worst
                    + ": the ONNX model does not hold the benchmarks' weights; rerun PeerFiles and pytorch_peer.py onnx");
        }
        return worst;
    }

    @TearDown
    public void tearDown() throws OrtException {
        state.close();
    }

    /** Prints the ONNX Runtime version (run-table.sh records it with the machine). */
    public static void main(String[] args) {
        System.out.println(ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
    }

    @Benchmark
    public Object infer() throws OrtException {
        return state.infer();
    }
}
