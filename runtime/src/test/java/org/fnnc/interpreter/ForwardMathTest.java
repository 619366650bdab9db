package org.fnnc.interpreter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.network.Parameters;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.junit.jupiter.api.Test;

/** The forward math and the fused gradients on cases small enough to work out by hand. */
class ForwardMathTest {

    /** Sets canonical weights {@code w[l][out][in]} and biases {@code b[l][out]}. */
    static void set(Parameters p, double[][][] w, double[][] b) {
        for (int l = 0; l < w.length; l++) {
            for (int o = 0; o < w[l].length; o++) {
                for (int i = 0; i < w[l][o].length; i++) {
                    p.setWeight(l, o, i, w[l][o][i]);
                }
                p.setBias(l, o, b[l][o]);
            }
        }
    }

    /**
     * 2-2-2, relu then softmax, cross-entropy, x = (1, 2), y = 0. By hand:
     * z0 = [[1,-1],[.5,.5]] x + [0,-1] = [-1, .5], a0 = [0, .5];
     * z1 = [[1,2],[-1,0]] a0 + [0,1] = [1, 1], softmax = [.5, .5], loss = ln 2;
     * dz1 = [.5 - 1, .5] = [-.5, .5]; dW1 = dz1 a0^T = [[0,-.25],[0,.25]]; db1 = dz1;
     * W1^T dz1 = [-1, -1], relu'(z0) = [0, 1] so dz0 = [0, -1]; dW0 = dz0 x^T = [[0,0],[-1,-2]]; db0 = dz0.
     */
    @Test
    void reluSoftmaxCrossEntropyByHand() {
        NetworkSpec spec = NetworkSpec.builder("Net").input(2).layer(2, Activation.RELU).layer(2, Activation.SOFTMAX)
                .loss(Loss.CROSS_ENTROPY).precision(Precision.DOUBLE).build();
        DoubleNetwork net = Interpreter.createDouble(spec);
        set(net.parameters(), new double[][][] {{{1, -1}, {0.5, 0.5}}, {{1, 2}, {-1, 0}}},
                new double[][] {{0, -1}, {0, 1}});
        double[] x = {1, 2};

        assertArrayEquals(new double[] {0.5, 0.5}, net.predict(x), 1e-15);
        assertEquals(Math.log(2), net.lossAndGradients(x, new double[] {0}, 1), 1e-15);
        // canonical order: W0 (row-major), b0, W1, b1
        assertArrayEquals(new double[] {0, 0, -1, -2, 0, -1, 0, -0.25, 0, 0.25, -0.5, 0.5},
                net.gradients().toArray(), 1e-15);
    }

    /**
     * 2-2-2, tanh then linear, MSE, x = (.5, -.5), t = (0, 1). By hand:
     * z0 = [[1,1],[1,-1]] x = [0, 1], a0 = [0, tanh 1]; out = [[1,0],[0,2]] a0 + [.5, 0] = [.5, 2 tanh 1];
     * loss = 1/2 (.25 + (2 tanh 1 - 1)^2); dz1 = out - t = [.5, 2 tanh 1 - 1];
     * W1^T dz1 = [.5, 2 (2 tanh 1 - 1)], tanh'(z0) = [1, 1 - tanh^2 1]; db0 = dz0 = their product.
     */
    @Test
    void tanhLinearMseByHand() {
        NetworkSpec spec = NetworkSpec.builder("Net").input(2).layer(2, Activation.TANH).layer(2, Activation.LINEAR)
                .loss(Loss.MSE).precision(Precision.DOUBLE).build();
        DoubleNetwork net = Interpreter.createDouble(spec);
        set(net.parameters(), new double[][][] {{{1, 1}, {1, -1}}, {{1, 0}, {0, 2}}},
                new double[][] {{0, 0}, {0.5, 0}});
        double th = Math.tanh(1);
        double[] x = {0.5, -0.5};

        assertArrayEquals(new double[] {0.5, 2 * th}, net.predict(x), 1e-15);
        double loss = net.lossAndGradients(x, new double[] {0, 1}, 1);
        assertEquals(0.5 * (0.25 + (2 * th - 1) * (2 * th - 1)), loss, 1e-15);
        double[] g = net.gradients().toArray();
        assertArrayEquals(new double[] {0.5, 2 * (2 * th - 1) * (1 - th * th)}, new double[] {g[4], g[5]}, 1e-15);
        assertArrayEquals(new double[] {0.5, 2 * th - 1}, new double[] {g[10], g[11]}, 1e-15);
    }

    /** One leaky_relu layer (alpha 0.25) with MSE: negative and zero pre-activations use slope alpha. */
    @Test
    void leakyReluSlopeAndDerivativeAtZero() {
        NetworkSpec spec = NetworkSpec.builder("Net").input(1).layer(LayerSpec.leakyRelu(3, 0.25))
                .loss(Loss.MSE).precision(Precision.DOUBLE).build();
        DoubleNetwork net = Interpreter.createDouble(spec);
        set(net.parameters(), new double[][][] {{{1}, {1}, {1}}}, new double[][] {{-4, -2, 2}});
        double[] x = {2}; // z = [-2, 0, 4]
        assertArrayEquals(new double[] {-0.5, 0, 4}, net.predict(x), 0.0);
        net.lossAndGradients(x, new double[] {0, 1, 0}, 1);
        // dz = (a - t) f'(z) = [-0.5 * 0.25, (0 - 1) * 0.25 (leaky'(0) = alpha), 4 * 1]
        assertArrayEquals(new double[] {-0.125, -0.25, 4}, new double[] {
            net.gradients().getBias(0, 0), net.gradients().getBias(0, 1), net.gradients().getBias(0, 2)}, 0.0);
    }

