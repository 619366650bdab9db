package org.fnnc.benchmarks.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fnnc.benchmarks.Workload;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.spec.Precision;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The peers run the same network on the same data: with fnnc's initial parameters copied in, their outputs
 * are the interpreter's, and one DL4J SGD step moves the parameters as fnnc's does. (Encog's training step
 * is not compared: its hidden-layer gradients are wrong, encog-java-core#243.) Compiled only with -Ppeers.
 */
class PeerStateTest {

    @Test
    void encogComputesTheInterpretersOutputs() {
        for (String net : new String[] {"xor", "iris", "mnist-mlp"}) {
            Workload w = Workload.of(net, "double", 3);
            DoubleNetwork oracle = (DoubleNetwork) Interpreter.create(w.spec());
            EncogState encog = new EncogState(w, oracle.parameters());
            double[] expected = new double[3 * w.spec().outputSize()];
            oracle.predict(w.inputs(), 3, expected);
            double[][] actual = encog.infer();
            int out = w.spec().outputSize();
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual[k / out][k % out], 1e-12, net + " output " + k);
            }
        }
    }

    @Test
    void dl4jComputesTheInterpretersOutputsAndSgdStep() {
        for (String net : new String[] {"xor", "iris", "mnist-mlp"}) {
            Workload w = Workload.of(net, "double", 5);
            DoubleNetwork oracle = (DoubleNetwork) Interpreter.create(w.spec().withPrecision(Precision.DOUBLE));
            Dl4jState dl4j = new Dl4jState(w, oracle.parameters());
            int out = w.spec().outputSize();
            double[] expected = new double[5 * out];
            oracle.predict(w.inputs(), 5, expected);
            INDArray actual = dl4j.infer();
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual.getDouble(k / out, k % out), 1e-12, net + " output " + k);
            }
            oracle.lossAndGradients(w.inputs(), w.targets(), 5);
            double[] before = oracle.parameters().toArray();
            double[] g = oracle.gradients().toArray();
            dl4j.trainStep();
            for (int l = 0; l < w.spec().depth(); l++) {
                INDArray wl = dl4j.network().getLayer(l).getParam("W");
                INDArray bl = dl4j.network().getLayer(l).getParam("b");
                int in = w.spec().inputsOf(l);
                int units = w.spec().layer(l).units();
                org.fnnc.network.ParameterLayout layout = oracle.parameters().layout();
                for (int j = 0; j < units; j++) {
                    for (int i = 0; i < in; i++) {
                        int k = layout.weight(l).index(j, i);
                        assertEquals(before[k] - Workload.LEARNING_RATE * g[k], wl.getDouble(i, j), 1e-12,
                                net + " layers." + l + ".weight[" + j + ", " + i + "]");
                    }
                    int kb = layout.bias(l).index(j, 0);
                    assertEquals(before[kb] - Workload.LEARNING_RATE * g[kb], bl.getDouble(j), 1e-12,
                            net + " layers." + l + ".bias[" + j + "]");
                }
            }
        }
    }
}
