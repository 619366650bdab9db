package org.fnnc.generator;

import java.util.SplittableRandom;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/** Shared helpers for generator tests: specs, seeded parameters, inputs and targets, precision-neutral calls. */
final class TestNetworks {

    private TestNetworks() {
    }

    /** The output activation a loss pairs with (MSE: the given one). */
    static Activation outputFor(Loss loss, Activation mseOutput) {
        switch (loss) {
            case CROSS_ENTROPY:
                return Activation.SOFTMAX;
            case BINARY_CROSS_ENTROPY:
                return Activation.SIGMOID;
            default:
                return mseOutput;
        }
    }

    /** A network {@code input -> hidden... -> output} with one hidden activation. */
    static NetworkSpec spec(String name, int input, int[] hidden, Activation hiddenAct, int output, Loss loss,
                            Activation mseOutput) {
        NetworkSpec.Builder b = NetworkSpec.builder(name).packageName("org.fnnc.test").input(input);
        for (int h : hidden) {
            b.layer(hiddenAct == Activation.LEAKY_RELU ? LayerSpec.leakyRelu(h, 0.1) : LayerSpec.of(h, hiddenAct));
        }
        return b.layer(output, outputFor(loss, mseOutput)).loss(loss).build();
    }

    /** Canonical parameters uniform in [-scale, scale). */
    static double[] randomParameters(int size, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[size];
        for (int k = 0; k < size; k++) {
            p[k] = (2 * r.nextDouble() - 1) * scale;
        }
        return p;
    }

    /** Inputs uniform in [-1, 1). */
    static double[] randomInputs(int count, long seed) {
        return randomParameters(count, seed ^ 0x9E3779B97F4A7C15L, 1.0);
    }

    /** Valid targets for the spec's loss: class indices, 0/1 values, or reals in [-1, 1). */
    static double[] randomTargets(NetworkSpec spec, int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0xC2B2AE3D27D4EB4FL);
        double[] t = new double[batch * spec.targetWidth()];
        for (int k = 0; k < t.length; k++) {
            switch (spec.loss()) {
                case CROSS_ENTROPY:
                    t[k] = r.nextInt(spec.outputSize());
                    break;
                case BINARY_CROSS_ENTROPY:
                    t[k] = r.nextInt(2);
                    break;
                default:
                    t[k] = 2 * r.nextDouble() - 1;
            }
        }
        return t;
    }







    /**
     * The interface's lossAndGradients spelled out, fused path of none: zero the gradients, {@code
     * accumulateGradients} the batch, scale by 1/batch; the mean loss in the network's precision.
     */
    static double unfusedLossAndGradients(Network net, double[] x, double[] t, int batch) {
        Networks.Batch b = Networks.batch(net, batch);
        b.set(x, t, batch);
        net.gradients().fill(0.0);
        double sum = b.accumulateGradients(batch);
        net.gradients().scale(1.0 / batch);
        return net instanceof FloatNetwork ? (float) sum / batch : sum / batch;
    }

    /**
     * {@code lossAndGradients} then {@code p -= learningRate * g} over the segments, written here independently
     * of the runtime's default {@code sgdStep}, in the network's precision; returns the mean loss.
     */
    static double unfusedSgdStep(Network net, double[] x, double[] t, int batch, double learningRate) {
        double loss = unfusedLossAndGradients(net, x, t, batch);
        if (net instanceof FloatNetwork f) {
            float lr = (float) learningRate;
            float[][] p = f.parameters().segments();
            float[][] g = f.gradients().segments();
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    p[k][i] -= lr * g[k][i];
                }
            }
        } else {
            double[][] p = ((DoubleNetwork) net).parameters().segments();
            double[][] g = ((DoubleNetwork) net).gradients().segments();
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    p[k][i] -= learningRate * g[k][i];
                }
            }
        }
        return loss;
    }
}
