package org.fnnc.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fnnc.Fnnc;
import org.fnnc.data.Dataset;
import org.fnnc.network.Network;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.train.Trainer;
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
 * Data-parallel training: one epoch of {@value #SAMPLES} random samples through {@code Trainer} (plain SGD)
 * with 1 or 2 threads, generated network. Score: epochs per second; samples/s = score x {@value #SAMPLES}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ParallelTrainBenchmark {

    /** Samples per epoch. */
    public static final int SAMPLES = 4096;

    @Param({"mnist-mlp"})
    public String net;

    @Param({"float"})
    public String precision;

    @Param({"32", "128"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private Network network;
    private Dataset data;
    private Trainer trainer;

    @Setup
    public void setUp() {
        Workload w = Workload.of(net, precision, SAMPLES);
        network = Fnnc.compile(w.spec());
        data = Dataset.classification(net, w.inputsFloat(), w.spec().input(), w.targetsFloat(),
                w.spec().outputSize(), List.of());
        trainer = Trainer.builder(w.spec().training()).optimizer(OptimizerKind.SGD).learningRate(Workload.LEARNING_RATE)
                .batchSize(batch).epochs(1).threads(threads).build();
    }

    @Benchmark
    public Object epoch() {
        return trainer.fit(network, data, null);
    }
}
