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

/**
 * One SGD training step (forward + backward + update) of an fnnc network, generated (fused {@code sgdStep} or
 * {@code lossAndGradients} plus a separate update) or interpreted.
 * Score: steps per second; samples/s = score x batch (docs/benchmarks.md and report.py do the arithmetic).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class TrainBenchmark {

    @Param({"xor", "iris", "mnist-mlp", "mnist-deep", "mnist-wide"})
    public String net;

    @Param({"float", "double"})
    public String precision;

    /**
     * {@code generated}: the default kernels ({@code auto}, the kernel library) and the fused {@code sgdStep};
     * {@code generated-unfused} the old two-pass path; {@code scalar} and {@code vector} the generated loops of
     * {@code kernels: scalar} and {@code vector_api} (see {@link FnncState}).
     */
    @Param({"generated", "generated-unfused", "scalar", "vector", "interpreter"})
    public String impl;

    @Param({"1", "32", "128"})
    public int batch;

    private FnncState state;

    @Setup
    public void setUp() {
        state = new FnncState(impl, Workload.of(net, precision, batch));
    }

    @Benchmark
    public double train() {
        return state.trainStep();
    }
}
