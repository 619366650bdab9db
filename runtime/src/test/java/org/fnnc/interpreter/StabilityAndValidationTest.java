package org.fnnc.interpreter;

import static org.fnnc.interpreter.ForwardMathTest.set;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Extreme logits give finite losses and gradients with the right limits; bad targets give clear errors. */
class StabilityAndValidationTest {

    /** One layer from 1 input, weights {@code w} and zero bias, so that x = 1 gives logits z = w. */
    private static DoubleNetwork logitsNet(Activation f, Loss loss, double... w) {
        NetworkSpec spec = NetworkSpec.builder("Net").input(1).layer(w.length, f).loss(loss)
                .precision(Precision.DOUBLE).build();
        DoubleNetwork net = Interpreter.createDouble(spec);
        double[][][] weights = new double[1][w.length][1];
        for (int j = 0; j < w.length; j++) {
            weights[0][j][0] = w[j];
        }
        set(net.parameters(), weights, new double[1][w.length]);
        return net;
    }

    /**
     * z = (1000, -1000): the naive exp overflows. Limits: for the likely class the loss is log(1 + e^-2000)
     * = 0 and dL/dz = (0, 0); for the other class the loss is 2000 and dL/dz = softmax - onehot = (1, -1).
     */
    @Test
    void softmaxCrossEntropyWithHugeLogits() {
        DoubleNetwork net = logitsNet(Activation.SOFTMAX, Loss.CROSS_ENTROPY, 1000, -1000);
        double[] x = {1};
        assertArrayEquals(new double[] {1, 0}, net.predict(x), 0.0);
        assertEquals(0.0, net.lossAndGradients(x, new double[] {0}, 1), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, net.gradients().toArray(), 0.0);
        assertEquals(2000.0, net.lossAndGradients(x, new double[] {1}, 1), 0.0);
        // canonical: W[0][0], W[1][0], b[0], b[1]; dW = dz * x with x = 1
        assertArrayEquals(new double[] {1, -1, 1, -1}, net.gradients().toArray(), 0.0);
        assertFalse(net.gradients().hasNonFinite());
    }

    /**
     * Saturated sigmoid, z = (1000, -1000): log(sigmoid(-1000)) underflows naively. From the logit:
     * t = (0, 1) gives loss 1000 + 1000 and dL/dz = sigmoid(z) - t = (1, -1); t = (1, 0) gives 0 and (0, 0).
     */
    @Test
    void saturatedSigmoidBinaryCrossEntropy() {
        DoubleNetwork net = logitsNet(Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY, 1000, -1000);
        double[] x = {1};
        assertEquals(2000.0, net.lossAndGradients(x, new double[] {0, 1}, 1), 0.0);
        assertArrayEquals(new double[] {1, -1, 1, -1}, net.gradients().toArray(), 0.0);
        assertEquals(0.0, net.lossAndGradients(x, new double[] {1, 0}, 1), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, net.gradients().toArray(), 0.0);
        // a soft target at saturation: loss = 1000 * (1 - t) for z = 1000, t = 0.25 -> 750
        DoubleNetwork one = logitsNet(Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY, 1000);
        assertEquals(750.0, one.lossAndGradients(x, new double[] {0.25}, 1), 0.0);
        assertArrayEquals(new double[] {0.75, 0.75}, one.gradients().toArray(), 0.0);
    }

    @Test
    void saturatedSigmoidMseIsFiniteWithVanishingGradient() {
        DoubleNetwork net = logitsNet(Activation.SIGMOID, Loss.MSE, 1000, -1000);
        assertEquals(0.5 * (1 + 1), net.lossAndGradients(new double[] {1}, new double[] {0, 1}, 1), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, net.gradients().toArray(), 0.0);
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void crossEntropyTargetsMustBeClassIndices() {
        DoubleNetwork net = logitsNet(Activation.SOFTMAX, Loss.CROSS_ENTROPY, 1, 2, 3);
        double[] x = {1, 1};
        assertMessage("target of sample 1 is 1.5, not a class index in [0, 3) (cross_entropy targets are class "
                + "indices)", () -> net.loss(x, new double[] {0, 1.5}, 2));
        assertMessage("target of sample 0 is 3.0, not a class index in [0, 3) (cross_entropy targets are class "
                + "indices)", () -> net.lossAndGradients(x, new double[] {3, 0}, 2));
        assertMessage("target of sample 1 is -1.0, not a class index in [0, 3) (cross_entropy targets are class "
                + "indices)", () -> net.accumulateGradients(x, new double[] {2, -1}, 2));
        assertMessage("target of sample 0 is NaN, not a class index in [0, 3) (cross_entropy targets are class "
                + "indices)", () -> net.loss(x, new double[] {Double.NaN}, 1));
    }

    /** Targets are checked before any sample is processed: a bad last sample leaves the gradients untouched. */
    @Test
    void badTargetAddsNoGradient() {
        DoubleNetwork net = logitsNet(Activation.SOFTMAX, Loss.CROSS_ENTROPY, 1, 2, 3);
        net.gradients().fill(0.0);
        assertThrows(IllegalArgumentException.class, () -> net.accumulateGradients(new double[] {1, 1},
                new double[] {0, 7}, 2));
        assertArrayEquals(new double[net.parameters().size()], net.gradients().toArray(), 0.0);
    }

    @Test
    void binaryAndMseTargetsMustBeValid() {
        DoubleNetwork bce = logitsNet(Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY, 1, 2);
        assertMessage("target 1 of sample 0 is NaN, not a probability in [0, 1] (binary_cross_entropy targets are "
                + "0/1 labels or probabilities)", () -> bce.loss(new double[] {1}, new double[] {0, Double.NaN}, 1));
        assertMessage("target 0 of sample 1 is 1.5, not a probability in [0, 1] (binary_cross_entropy targets are "
                + "0/1 labels or probabilities)", () -> bce.loss(new double[] {1, 1}, new double[] {0, 1, 1.5, 0}, 2));
        DoubleNetwork mse = logitsNet(Activation.LINEAR, Loss.MSE, 1, 2);
        assertMessage("target 1 of sample 0 is Infinity, not a finite number (mse targets must be finite)",
                () -> mse.loss(new double[] {1}, new double[] {0, Double.POSITIVE_INFINITY}, 1));
    }

    @Test
    void arrayLengthsAreChecked() {
        NetworkSpec spec = NetworkSpec.builder("Net").input(2).layer(3, Activation.SOFTMAX).build();
        FloatNetwork net = Interpreter.createFloat(spec);
        assertMessage("input array has 3 values; 2 samples of 2 features need 4",
                () -> net.loss(new float[3], new float[2], 2));
        assertMessage("target array has 1 values; 2 samples of 1 targets need 2",
                () -> net.accumulateGradients(new float[4], new float[1], 2));
        assertMessage("output array has 5 values; 2 samples of 3 outputs need 6",
                () -> net.predict(new float[4], 2, new float[5]));
        assertMessage("batch must not be negative: -1", () -> net.predict(new float[4], -1, new float[6]));
    }
}
