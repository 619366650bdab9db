package org.fnnc.benchmarks.peers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.fnnc.benchmarks.Workload;
import org.fnnc.network.Parameters;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The workload's network in Deeplearning4j (ND4J native CPU backend) in the workload's precision, with
 * fnnc's initial parameters copied in, trained by plain SGD on the workload's batch. Thread count is ND4J's
 * (OpenMP): set {@code OMP_NUM_THREADS} in the environment of the benchmark run.
 */
public final class Dl4jState {

    private final MultiLayerNetwork network;
    private final INDArray x;
    private final DataSet batch;

    public Dl4jState(Workload w, Parameters initial) {
        NetworkSpec spec = w.spec();
        DataType type = spec.precision() == Precision.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(spec.init().seed()).dataType(type).updater(new Sgd(Workload.LEARNING_RATE))
                .weightInit(WeightInit.XAVIER).list();
        for (int l = 0; l < spec.depth(); l++) {
            LayerSpec layer = spec.layer(l);
            org.nd4j.linalg.activations.Activation act = activation(layer);
            if (l < spec.depth() - 1) {
                list.layer(new DenseLayer.Builder().nIn(spec.inputsOf(l)).nOut(layer.units()).activation(act).build());
            } else {
                list.layer(new OutputLayer.Builder(lossFunction(spec.loss())).nIn(spec.inputsOf(l)).nOut(layer.units())
                        .activation(act).build());
            }
        }
        MultiLayerConfiguration conf = list.build();
        network = new MultiLayerNetwork(conf);
        network.init();
        copyParameters(spec, initial);
        x = Nd4j.create(w.inputs(), new long[] {w.batch(), spec.input()}, 'c').castTo(type);
        INDArray t = Nd4j.create(w.targetsOneHot(), new long[] {w.batch(), spec.outputSize()}, 'c').castTo(type);
        batch = new DataSet(x, t);
    }

    private static org.nd4j.linalg.activations.Activation activation(LayerSpec layer) {
        switch (layer.activation()) {
            case RELU:
                return org.nd4j.linalg.activations.Activation.RELU;
            case SIGMOID:
                return org.nd4j.linalg.activations.Activation.SIGMOID;
            case TANH:
                return org.nd4j.linalg.activations.Activation.TANH;
            case SOFTMAX:
                return org.nd4j.linalg.activations.Activation.SOFTMAX;
            case LINEAR:
                return org.nd4j.linalg.activations.Activation.IDENTITY;
            default:
                throw new IllegalArgumentException("no DL4J activation for " + layer.activation());
        }
    }

    private static LossFunction lossFunction(Loss loss) {
        switch (loss) {
            case CROSS_ENTROPY:
                return LossFunction.MCXENT;
            case BINARY_CROSS_ENTROPY:
                return LossFunction.XENT;
            default:
                return LossFunction.MSE;
        }
    }

    /** DL4J's W is [in, out] (fnnc's stored W^T); b holds out values (addressed by linear index). */
    private void copyParameters(NetworkSpec spec, Parameters p) {
        for (int l = 0; l < spec.depth(); l++) {
            Layer layer = network.getLayer(l);
            INDArray w = layer.getParam("W");
            INDArray b = layer.getParam("b");
            for (int j = 0; j < spec.layer(l).units(); j++) {
                for (int i = 0; i < spec.inputsOf(l); i++) {
                    w.putScalar(new long[] {i, j}, p.getWeight(l, j, i));
                }
                b.putScalar(j, p.getBias(l, j));
            }
        }
    }

    public MultiLayerNetwork network() {
        return network;
    }

    /** One SGD step on the batch (forward, backward, update). */
    public double trainStep() {
        network.fit(batch);
        return network.score();
    }

    /** Forward pass of the batch. */
    public INDArray infer() {
        return network.output(x);
    }
}
