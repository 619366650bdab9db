package com.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.nets.Tiny;
import org.fnnc.network.FloatNetwork;
import org.junit.jupiter.api.Test;

/**
 * The generated Tiny (3 inputs, 4 tanh units, 2 softmax outputs, cross-entropy) runs with nothing but fnnc-api:
 * its forward pass and one SGD step agree with the same math written out here, and it learns a small problem
 * with its own {@code sgdStep}.
 */
class TinyTest {

    private static final float[] X = {0.5f, -1.0f, 0.25f, -0.75f, 0.3f, 1.2f};
    private static final float[] Y = {1, 0};

    @Test
    void theClassPathHoldsFnncApiAndNothingElseOfFnnc() {
        for (String name : new String[] {"org.fnnc.train.Trainer", "org.fnnc.spec.yaml.SpecLoader",
                "org.fnnc.interpreter.Interpreter", "org.fnnc.generator.NetworkClassGenerator",
                "org.snakeyaml.engine.v2.api.Load"}) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name + " is on the class path");
        }
        String api = FloatNetwork.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertTrue(api.matches(".*/fnnc-api-[^/]+\\.jar"), api);
    }

    @Test
    void predictComputesTheForwardPass() {
        Tiny net = new Tiny();
        setParameters(net);
        float[] out = new float[4];
        net.predict(X, 2, out);
        for (int b = 0; b < 2; b++) {
            double[] p = softmax(logits(net, b, hidden(net, b)));
            assertArrayEquals(new float[] {(float) p[0], (float) p[1]}, new float[] {out[2 * b], out[2 * b + 1]},
                    2e-7f);
        }
    }

    @Test
    void sgdStepSubtractsTheMeanGradient() {
        Tiny net = new Tiny();
        setParameters(net);
        double lr = 0.5;
        // Backpropagation by hand, in double: dL/dz2 = softmax - onehot, dL/dz1 = (1 - a1^2) * W2^T dL/dz2.
        double[] expected = net.parameters().toArray(); // layers.0.weight [4][3], layers.0.bias, layers.1.weight [2][4], layers.1.bias
        double loss = 0;
        for (int b = 0; b < 2; b++) {
            double[] a1 = hidden(net, b);
            double[] p = softmax(logits(net, b, a1));
            int y = (int) Y[b];
            loss -= Math.log(p[y]) / 2;
            double[] d2 = {p[0] - (y == 0 ? 1 : 0), p[1] - (y == 1 ? 1 : 0)};
            for (int j = 0; j < 4; j++) {
                double s = 0;
                for (int k = 0; k < 2; k++) {
                    s += net.parameters().getWeight(1, k, j) * d2[k];
                    expected[16 + k * 4 + j] -= lr * d2[k] * a1[j] / 2;
                }
                double d1 = (1 - a1[j] * a1[j]) * s;
                for (int i = 0; i < 3; i++) {
                    expected[j * 3 + i] -= lr * d1 * X[3 * b + i] / 2;
                }
                expected[12 + j] -= lr * d1 / 2;
            }
            for (int k = 0; k < 2; k++) {
                expected[24 + k] -= lr * d2[k] / 2;
            }
        }
        float reported = net.sgdStep(X, Y, 2, lr);
        assertEquals(loss, reported, 1e-6);
        double[] actual = net.parameters().toArray();
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-6, "parameter " + k);
        }
    }

    @Test
    void itLearnsWithItsOwnSgdStep() {
        Tiny net = new Tiny();
        float before = net.loss(X, Y, 2);
        for (int step = 0; step < 200; step++) {
            net.sgdStep(X, Y, 2, 0.3);
        }
        float after = net.loss(X, Y, 2);
        assertTrue(after < before / 10, "loss " + before + " -> " + after);
    }

    /** Parameters with no pattern the generated code could exploit by accident. */
    private static void setParameters(Tiny net) {
        for (int k = 0; k < net.parameters().size(); k++) {
            net.parameters().set(k, Math.sin(1.7 * k + 0.3) * 0.8);
        }
    }

    private static double[] hidden(Tiny net, int b) {
        double[] a = new double[4];
        for (int j = 0; j < 4; j++) {
            double z = net.parameters().getBias(0, j);
            for (int i = 0; i < 3; i++) {
                z += net.parameters().getWeight(0, j, i) * X[3 * b + i];
            }
            a[j] = Math.tanh(z);
        }
        return a;
    }

    private static double[] logits(Tiny net, int b, double[] a1) {
        double[] z = new double[2];
        for (int k = 0; k < 2; k++) {
            z[k] = net.parameters().getBias(1, k);
            for (int j = 0; j < 4; j++) {
                z[k] += net.parameters().getWeight(1, k, j) * a1[j];
            }
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double m = Math.max(z[0], z[1]);
        double e0 = Math.exp(z[0] - m);
        double e1 = Math.exp(z[1] - m);
        return new double[] {e0 / (e0 + e1), e1 / (e0 + e1)};
    }
}
