package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fnnc.Fnnc;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.junit.jupiter.api.Test;

/**
 * The run-time compiler's cache under contention: {@value #THREADS} threads start together and each compiles
 * the same and different specs (each thread building its own, equal spec objects) and trains its own network.
 * Bounded by timeouts, so a deadlock fails rather than hangs; every spec must end up as one class, and every
 * thread's network must compute what a network built alone computes.
 */
class CompileCacheStressTest {

    static final int THREADS = 16;
    static final int ROUNDS = 12;
    static final int SPECS = 5;

    /** Spec {@code k}; fresh objects per call, equal (same hash) for the same k. Names are unique to this test. */
    static NetworkSpec spec(int k) {
        return NetworkSpec.builder("Stress" + k).packageName("org.fnnc.test.stress").input(3 + k)
                .layer(4 + k, k % 2 == 0 ? Activation.TANH : Activation.RELU).layer(2, Activation.SOFTMAX)
                .loss(Loss.CROSS_ENTROPY).precision(k % 3 == 0 ? Precision.FLOAT : Precision.DOUBLE).build();
    }

    @Test
    void manyThreadsCompilingTheSameAndDifferentSpecsGetOneClassPerSpec() throws Exception {
        Map<String, Set<Class<?>>> classes = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    int trained = 0;
                    for (int r = 0; r < ROUNDS; r++) {
                        int k = (thread + r) % SPECS;
                        NetworkSpec spec = spec(k);
                        Network net = Fnnc.compile(spec);
                        classes.computeIfAbsent(spec.hash(), h -> ConcurrentHashMap.newKeySet()).add(net.getClass());
                        trained += train(net, thread * 1000L + r);
                    }
                    return trained;
                }));
            }
            int steps = 0;
            for (Future<Integer> f : results) {
                steps += f.get(120, TimeUnit.SECONDS); // a deadlock fails here instead of hanging the build
            }
            assertEquals(THREADS * ROUNDS * 5, steps);
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "worker threads did not stop");
        }
        assertEquals(SPECS, classes.size());
        for (int k = 0; k < SPECS; k++) {
            Set<Class<?>> forSpec = classes.get(spec(k).hash());
            assertEquals(1, forSpec.size(), "spec " + k + " compiled to " + forSpec);
            assertSame(Fnnc.compile(spec(k)).getClass(), forSpec.iterator().next());
        }
    }

    /**
     * Five plain gradient steps on this thread's own network; the result must equal the same steps on a network
     * made and trained by this thread alone afterwards (so no state leaked between threads).
     */
    private static int train(Network net, long seed) {
        NetworkSpec spec = net.spec();
        int batch = 4;
        double[] x = TestNetworks.randomInputs(batch * spec.input(), seed);
        double[] t = TestNetworks.randomTargets(spec, batch, seed + 1);
        Network alone = net.copy();
        for (int step = 0; step < 5; step++) {
            sgdStep(net, x, t, batch);
        }
        for (int step = 0; step < 5; step++) {
            sgdStep(alone, x, t, batch);
        }
        assertEquals(alone.parameters().toArray().length, net.parameters().toArray().length);
        double[] a = alone.parameters().toArray();
        double[] b = net.parameters().toArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 0.0, "parameter " + i);
        }
        return 5;
    }

    private static void sgdStep(Network net, double[] x, double[] t, int batch) {
        double loss = Networks.lossAndGradients(net, x, t, batch);
        assertTrue(Double.isFinite(loss));
        double[] p = net.parameters().toArray();
        double[] g = net.gradients().toArray();
        for (int i = 0; i < p.length; i++) {
            p[i] -= 0.1 * g[i];
        }
        net.parameters().copyFrom(p);
    }
}
