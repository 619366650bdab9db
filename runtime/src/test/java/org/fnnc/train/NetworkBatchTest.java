package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Networks.Batch}, the one float/double bridge: whatever fills it (double arrays or a {@link TrainingData})
 * and whatever it runs, it must give exactly what the network's own precision-specific methods give on the same
 * values converted by hand.
 */
class NetworkBatchTest {

    private static final int N = 6;
    private static final NetworkSpec SPEC = NetworkSpec.builder("Bridge").input(3).layer(5, Activation.TANH)
            .layer(4, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();

    private final SplitMix64 rng = new SplitMix64(17);
    private final double[] x = new double[N * 3];
    private final double[] t = new double[N];

    NetworkBatchTest() {
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextDouble() * 2 - 1 + 1e-9; // not float-representable: the float path must round
        }
        for (int b = 0; b < N; b++) {
            t[b] = b % 4;
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void filledFromDoublesItMatchesTheTypedCalls(Precision precision) {
        Network net = Interpreter.create(SPEC.withPrecision(precision));
        Network twin = net.copy();
        Networks.Batch batch = Networks.batch(net, N + 2);
        assertSame(net, batch.network());
        batch.set(x, t, N);

        assertArrayEquals(typedPredict(twin), predicted(batch), 0.0);
        assertEquals(typedLoss(twin), batch.loss(N), 0.0);
        assertEquals(typedLossAndGradients(twin), batch.lossAndGradients(N), 0.0);
        assertArrayEquals(twin.gradients().toArray(), net.gradients().toArray(), 0.0);
        assertArrayEquals(t, targets(batch), 0.0);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void gatheredFromTrainingDataItMatchesFilledFromDoubles(Precision precision) {
        Network net = Interpreter.create(SPEC.withPrecision(precision));
        int[] order = {5, 3, 1, 0, 2, 4};
        double[] xs = new double[N * 3];
        double[] ts = new double[N];
        float[] xf = Networks.toFloat(x);
        for (int b = 0; b < N; b++) {
            for (int i = 0; i < 3; i++) {
                xs[b * 3 + i] = xf[order[b] * 3 + i]; // TrainingData.of holds floats
            }
            ts[b] = t[order[b]];
        }
        Networks.Batch gathered = Networks.batch(net, N);
        gathered.gather(TrainingData.of(xf, Networks.toFloat(t), 3, 1), order, 0, N);
        Networks.Batch set = Networks.batch(net, N);
        set.set(xs, ts, N);
        assertEquals(set.loss(N), gathered.loss(N), 0.0);
        assertArrayEquals(predicted(set), predicted(gathered), 0.0);
        assertArrayEquals(ts, targets(gathered), 0.0);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void sgdStepAndAccumulationMatchTheTypedCalls(Precision precision) {
        Network net = Interpreter.create(SPEC.withPrecision(precision));
        Network twin = net.copy();
        Networks.Batch batch = Networks.batch(net, N);
        batch.set(x, t, N);
        double expected = twin instanceof FloatNetwork f ? f.sgdStep(Networks.toFloat(x), Networks.toFloat(t), N, 0.3)
                : ((DoubleNetwork) twin).sgdStep(x, t, N, 0.3);
        assertEquals(expected, batch.sgdStep(N, 0.3), 0.0);
        assertArrayEquals(twin.parameters().toArray(), net.parameters().toArray(), 0.0);
        net.gradients().fill(0.0);
        twin.gradients().fill(0.0);
        double sum = twin instanceof FloatNetwork f ? f.accumulateGradients(Networks.toFloat(x), Networks.toFloat(t), N)
                : ((DoubleNetwork) twin).accumulateGradients(x, t, N);
        assertEquals(sum, batch.accumulateGradients(N), 0.0);
        assertArrayEquals(twin.gradients().toArray(), net.gradients().toArray(), 0.0);
    }

    @Test
    void badCallsAreRefusedWithTheReason() {
        Network net = Interpreter.create(SPEC);
        Networks.Batch batch = Networks.batch(net, 2);
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> batch.set(x, t, 3));
        assertEquals("3 samples do not fit a batch of 2", tooMany.getMessage());
        IllegalArgumentException shortInput = assertThrows(IllegalArgumentException.class,
                () -> batch.set(new double[5], t, 2));
        assertEquals("input array has 5 values; 2 samples of 3 features need 6", shortInput.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Networks.batch(net, -1));
        Network neither = (Network) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Network.class}, (p, m, a) -> null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Networks.batch(neither, 1));
        assertTrue(e.getMessage().endsWith("implements neither FloatNetwork nor DoubleNetwork"), e.getMessage());
    }

    private static double[] targets(Networks.Batch batch) {
        double[] targets = new double[N];
        batch.targets(targets, N);
        return targets;
    }

    private static double[] predicted(Networks.Batch batch) {
        batch.predict(N);
        double[] out = new double[N * 4];
        batch.outputs(out, N);
        return out;
    }

    private double[] typedPredict(Network net) {
        if (net instanceof FloatNetwork f) {
            float[] out = new float[N * 4];
            f.predict(Networks.toFloat(x), N, out);
            return Networks.toDouble(out);
        }
        double[] out = new double[N * 4];
        ((DoubleNetwork) net).predict(x, N, out);
        return out;
    }

    private double typedLoss(Network net) {
        return net instanceof FloatNetwork f ? f.loss(Networks.toFloat(x), Networks.toFloat(t), N)
                : ((DoubleNetwork) net).loss(x, t, N);
    }

    private double typedLossAndGradients(Network net) {
        return net instanceof FloatNetwork f ? f.lossAndGradients(Networks.toFloat(x), Networks.toFloat(t), N)
                : ((DoubleNetwork) net).lossAndGradients(x, t, N);
    }
}
