package org.fnnc.benchmarks.peers;

import org.encog.engine.network.activation.ActivationFunction;
import org.encog.engine.network.activation.ActivationLinear;
import org.encog.engine.network.activation.ActivationReLU;
import org.encog.engine.network.activation.ActivationSigmoid;
import org.encog.engine.network.activation.ActivationSoftMax;
import org.encog.engine.network.activation.ActivationTANH;
import org.encog.ml.data.basic.BasicMLDataSet;
import org.encog.neural.error.CrossEntropyErrorFunction;
import org.encog.neural.networks.BasicNetwork;
import org.encog.neural.networks.layers.BasicLayer;
import org.encog.neural.networks.training.propagation.back.Backpropagation;
import org.fnnc.benchmarks.Workload;
import org.fnnc.network.Parameters;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * The workload's network in Encog 3.4 (double only), with fnnc's initial parameters copied in, trained by
 * plain backpropagation (no momentum) in batches of the whole workload, on one thread (Encog's default
 * would use every core). Known limitation of the library: its hidden-layer gradients are wrong
 * (encog-java-core#243), so only its speed is comparable.
 */
public final class EncogState {

    private final BasicNetwork network;
    private final Backpropagation training;
    private final double[][] x;
    private final double[][] out;

    public EncogState(Workload w, Parameters initial) {
        NetworkSpec spec = w.spec();
        network = new BasicNetwork();
        network.addLayer(new BasicLayer(null, true, spec.input()));
        for (int l = 0; l < spec.depth(); l++) {
            LayerSpec layer = spec.layer(l);
            network.addLayer(new BasicLayer(activation(layer), l < spec.depth() - 1, layer.units()));
        }
        network.getStructure().finalizeStructure();
        network.reset();
        copyParameters(spec, initial);
        int batch = w.batch();
        x = rows(w.inputs(), batch, spec.input());
        double[][] t = rows(w.targetsOneHot(), batch, spec.outputSize());
        out = new double[batch][spec.outputSize()];
        training = new Backpropagation(network, new BasicMLDataSet(x, t), Workload.LEARNING_RATE, 0.0);
        training.setBatchSize(batch);
        training.setThreadCount(1);
        if (spec.loss() == Loss.BINARY_CROSS_ENTROPY) {
            training.setErrorFunction(new CrossEntropyErrorFunction());
        }
    }

    private static ActivationFunction activation(LayerSpec layer) {
        Activation a = layer.activation();
        switch (a) {
            case RELU:
                return new ActivationReLU();
            case SIGMOID:
                return new ActivationSigmoid();
            case TANH:
                return new ActivationTANH();
            case SOFTMAX:
                return new ActivationSoftMax();
            case LINEAR:
                return new ActivationLinear();
            default:
                throw new IllegalArgumentException("no Encog activation for " + a);
        }
    }

    /** fnnc's W[j][i] is Encog's weight from neuron i of layer l to neuron j; the bias comes from layer l's bias neuron. */
    private void copyParameters(NetworkSpec spec, Parameters p) {
        for (int l = 0; l < spec.depth(); l++) {
            int in = spec.inputsOf(l);
            for (int j = 0; j < spec.layer(l).units(); j++) {
                for (int i = 0; i < in; i++) {
                    network.setWeight(l, i, j, p.getWeight(l, j, i));
                }
                network.setWeight(l, in, j, p.getBias(l, j));
            }
        }
    }

    static double[][] rows(double[] flat, int n, int width) {
        double[][] r = new double[n][width];
        for (int b = 0; b < n; b++) {
            System.arraycopy(flat, b * width, r[b], 0, width);
        }
        return r;
    }

    public BasicNetwork network() {
        return network;
    }

    /** One batch of backpropagation with the update. */
    public double trainStep() {
        training.iteration();
        return training.getError();
    }

    /** Forward pass of every sample; returns the outputs. */
    public double[][] infer() {
        for (int b = 0; b < x.length; b++) {
            network.compute(x[b], out[b]);
        }
        return out;
    }
}
