package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Optimizer;
import org.fnnc.spec.Precision;
import org.fnnc.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

/** {@code Trainer.Builder.threads}: data-parallel gradients, deterministic per thread count. */
class DataParallelTrainingTest {

    static NetworkSpec spec(Precision p) {
        return NetworkSpec.builder("Par").input(2).layer(LayerSpec.of(8, Activation.TANH))
                .layer(LayerSpec.of(3, Activation.SOFTMAX)).loss(Loss.CROSS_ENTROPY).precision(p).build();
    }

    static double[] train(Precision p, int threads, int batch) {
        Network net = Interpreter.create(spec(p));
        Trainer.builder(TrainingSpec.DEFAULT).optimizer(Optimizer.MOMENTUM).learningRate(0.05).batchSize(batch)
                .epochs(3).seed(5).threads(threads).build().fit(net, Fixtures.threeClasses(203, 1), null);
        return net.parameters().toArray();
    }

    @Test
    void sameSeedAndThreadCountGiveBitIdenticalParameters() {
        for (Precision p : Precision.values()) {
            for (int threads : new int[] {2, 3}) {
                assertArrayEquals(train(p, threads, 16), train(p, threads, 16), p + ", " + threads + " threads");
            }
        }
    }

    /**
     * Shards only change the order in which per-sample gradients are summed. In double the difference is
     * rounding (~1e-16 per operation, a few thousand operations over 3 epochs: 1e-10 is ample); float
     * parameters round each update to 6e-8 of their size, and three epochs of momentum amplify that a little.
     */
    @Test
    void anyThreadCountMatchesOneThreadUpToRounding() {
        double[] one = train(Precision.DOUBLE, 1, 16);
        double[] oneFloat = train(Precision.FLOAT, 1, 16);
        for (int threads : new int[] {2, 3, 4}) {
            assertClose(one, train(Precision.DOUBLE, threads, 16), 1e-10);
            assertClose(oneFloat, train(Precision.FLOAT, threads, 16), 1e-4);
        }
        // More threads than samples in the last batch (203 = 12 * 16 + 11; batch 2 with 3 threads: empty shards).
        assertClose(train(Precision.DOUBLE, 1, 2), train(Precision.DOUBLE, 3, 2), 1e-10);
    }

    @Test
    void trainingActuallyHappensOnEveryShard() {
        double[] start = Interpreter.create(spec(Precision.DOUBLE)).parameters().toArray();
        double[] trained = train(Precision.DOUBLE, 2, 16);
        double moved = 0;
        for (int k = 0; k < start.length; k++) {
            moved = Math.max(moved, Math.abs(start[k] - trained[k]));
        }
        assertTrue(moved > 1e-3, "parameters moved by " + moved);
    }

    @Test
    void interpreterSharesParametersButNotGradients() {
        FloatNetwork a = Interpreter.createFloat(spec(Precision.FLOAT));
        Network b = a.sharingParameters();
        assertSame(a.parameters(), b.parameters());
        assertNotSame(a.gradients(), b.gradients());
        float[] x = {1, 2};
        float[] t = {1};
        ((FloatNetwork) b).accumulateGradients(x, t, 1);
        assertEquals(0.0, maxAbs(a.gradients().toArray()));
        assertTrue(maxAbs(b.gradients().toArray()) > 0);
    }

    @Test
    void badThreadCountsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.builder(TrainingSpec.DEFAULT).threads(0));
        assertTrue(e.getMessage().contains("threads must be a positive number: 0"), e.getMessage());
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                () -> Trainer.builder(TrainingSpec.DEFAULT).threads(2).build()
                        .fit(new SoftmaxRegression(2, 3), Fixtures.threeClasses(10, 1), null));
        assertTrue(u.getMessage().contains("sharingParameters") && u.getMessage().contains("threads = 1"), u.getMessage());
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    private static void assertClose(double[] expected, double[] actual, double tol) {
        double scale = maxAbs(expected);
        for (int k = 0; k < expected.length; k++) {
            double err = Math.abs(expected[k] - actual[k]) / scale;
            int index = k;
            assertTrue(err <= tol, () -> "parameter " + index + ": " + expected[index] + " vs " + actual[index]);
        }
    }
}
