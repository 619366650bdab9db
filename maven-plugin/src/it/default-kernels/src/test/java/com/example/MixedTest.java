package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.nets.Mixed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fnnc.kernels.KernelLibrary;
import org.junit.jupiter.api.Test;

/**
 * The generated Mixed (20 -> 40 relu -> 24 tanh -> 3 softmax, cross-entropy; default kernels: its two loop layers
 * call fnnc-api's kernel library) compiled by plain javac, run in this JVM with whichever kernels the library
 * chose: predictions and one SGD step agree with the network computed here in double, over 130 samples (a
 * block of 128 and a remainder). The predictions go to target/predictions-IMPLEMENTATION.txt, which verify.groovy
 * compares across the run with jdk.incubator.vector and the run without it.
 */
class MixedTest {

    private static final int BATCH = 130;
    private static final int[] WIDTHS = {20, 40, 24, 3};

    @Test
    void theLibraryRunsTheKernelsThisJvmAllows() {
        boolean vector = Boolean.getBoolean("expect.vector");
        assertEquals(vector, ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        assertEquals(vector ? KernelLibrary.Implementation.VECTOR : KernelLibrary.Implementation.SCALAR,
                KernelLibrary.implementation(), KernelLibrary.description());
    }

    @Test
    void predictComputesTheForwardPass() throws IOException {
        Mixed net = new Mixed();
        setParameters(net);
        float[] x = inputs();
        float[] out = new float[BATCH * 3];
        net.predict(x, BATCH, out);
        List<String> lines = new ArrayList<>();
        for (int b = 0; b < BATCH; b++) {
            double[][] a = forward(net, x, b);
            double[] p = a[3];
            for (int k = 0; k < 3; k++) {
                assertEquals(p[k], out[3 * b + k], 2e-6, "sample " + b + ", output " + k);
                lines.add(Float.toString(out[3 * b + k]));
            }
        }
        Files.write(Path.of("target", "predictions-" + KernelLibrary.implementation() + ".txt"), lines);
    }

    @Test
    void sgdStepSubtractsTheMeanGradient() {
        Mixed net = new Mixed();
        setParameters(net);
        float[] x = inputs();
        float[] y = labels();
        double lr = 0.5;
        double[] expected = net.parameters().toArray();
        double loss = 0;
        int[] offsets = offsets();
        for (int b = 0; b < BATCH; b++) {
            double[][] a = forward(net, x, b);
            int label = (int) y[b];
            loss -= Math.log(a[3][label]) / BATCH;
            double[] d = a[3].clone(); // dL/dz of the output: softmax - onehot
            d[label] -= 1;
            for (int l = 2; l >= 0; l--) {
                int in = WIDTHS[l];
                int units = WIDTHS[l + 1];
                double[] dPrev = new double[in];
                for (int j = 0; j < units; j++) {
                    for (int i = 0; i < in; i++) {
                        expected[offsets[l] + j * in + i] -= lr * d[j] * a[l][i] / BATCH;
                        dPrev[i] += net.parameters().getWeight(l, j, i) * d[j];
                    }
                    expected[offsets[l] + units * in + j] -= lr * d[j] / BATCH;
                }
                if (l > 0) {
                    for (int i = 0; i < in; i++) {
                        double ai = a[l][i];
                        dPrev[i] *= l == 1 ? (ai > 0 ? 1 : 0) : 1 - ai * ai; // relu' for layer 0, tanh' for 1
                    }
                }
                d = dPrev;
            }
        }
        float reported = net.sgdStep(x, y, BATCH, lr);
        assertEquals(loss, reported, 1e-5);
        double[] actual = net.parameters().toArray();
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], 1e-5, "parameter " + k);
        }
    }

    @Test
    void itLearnsWithItsOwnSgdStep() {
        Mixed net = new Mixed();
        float[] x = inputs();
        float[] y = labels();
        float before = net.loss(x, y, BATCH);
        for (int step = 0; step < 300; step++) {
            net.sgdStep(x, y, BATCH, 0.5);
        }
        float after = net.loss(x, y, BATCH);
        assertTrue(after < before / 2, "loss " + before + " -> " + after);
    }

    /** Activations per layer of sample b, in double: a[0] the input, a[1], a[2] hidden, a[3] the softmax. */
    private static double[][] forward(Mixed net, float[] x, int b) {
        double[][] a = new double[4][];
        a[0] = new double[20];
        for (int i = 0; i < 20; i++) {
            a[0][i] = x[20 * b + i];
        }
        for (int l = 0; l < 3; l++) {
            double[] z = new double[WIDTHS[l + 1]];
            for (int j = 0; j < z.length; j++) {
                z[j] = net.parameters().getBias(l, j);
                for (int i = 0; i < WIDTHS[l]; i++) {
                    z[j] += net.parameters().getWeight(l, j, i) * a[l][i];
                }
                z[j] = l == 0 ? Math.max(z[j], 0) : l == 1 ? Math.tanh(z[j]) : z[j];
            }
            a[l + 1] = z;
        }
        double m = Math.max(a[3][0], Math.max(a[3][1], a[3][2]));
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            a[3][k] = Math.exp(a[3][k] - m);
            sum += a[3][k];
        }
        for (int k = 0; k < 3; k++) {
            a[3][k] /= sum;
        }
        return a;
    }

    /** Where each layer's parameters start in the flat order: layers.l.weight [units][in], then layers.l.bias. */
    private static int[] offsets() {
        int[] o = new int[3];
        for (int l = 1; l < 3; l++) {
            o[l] = o[l - 1] + (WIDTHS[l - 1] + 1) * WIDTHS[l];
        }
        return o;
    }

    /** Parameters with no pattern the kernels could exploit by accident. */
    private static void setParameters(Mixed net) {
        for (int k = 0; k < net.parameters().size(); k++) {
            net.parameters().set(k, Math.sin(1.7 * k + 0.3) * 0.4);
        }
    }

    private static float[] inputs() {
        float[] x = new float[BATCH * 20];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) Math.cos(0.37 * k + 1.1);
        }
        return x;
    }

    /** Classes a network can learn: by the first two features. */
    private static float[] labels() {
        float[] x = inputs();
        float[] y = new float[BATCH];
        for (int b = 0; b < BATCH; b++) {
            y[b] = x[20 * b] > 0.3f ? 0 : x[20 * b + 1] > 0 ? 1 : 2;
        }
        return y;
    }
}
