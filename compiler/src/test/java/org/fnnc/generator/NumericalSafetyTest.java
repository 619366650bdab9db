package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.fnnc.Fnnc;
import org.fnnc.data.Dataset;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingDivergedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Extreme inputs, through the reference interpreter and the generated class, in both precisions: huge logits,
 * saturated sigmoids, all-zero inputs must give finite losses, outputs and gradients (finite inputs and
 * parameters never give a silent NaN), and an exploding learning rate must stop training with a
 * {@link TrainingDivergedException} naming the epoch, step and layer.
 */
class NumericalSafetyTest {

    /** Which implementation: the interpreter or the compiled class. */
    enum Impl {
        INTERPRETER, GENERATED;

        Network create(NetworkSpec spec) {
            return this == INTERPRETER ? Interpreter.create(spec) : Fnnc.compile(spec);
        }
    }

    static Stream<Arguments> implementations() {
        return Stream.of(Impl.values()).flatMap(i -> Stream.of(Precision.values()).map(p -> Arguments.of(i, p)));
    }

    private static NetworkSpec oneLayer(String name, Precision p, int outputs, Activation act, Loss loss) {
        return NetworkSpec.builder(name + p.name()).packageName("org.fnnc.test.numeric").input(2)
                .layer(outputs, act).loss(loss).precision(p).build();
    }

    /** Zero weights and the given biases: the logits are exactly the biases, whatever the input. */
    private static void setBiases(Network net, double... bias) {
        double[] p = new double[net.parameters().toArray().length];
        System.arraycopy(bias, 0, p, p.length - bias.length, bias.length); // canonical: weight [out][in], then bias
        net.parameters().copyFrom(p);
    }

    private static void assertAllFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            assertTrue(Double.isFinite(values[i]), what + "[" + i + "] = " + values[i]);
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void hugeLogitsGiveFiniteSoftmaxAndCrossEntropy(Impl impl, Precision precision) {
        Network net = impl.create(oneLayer("HugeLogits", precision, 3, Activation.SOFTMAX, Loss.CROSS_ENTROPY));
        setBiases(net, 1e4, -1e4, 0);
        double[] x = {1, -1, 0.5, 2};
        double[] out = Networks.predict(net, x, 2);
        assertAllFinite(out, "softmax");
        assertEquals(1.0, out[0], 1e-6);
        assertEquals(0.0, out[1], 1e-6);
        // class 0 is right (loss ~0); class 1 is 2e4 below the top logit: -log softmax = 2e4 exactly in reals
        double right = Networks.lossAndGradients(net, x, new double[] {0, 0}, 2);
        assertEquals(0.0, right, 1e-6);
        assertAllFinite(net.gradients().toArray(), "gradient");
        double wrong = Networks.lossAndGradients(net, x, new double[] {1, 1}, 2);
        assertEquals(2e4, wrong, 2e4 * 1e-6);
        assertAllFinite(net.gradients().toArray(), "gradient");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void saturatedSigmoidGivesFiniteBinaryCrossEntropy(Impl impl, Precision precision) {
        Network net = impl.create(oneLayer("Saturated", precision, 2, Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY));
        setBiases(net, 1e4, -1e4);
        double[] x = {0.3, -0.7};
        double[] out = Networks.predict(net, x, 1);
        assertAllFinite(out, "sigmoid");
        assertEquals(1.0, out[0], 0.0);
        assertEquals(0.0, out[1], 0.0);
        double agreeing = Networks.lossAndGradients(net, x, new double[] {1, 0}, 1);
        assertTrue(Double.isFinite(agreeing) && agreeing >= 0 && agreeing < 1e-3, "loss " + agreeing);
        double[] g = net.gradients().toArray();
        assertAllFinite(g, "gradient");
        double opposing = Networks.lossAndGradients(net, x, new double[] {0, 1}, 1);
        assertTrue(Double.isFinite(opposing) && opposing > 10, "confidently wrong: large but finite loss, was " + opposing);
        g = net.gradients().toArray();
        assertAllFinite(g, "gradient");
        // dL/dz = sigmoid(z) - t: +1 for the first output, -1 for the second (bias gradients are the last two)
        assertEquals(1.0, g[g.length - 2], 1e-6);
        assertEquals(-1.0, g[g.length - 1], 1e-6);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void allZeroInputsGiveFiniteOutputsLossAndGradients(Impl impl, Precision precision) {
        NetworkSpec spec = NetworkSpec.builder("AllZero" + precision.name()).packageName("org.fnnc.test.numeric")
                .input(5).layer(6, Activation.RELU).layer(4, Activation.TANH).layer(3, Activation.SOFTMAX)
                .loss(Loss.CROSS_ENTROPY).precision(precision).build();
        Network net = impl.create(spec);
        double[] x = new double[3 * 5];
        double[] out = Networks.predict(net, x, 3);
        assertAllFinite(out, "output");
        double loss = Networks.lossAndGradients(net, x, new double[] {0, 1, 2}, 3);
        assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        assertAllFinite(net.gradients().toArray(), "gradient");
        // with zero parameters too, every class is equally likely: loss = ln 3
        net.parameters().copyFrom(new double[net.parameters().toArray().length]);
        assertEquals(Math.log(3), Networks.lossAndGradients(net, x, new double[] {0, 1, 2}, 3), 1e-6);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void explodingLearningRateStopsTrainingWithAClearMessage(Impl impl, Precision precision) {
        NetworkSpec spec = NetworkSpec.builder("Exploding" + precision.name()).packageName("org.fnnc.test.numeric")
                .input(4).layer(8, Activation.RELU).layer(1, Activation.LINEAR).loss(Loss.MSE).precision(precision)
                .build();
        Network net = impl.create(spec);
        int n = 64;
        float[] features = new float[n * 4];
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                features[i * 4 + j] = (float) Math.sin(i * 4 + j);
            }
            targets[i] = 100 * features[i * 4];
        }
        Dataset data = Dataset.regression("exploding", features, 4, targets, 1);
        Trainer trainer = Trainer.builder(TrainingSpec.DEFAULT).learningRate(1e30).batchSize(8).epochs(5).build();
        double[] before = net.parameters().toArray();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(net, data, null));
        String m = e.getMessage();
        assertTrue(m.startsWith("training diverged in epoch " + e.epoch() + ", step " + e.step() + " of 8: "), m);
        assertTrue(m.contains("layers." + e.layer()), m);
        assertTrue(m.contains("lower the learning rate (it was 1.0E30)"), m);
        assertTrue(e.epoch() >= 1 && e.step() >= 1 && e.layer() >= 0 && e.layer() <= 1, m);
        // the failing step was not applied: what is left is finite (the last good parameters)
        double[] after = net.parameters().toArray();
        assertAllFinite(after, "parameters after divergence");
        assertTrue(!Arrays.equals(before, after) || e.step() == 1 && e.epoch() == 1, "earlier steps were applied");
    }
}
