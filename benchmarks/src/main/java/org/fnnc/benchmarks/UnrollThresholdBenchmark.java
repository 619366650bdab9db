package org.fnnc.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fnnc.Fnnc;
import org.fnnc.network.FloatNetwork;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
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
 * Where does full unrolling stop paying? A network {@code n -> n relu -> n linear (mse)}: both layers have
 * n*n multiply-adds, generated fully unrolled or as loops, timed per sample for the forward pass and for the
 * training step (forward + backward). The default {@code unroll.threshold} in docs/unrolling.md comes from
 * this benchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class UnrollThresholdBenchmark {

    @Param({"4", "8", "12", "16", "20", "24", "32"})
    public int n;

    @Param({"full", "loops"})
    public String mode;

    private FloatNetwork net;
    private float[] x;
    private float[] t;
    private float[] out;

    @Setup
    public void setUp() {
        NetworkSpec spec = NetworkSpec.builder("Unroll" + n + mode).input(n)
                .layer(LayerSpec.of(n, Activation.RELU)).layer(LayerSpec.of(n, Activation.LINEAR))
                .loss(Loss.MSE)
                .unroll(new UnrollSpec(UnrollMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), 1 << 20))
                .build();
        net = (FloatNetwork) Fnnc.compile(spec);
        SplittableRandom r = new SplittableRandom(1);
        x = new float[n];
        t = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
            t[i] = (float) (r.nextDouble() * 2 - 1);
        }
        out = new float[n];
    }

    @Benchmark
    public float[] forward() {
        net.predict(x, 1, out);
        return out;
    }

    @Benchmark
    public float trainStep() {
        return net.accumulateGradients(x, t, 1);
    }
}
