package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fnnc.Fnnc;
import org.fnnc.data.Dataset;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Precision;
import org.fnnc.train.Trainer;
import org.junit.jupiter.api.Test;

/** Generated networks share parameters across threads correctly, and data-parallel training over them is deterministic. */
class DataParallelGeneratedTest {

    static final NetworkSpec SPEC = TestNetworks.spec("ParallelProbe", 20, new int[] {24}, Activation.RELU, 4,
            Loss.CROSS_ENTROPY, null);

    @Test
    void sharingParametersSharesTheArraysButNotGradientsOrScratch() {
        FloatNetwork a = (FloatNetwork) Fnnc.compile(SPEC);
        FloatNetwork b = (FloatNetwork) a.sharingParameters();
        assertSame(a.parameters(), b.parameters());
        assertNotSame(a.gradients(), b.gradients());
        float[] x = Networks.toFloat(TestNetworks.randomInputs(3 * 20, 4));
        float[] t = {0, 1, 3};
        b.accumulateGradients(x, t, 3);
        assertEquals(0.0, maxAbs(a.gradients().toArray()), "the original's gradients are untouched");
        float[] outA = new float[12];
        float[] outB = new float[12];
        a.predict(x, 3, outA);
        a.parameters().set(0, a.parameters().get(0) + 0.5);
        b.predict(x, 3, outB);
        assertTrue(!java.util.Arrays.equals(outA, outB), "a parameter written through one is used by the other");
    }

    static double[] train(Precision p, int threads) {
        NetworkSpec spec = SPEC.withPrecision(p);
        Network net = Fnnc.compile(spec);
        double[] xs = TestNetworks.randomInputs(301 * 20, 11);
        float[] x = Networks.toFloat(xs);
        float[] y = new float[301];
        for (int k = 0; k < y.length; k++) {
            y[k] = (float) Math.floor(Math.abs(xs[k * 20]) * 4 * 0.999);
        }
        Dataset data = Dataset.classification("probe", x, 20, y, 4, List.of());
        Trainer.builder(spec.training()).optimizer(OptimizerKind.SGD).learningRate(0.05).batchSize(37).epochs(2)
                .seed(3).threads(threads).build().fit(net, data, null);
        return net.parameters().toArray();
    }

    /**
     * Float tolerance: the shards change only the order of the per-sample gradient sums (float rounding,
     * 6e-8 relative per addition, over 37-sample batches and 18 steps): 1e-4 of the parameter scale.
     */
    @Test
    void twoThreadsAreDeterministicAndMatchOneThreadUpToRounding() {
        for (Precision p : Precision.values()) {
            double[] two = train(p, 2);
            assertArrayEquals(two, train(p, 2), p + ": same seed and threads, bit-identical");
            double[] one = train(p, 1);
            double scale = maxAbs(one);
            double tol = p == Precision.FLOAT ? 1e-4 : 1e-10;
            for (int k = 0; k < one.length; k++) {
                assertEquals(one[k], two[k], tol * scale, p + " parameter " + k);
            }
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }
}
