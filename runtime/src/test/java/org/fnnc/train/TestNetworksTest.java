package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.fnnc.network.DoubleNetwork;
import org.junit.jupiter.api.Test;

/** The test doubles' hand-written gradients agree with central finite differences of their losses. */
class TestNetworksTest {

    @Test
    void softmaxGradientMatchesFiniteDifferences() {
        SoftmaxRegression net = new SoftmaxRegression(3, 4);
        Fixtures.randomize(net.parameters(), 1, 0.5);
        Random r = new Random(2);
        int batch = 5;
        float[] x = new float[batch * 3];
        float[] t = new float[batch];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (2 * r.nextDouble() - 1);
        }
        for (int b = 0; b < batch; b++) {
            t[b] = r.nextInt(4);
        }
        net.lossAndGradients(x, t, batch);
        double[] g = net.gradients().toArray();
        for (int k = 0; k < g.length; k++) {
            double v = net.parameters().get(k);
            net.parameters().set(k, v + 1e-2);
            double up = net.loss(x, t, batch);
            double hi = net.parameters().get(k);
            net.parameters().set(k, v - 1e-2);
            double down = net.loss(x, t, batch);
            double lo = net.parameters().get(k);
            net.parameters().set(k, v);
            // float loss: rounding ~1e-7 / 2e-2 = 5e-6, truncation ~h^2 = 1e-4 times a bounded third derivative
            assertEquals((up - down) / (hi - lo), g[k], 1e-3, "gradient " + k);
        }
    }

    @Test
    void linearAndLogisticGradientsMatchFiniteDifferences() {
        check(DenseDouble.linear(3, 2), false);
        check(DenseDouble.logistic(3, 2), true);
    }

    private static void check(DoubleNetwork net, boolean probabilities) {
        Fixtures.randomize(net.parameters(), 3, 0.5);
        Random r = new Random(4);
        int batch = 4;
        double[] x = new double[batch * 3];
        double[] t = new double[batch * 2];
        for (int k = 0; k < x.length; k++) {
            x[k] = 2 * r.nextDouble() - 1;
        }
        for (int k = 0; k < t.length; k++) {
            t[k] = probabilities ? r.nextInt(2) : 3 * r.nextDouble();
        }
        net.lossAndGradients(x, t, batch);
        double[] g = net.gradients().toArray();
        double h = 1e-6;
        for (int k = 0; k < g.length; k++) {
            double v = net.parameters().get(k);
            net.parameters().set(k, v + h);
            double up = net.loss(x, t, batch);
            net.parameters().set(k, v - h);
            double down = net.loss(x, t, batch);
            net.parameters().set(k, v);
            // double: rounding ~1e-16 / 2e-6 = 1e-10, truncation ~h^2 = 1e-12
            assertEquals((up - down) / (2 * h), g[k], 1e-8, "gradient " + k);
        }
    }
}
