package org.fnnc.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The storage decision behind {@code Parameters}: a 784 -> 128 dense layer's forward pass (z = W x) with the
 * weights stored as rows of W ([out][in], dot products), as rows of W^T ([in][out], axpys: fnnc's storage), and
 * as one flat array of W^T (axpy with an offset). Dense inputs (no zero skipping) so only the layout differs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LayoutBenchmark {

    static final int IN = 784;
    static final int OUT = 128;

    private float[][] w;
    private float[][] wT;
    private float[] wTFlat;
    private float[] x;
    private float[] z;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(3);
        w = new float[OUT][IN];
        wT = new float[IN][OUT];
        wTFlat = new float[IN * OUT];
        for (int j = 0; j < OUT; j++) {
            for (int i = 0; i < IN; i++) {
                float v = (float) (r.nextDouble() - 0.5);
                w[j][i] = v;
                wT[i][j] = v;
                wTFlat[i * OUT + j] = v;
            }
        }
        x = new float[IN];
        for (int i = 0; i < IN; i++) {
            x[i] = (float) r.nextDouble();
        }
        z = new float[OUT];
    }

    /** Rows of W: one dot product (a reduction C2 does not vectorise) per unit. */
    @Benchmark
    public float[] dotOverRowsOfW() {
        for (int j = 0; j < OUT; j++) {
            float[] row = w[j];
            float s = 0;
            for (int i = 0; i < IN; i++) {
                s += row[i] * x[i];
            }
            z[j] = s;
        }
        return z;
    }

    /** Rows of W^T (fnnc's storage): one vectorisable axpy per input. */
    @Benchmark
    public float[] axpyOverRowsOfWT() {
        java.util.Arrays.fill(z, 0f);
        for (int i = 0; i < IN; i++) {
            float xi = x[i];
            float[] row = wT[i];
            for (int j = 0; j < OUT; j++) {
                z[j] += xi * row[j];
            }
        }
        return z;
    }

    /** One flat W^T array: the same axpy, but every weight read at an offset. */
    @Benchmark
    public float[] axpyOverFlatWT() {
        java.util.Arrays.fill(z, 0f);
        for (int i = 0; i < IN; i++) {
            float xi = x[i];
            int base = i * OUT;
            for (int j = 0; j < OUT; j++) {
                z[j] += xi * wTFlat[base + j];
            }
        }
        return z;
    }
}
