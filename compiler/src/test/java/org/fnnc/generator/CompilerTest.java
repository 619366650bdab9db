package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fnnc.Fnnc;
import org.fnnc.compiler.JaninoNetworkCompiler;
import org.fnnc.compiler.NetworkCompilationException;
import org.fnnc.network.Network;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

class CompilerTest {

    private static NetworkSpec iris() {
        return TestNetworks.spec("CacheIris", 4, new int[] {16}, Activation.RELU, 3, Loss.CROSS_ENTROPY, null);
    }

    @Test
    void compiledNetworkReportsItsSourceAndSpec() throws Exception {
        NetworkSpec spec = iris();
        Network net = Fnnc.compile(spec);
        assertEquals(Fnnc.source(spec), net.source().orElseThrow());
        assertEquals(spec, net.spec());
        // The class rebuilds its own spec in code (no spec file needed at run time): it equals the original.
        Network standalone = net.getClass().getConstructor().newInstance();
        assertEquals(spec, standalone.spec());
        assertEquals(spec.hash(), standalone.spec().hash());
        assertFalse(standalone.source().isPresent());
    }

    @Test
    void classSpellsNonDefaultTrainingSettingsByNameAndRebuildsThemExactly() throws Exception {
        // Every setting differs from TrainingSpec.DEFAULT, including a long seed and a value like 1e-9.
        TrainingSpec training = TrainingSpec.builder().optimizer(OptimizerKind.NESTEROV).learningRate(0.0125)
                .batchSize(7).epochs(3).momentum(0.5).beta1(0.85).beta2(0.99).epsilon(1e-9).weightDecay(1e-4)
                .schedule(Schedule.STEP).stepSize(2).gamma(0.25).minLearningRate(0.001).seed(1L << 40).patience(4)
                .build();
        for (TrainingSpec t : List.of(training, TrainingSpec.builder().epochs(9).build(), TrainingSpec.DEFAULT)) {
            NetworkSpec spec = TestNetworks.spec("TrainingByName", 3, new int[] {4}, Activation.TANH, 2,
                    Loss.CROSS_ENTROPY, null).withTraining(t);
            Network net = Fnnc.compile(spec);
            String source = net.source().orElseThrow();
            assertFalse(source.contains("new TrainingSpec("), "no positional constructor call");
            assertEquals(t.equals(TrainingSpec.DEFAULT), !source.contains(".training("), source);
            Network standalone = net.getClass().getConstructor().newInstance();
            assertEquals(t, standalone.spec().training());
            assertEquals(spec.hash(), standalone.spec().hash());
        }
        String source = Fnnc.source(TestNetworks.spec("TrainingByName", 3, new int[] {4}, Activation.TANH, 2,
                Loss.CROSS_ENTROPY, null).withTraining(TrainingSpec.builder().epochs(9).build()));
        assertTrue(source.contains(".training(TrainingSpec.builder()\n") && source.contains(".epochs(9)\n"), source);
        assertFalse(source.contains(".learningRate("), "the default learning rate is not spelled out");
    }

    @Test
    void generatedClassRejectsAForeignSpec() {
        Network net = Fnnc.compile(iris());
        NetworkSpec other = TestNetworks.spec("CacheIris", 4, new int[] {17}, Activation.RELU, 3, Loss.CROSS_ENTROPY, null);
        Throwable thrown = assertThrows(java.lang.reflect.InvocationTargetException.class,
                () -> net.getClass().getConstructor(NetworkSpec.class, String.class).newInstance(other, null)).getCause();
        assertTrue(thrown instanceof IllegalArgumentException && thrown.getMessage().contains("4-17:relu"), thrown.getMessage());
    }

    @Test
    void brokenGeneratedSourceIsAnInternalErrorWithTheLine() {
        NetworkSpec spec = iris();
        GeneratedSource good = NetworkClassGenerator.generate(spec);
        String broken = good.text().replace("return spec;", "return spec");
        NetworkCompilationException e = assertThrows(NetworkCompilationException.class,
                () -> JaninoNetworkCompiler.compile(new GeneratedSource(spec, good.qualifiedName(), broken, good.plan())));
        assertTrue(e.getMessage().startsWith("internal error: fnnc generated Java that does not compile for spec "
                + "org.fnnc.test.CacheIris"), e.getMessage());
        int line = broken.substring(0, broken.indexOf("return spec\n")).split("\n", -1).length;
        assertTrue(e.getMessage().contains("org/fnnc/test/CacheIris.java:" + line + ":")
                || e.getMessage().contains("org/fnnc/test/CacheIris.java:" + (line + 1) + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("> "), "quotes the offending line: " + e.getMessage());
    }

    @Test
    void cacheCompilesEachSpecOnceUnderContention() throws Exception {
        int threads = 8;
        List<NetworkSpec> specs = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            specs.add(TestNetworks.spec("Contended" + k, 3 + k, new int[] {5}, Activation.TANH, 2, Loss.CROSS_ENTROPY, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<Class<?>> classes = ConcurrentHashMap.newKeySet();
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < threads * 4; i++) {
            NetworkSpec spec = specs.get(i % specs.size());
            results.add(pool.submit(() -> {
                start.await();
                Network net = Fnnc.compile(spec);
                classes.add(net.getClass());
                assertEquals(spec, net.spec());
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : results) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(specs.size(), classes.size(), "one class per spec, however many threads asked");
        assertSame(Fnnc.compiledClass(specs.get(0)), Fnnc.compiledClass(specs.get(0)));
    }

    @Test
    void copyIsIndependent() {
        Network a = Fnnc.compile(iris());
        Network b = a.copy();
        assertEquals(a.parameters().get(5), b.parameters().get(5));
        b.parameters().set(5, 42.0);
        assertFalse(a.parameters().get(5) == 42.0);
    }
}
