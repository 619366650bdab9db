package org.fnnc.interpreter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Networks;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.testsupport.Fixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Batch gradients are means of per-sample gradients; accumulateGradients adds sums, gradientSum sets them. */
class BatchConventionsTest {

    private static final int BATCH = 5;
    private final NetworkSpec spec = Fixtures.spec(4, new int[] {6, 3}, Activation.SIGMOID, Activation.SOFTMAX,
            Loss.CROSS_ENTROPY, Precision.DOUBLE, 5);
    private final DoubleNetwork net = Interpreter.createDouble(spec);
    private final double[] x;
    private final double[] t;

    BatchConventionsTest() {
        Fixtures.randomBiases(net.parameters(), 6);
        SplitMix64 rng = new SplitMix64(7);
        x = Fixtures.inputs(spec, net.parameters(), BATCH, rng);
        t = Fixtures.targets(spec, BATCH, rng);
    }

    private double[] sample(double[] v, int b, int width) {
        return Arrays.copyOfRange(v, b * width, (b + 1) * width);
    }

    @Test
    void batchGradientIsTheMeanOfSampleGradients() {
        int n = net.parameters().size();
        double[] sum = new double[n];
        double lossSum = 0;
        for (int b = 0; b < BATCH; b++) {
            lossSum += net.lossAndGradients(sample(x, b, 4), sample(t, b, 1), 1);
            for (int k = 0; k < n; k++) {
                sum[k] += net.gradients().get(k);
            }
        }
        double meanLoss = net.lossAndGradients(x, t, BATCH);
        assertEquals(lossSum / BATCH, meanLoss, 1e-15);
        assertEquals(meanLoss, net.loss(x, t, BATCH), 0.0);
        double[] g = net.gradients().toArray();
        for (int k = 0; k < n; k++) {
            assertEquals(sum[k] / BATCH, g[k], 1e-15, net.parameters().layout().describe(k));
        }
    }

    @Test
    void accumulateGradientsAddsSums() {
        double mean = net.lossAndGradients(x, t, BATCH);
        double[] meanGradient = net.gradients().toArray();
        net.gradients().fill(1.0);
        assertEquals(BATCH * mean, net.accumulateGradients(x, t, BATCH), 1e-14);
        assertEquals(BATCH * mean, net.accumulateGradients(x, t, BATCH), 1e-14);
        double[] g = net.gradients().toArray();
        for (int k = 0; k < g.length; k++) {
            assertEquals(1.0 + 2 * BATCH * meanGradient[k], g[k], 1e-14);
        }
    }

    /**
     * Over stale gradients, gradientSum leaves what accumulating into zeroed ones does (not via lossAndGradients,
     * which calls it).
     */
    @Test
    void gradientSumSetsSums() {
        net.gradients().fill(0.0);
        double sum = net.accumulateGradients(x, t, BATCH);
        double[] summed = net.gradients().toArray();
        net.gradients().fill(1.0);
        assertEquals(sum, net.gradientSum(x, t, BATCH), 0.0);
        assertArrayEquals(summed, net.gradients().toArray(), 0.0);
    }

    @Test
    void batchPredictionIsPerSamplePrediction() {
        double[] out = new double[BATCH * 3];
        net.predict(x, BATCH, out);
        for (int b = 0; b < BATCH; b++) {
            assertArrayEquals(net.predict(sample(x, b, 4)), sample(out, b, 3), 0.0);
        }
    }

    /** Scratch is allocated once: after warm-up, thousands of training calls allocate nothing. */
    @Test
    void hotPathsDoNotAllocate() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "HotSpot allocation counter");
        com.sun.management.ThreadMXBean hotspot = (com.sun.management.ThreadMXBean) bean;
        FloatNetwork f = Interpreter.createFloat(spec.withPrecision(Precision.FLOAT));
        float[] xf = Networks.toFloat(x);
        float[] tf = Networks.toFloat(t);
        float[] out = new float[BATCH * 3];
        for (int i = 0; i < 20_000; i++) {
            f.lossAndGradients(xf, tf, BATCH);
            f.predict(xf, BATCH, out);
            net.lossAndGradients(x, t, BATCH);
        }
        long tid = Thread.currentThread().getId();
        long before = hotspot.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 2_000; i++) {
            f.lossAndGradients(xf, tf, BATCH);
            f.predict(xf, BATCH, out);
            net.lossAndGradients(x, t, BATCH);
        }
        long allocated = hotspot.getThreadAllocatedBytes(tid) - before;
        // A few hundred bytes of slack for the counter call itself; one allocation per call would be >= 48 KB.
        assertEquals(0, allocated, 1024);
    }
}
