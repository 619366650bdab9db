package org.fnnc.benchmarks;

import java.util.concurrent.TimeUnit;
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

/** Inference (forward pass and output activation) of an fnnc network. Score: batches per second. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class InferBenchmark {

    @Param({"xor", "iris", "mnist-mlp", "mnist-deep", "mnist-wide"})
    public String net;

    @Param({"float", "double"})
    public String precision;

    /** {@code generated}: the default kernels ({@code auto}); {@code scalar}, {@code vector}: see {@link FnncState}. */
    @Param({"generated", "scalar", "vector", "interpreter"})
    public String impl;

    @Param({"1", "32", "128"})
    public int batch;

    private FnncState state;

    @Setup
    public void setUp() {
        state = new FnncState(impl, Workload.of(net, precision, batch));
    }

    @Benchmark
    public Object infer() {
        return state.infer();
    }
}