    /** relu'(0) = 0: a unit sitting exactly at z = 0 passes no gradient. */
    @Test
    void reluDerivativeAtZeroIsZero() {
        NetworkSpec spec = NetworkSpec.builder("Net").input(1).layer(1, Activation.RELU)
                .loss(Loss.MSE).precision(Precision.DOUBLE).build();
        DoubleNetwork net = Interpreter.createDouble(spec);
        set(net.parameters(), new double[][][] {{{1}}}, new double[][] {{-3}});
        net.lossAndGradients(new double[] {3}, new double[] {1}, 1);
        assertArrayEquals(new double[] {0, 0}, net.gradients().toArray(), 0.0);
    }

    private static DoubleNetwork oneLayer(int in, int out, Activation f, Loss loss, long seed) {
        NetworkSpec spec = NetworkSpec.builder("Net").input(in).layer(out, f).loss(loss).precision(Precision.DOUBLE)
                .seed(seed).build();
        DoubleNetwork net = Interpreter.createDouble(spec);
        SplitMix64 rng = new SplitMix64(seed);
        for (int o = 0; o < out; o++) {
            net.parameters().setBias(0, o, rng.nextUniform(1.0));
        }
        return net;
    }

    /** z = W x + b computed here, independently of the interpreter. */
    private static double[] logits(Network net, double[] x) {
        Parameters p = net.parameters();
        double[] z = new double[net.outputSize()];
        for (int o = 0; o < z.length; o++) {
            z[o] = p.getBias(0, o);
            for (int i = 0; i < x.length; i++) {
                z[o] += p.getWeight(0, o, i) * x[i];
            }
        }
        return z;
    }

    @Test
    void softmaxRowsSumToOneAndCrossEntropyIsTheNaiveFormula() {
        SplitMix64 rng = new SplitMix64(8);
        for (int trial = 0; trial < 20; trial++) {
            DoubleNetwork net = oneLayer(5, 4, Activation.SOFTMAX, Loss.CROSS_ENTROPY, trial);
            double[] x = new double[5];
            for (int i = 0; i < 5; i++) {
                x[i] = rng.nextUniform(3.0);
            }
            double[] z = logits(net, x);
            double sumExp = 0;
            for (double v : z) {
                sumExp += Math.exp(v);
            }
            double[] a = net.predict(x);
            double sum = 0;
            for (int j = 0; j < a.length; j++) {
                assertEquals(Math.exp(z[j]) / sumExp, a[j], 1e-14);
                sum += a[j];
            }
            assertEquals(1.0, sum, 1e-15);
            int y = trial % 4;
            assertEquals(-Math.log(Math.exp(z[y]) / sumExp), net.loss(x, new double[] {y}, 1), 1e-13);
        }
    }

    @Test
    void binaryCrossEntropyAndMseAreTheNaiveFormulas() {
        SplitMix64 rng = new SplitMix64(9);
        for (int trial = 0; trial < 20; trial++) {
            DoubleNetwork bce = oneLayer(3, 2, Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY, trial);
            DoubleNetwork mse = oneLayer(3, 2, Activation.SIGMOID, Loss.MSE, trial);
            double[] x = {rng.nextUniform(2), rng.nextUniform(2), rng.nextUniform(2)};
            double[] t = {rng.nextDouble(), trial % 2};
            double[] z = logits(bce, x);
            double naiveBce = 0;
            double naiveMse = 0;
            for (int j = 0; j < 2; j++) {
                double s = 1 / (1 + Math.exp(-z[j]));
                naiveBce -= t[j] * Math.log(s) + (1 - t[j]) * Math.log(1 - s);
                naiveMse += 0.5 * (s - t[j]) * (s - t[j]);
            }
            assertEquals(naiveBce, bce.loss(x, t, 1), 1e-13);
            assertEquals(naiveMse, mse.loss(x, t, 1), 1e-15);
        }
    }

    @Test
    void createReturnsTheSpecsPrecision() {
        NetworkSpec spec = NetworkSpec.builder("Net").input(2).layer(2, Activation.SOFTMAX).build();
        assertInstanceOf(FloatNetwork.class, Interpreter.create(spec));
        assertInstanceOf(DoubleNetwork.class, Interpreter.create(spec.withPrecision(Precision.DOUBLE)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Interpreter.createDouble(spec));
        assertEquals("Net has precision float, not double (use spec.withPrecision(Precision.DOUBLE) or "
                + "Interpreter.create)", e.getMessage());
    }

    @Test
    void copyIsDeep() {
        NetworkSpec spec = NetworkSpec.builder("Net").input(3).layer(4, Activation.TANH).layer(2, Activation.SOFTMAX)
                .build();
        FloatNetwork net = Interpreter.createFloat(spec);
        FloatNetwork copy = net.copy();
        assertNotSame(net.parameters(), copy.parameters());
        double[] x = {0.1, -0.7, 0.4};
        assertArrayEquals(net.predict(x), copy.predict(x), 0.0);
        copy.parameters().setWeight(0, 1, 2, 5.0);
        assertTrue(net.parameters().getWeight(0, 1, 2) != 5.0);
        assertTrue(net.predict(x)[0] != copy.predict(x)[0]);
    }
}
