package org.fnnc.benchmarks.peers;

import java.util.concurrent.TimeUnit;
import org.fnnc.benchmarks.Workload;
import org.fnnc.interpreter.Interpreter;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same workloads as {@code TrainBenchmark} and {@code InferBenchmark} in the libraries a Java user would
 * pick instead: Encog 3.4 (double only) and Deeplearning4j 1.0.0-M2.1. Built only with {@code -Ppeers}.
 * Scores are batches per second, like the fnnc benchmarks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PeerBenchmark {

    @Param({"xor", "iris", "mnist-mlp", "mnist-deep", "mnist-wide"})
    public String net;

    @Param({"float", "double"})
    public String precision;

    @Param({"encog", "dl4j"})
    public String impl;

    @Param({"1", "32", "128"})
    public int batch;

    private EncogState encog;
    private Dl4jState dl4j;

    @Setup
    public void setUp() {
        Workload w = Workload.of(net, precision, batch);
        if (impl.equals("encog")) {
            if (!precision.equals("double")) {
                throw new IllegalArgumentException("Encog computes in double only; run it with -p precision=double");
            }
            encog = new EncogState(w, Interpreter.create(w.spec()).parameters());
        } else {
            dl4j = new Dl4jState(w, Interpreter.create(w.spec()).parameters());
        }
    }

    @Benchmark
    public Object train() {
        return encog != null ? encog.trainStep() : dl4j.trainStep();
    }

    @Benchmark
    public Object infer() {
        return encog != null ? encog.infer() : dl4j.infer();
    }
}
