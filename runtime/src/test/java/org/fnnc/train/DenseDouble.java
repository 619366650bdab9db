package org.fnnc.train;

import java.util.ArrayList;
import java.util.List;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Targets;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;

/**
 * Test double: one dense double layer, either linear with MSE ({@code 1/2 sum (a - t)^2}) or sigmoid with
 * binary cross-entropy. In both cases {@code dz = a - t}. Records the batch sizes it is trained on.
 */
final class DenseDouble implements DoubleNetwork {

    private final NetworkSpec spec;
    private final DoubleParameters params;
    private final DoubleParameters grads;
    private final double[] a;
    final List<Integer> batches = new ArrayList<>();

    /** Linear regression with MSE. */
    static DenseDouble linear(int inputs, int outputs) {
        return new DenseDouble(NetworkSpec.builder("Linear").input(inputs).layer(outputs, Activation.LINEAR)
                .loss(Loss.MSE).precision(Precision.DOUBLE).build());
    }

    /** Logistic regression (per output) with binary cross-entropy. */
    static DenseDouble logistic(int inputs, int outputs) {
        return new DenseDouble(NetworkSpec.builder("Logistic").input(inputs).layer(outputs, Activation.SIGMOID)
                .loss(Loss.BINARY_CROSS_ENTROPY).precision(Precision.DOUBLE).build());
    }

    private DenseDouble(NetworkSpec spec) {
        this.spec = spec;
        ParameterLayout layout = ParameterLayout.of(spec);
        this.params = new DoubleParameters(layout);
        this.grads = new DoubleParameters(layout);
        this.a = new double[spec.outputSize()];
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public DoubleParameters parameters() {
        return params;
    }

    @Override
    public DoubleParameters gradients() {
        return grads;
    }

    @Override
    public DenseDouble copy() {
        DenseDouble c = new DenseDouble(spec);
        c.params.copyFrom(params);
        return c;
    }

    private boolean sigmoid() {
        return spec.loss() == Loss.BINARY_CROSS_ENTROPY;
    }

    /** Activations of sample b into {@link #a}; returns the sample's loss. */
    private double forward(double[] x, double[] t, int b) {
        int in = inputSize();
        double[][] w = params.weights(0);
        double[] bias = params.bias(0);
        double loss = 0;
        for (int j = 0; j < a.length; j++) {
            double s = bias[j];
            for (int i = 0; i < in; i++) {
                s += w[i][j] * x[b * in + i];
            }
            a[j] = sigmoid() ? 1 / (1 + Math.exp(-s)) : s;
            if (t != null) {
                double tj = t[b * a.length + j];
                loss += sigmoid() ? -(tj * Math.log(a[j]) + (1 - tj) * Math.log(1 - a[j]))
                        : 0.5 * (a[j] - tj) * (a[j] - tj);
            }
        }
        return loss;
    }

    @Override
    public void predict(double[] x, int batch, double[] out) {
        for (int b = 0; b < batch; b++) {
            forward(x, null, b);
            System.arraycopy(a, 0, out, b * a.length, a.length);
        }
    }

    @Override
    public double loss(double[] x, double[] targets, int batch) {
        Targets.checkBatch(x.length, inputSize(), targets.length, a.length, batch);
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            sum += forward(x, targets, b);
        }
        return sum / batch;
    }

    @Override
    public double accumulateGradients(double[] x, double[] targets, int batch) {
        Targets.checkBatch(x.length, inputSize(), targets.length, a.length, batch);
        batches.add(batch);
        int in = inputSize();
        double[][] gw = grads.weights(0);
        double[] gb = grads.bias(0);
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            sum += forward(x, targets, b);
            for (int j = 0; j < a.length; j++) {
                double dz = a[j] - targets[b * a.length + j];
                gb[j] += dz;
                for (int i = 0; i < in; i++) {
                    gw[i][j] += dz * x[b * in + i];
                }
            }
        }
        return sum;
    }
}
