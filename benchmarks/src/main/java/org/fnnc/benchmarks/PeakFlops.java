package org.fnnc.benchmarks;

import java.lang.reflect.Method;
import java.util.Arrays;
import org.codehaus.janino.SimpleCompiler;

/**
 * The float throughput one core actually reaches on fused multiply-adds: 12 independent accumulator chains of
 * preferred-width vectors (enough to cover the FMA latency on both pipes), nothing loaded or stored. This is the
 * "peak" the benchmarks' percentages are honest against: a nominal cores x clock x FLOPs/cycle figure uses the
 * base clock, which cores exceed when they boost.
 *
 * <p>The kernel is compiled at run time with Janino (as fnnc's own classes are), so building this module needs no
 * incubator flag; running needs {@code --add-modules jdk.incubator.vector}:
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar org.fnnc.benchmarks.PeakFlops}.
 */
public final class PeakFlops {

    static final String KERNEL = """
            import jdk.incubator.vector.FloatVector;
            import jdk.incubator.vector.VectorOperators;
            import jdk.incubator.vector.VectorSpecies;

            public final class FmaPeak {
                private static final VectorSpecies S = FloatVector.SPECIES_PREFERRED;

                public static int lanes() {
                    return S.length();
                }

                public static float run(long iterations) {
                    FloatVector a0 = FloatVector.broadcast(S, 1f);
                    FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0,
                            a10 = a0, a11 = a0;
                    final FloatVector m = FloatVector.broadcast(S, 0.999999f);
                    final FloatVector c = FloatVector.broadcast(S, 1e-7f);
                    for (long k = 0; k < iterations; k++) {
                        a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
                        a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
                        a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
                    }
                    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10)
                            .add(a11).reduceLanes(VectorOperators.ADD);
                }
            }
            """;

    /** FMA chains per loop iteration in {@link #KERNEL}. */
    static final int CHAINS = 12;

    private PeakFlops() {
    }

    public static void main(String[] args) throws Exception {
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.cook(KERNEL);
        Class<?> kernel = compiler.getClassLoader().loadClass("FmaPeak");
        Method run = kernel.getMethod("run", long.class);
        int lanes = (Integer) kernel.getMethod("lanes").invoke(null);
        for (int w = 0; w < 5; w++) {
            run.invoke(null, 2_000_000L);
        }
        long iterations = 200_000_000L;
        double[] gflops = new double[5];
        for (int r = 0; r < gflops.length; r++) {
            long t0 = System.nanoTime();
            run.invoke(null, iterations);
            gflops[r] = iterations * CHAINS * lanes * 2.0 / (System.nanoTime() - t0);
        }
        Arrays.sort(gflops);
        System.out.printf("one core, %d float lanes x %d FMA chains: %.1f GFLOP/s (median of 5; min %.1f, max %.1f)%n",
                lanes, CHAINS, gflops[2], gflops[0], gflops[4]);
    }
}
