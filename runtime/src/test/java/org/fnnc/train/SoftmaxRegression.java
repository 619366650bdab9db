package org.fnnc.train;

import org.fnnc.network.FloatNetwork;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Targets;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;

/**
 * Test double: one softmax layer with cross-entropy, float, hand-written gradients (checked against finite
 * differences in {@link TestNetworksTest}). {@code z = W x + b}, {@code p = softmax(z)},
 * {@code loss = logsumexp(z) - z_y}, {@code dz = p - onehot(y)}.
 */
final class SoftmaxRegression implements FloatNetwork {

    private final NetworkSpec spec;
    private final FloatParameters params;
    private final FloatParameters grads;
    private final double[] z;

    SoftmaxRegression(int inputs, int classes) {
        this(NetworkSpec.builder("Softmax").input(inputs).layer(classes, Activation.SOFTMAX)
                .loss(Loss.CROSS_ENTROPY).precision(Precision.FLOAT).build());
    }

    private SoftmaxRegression(NetworkSpec spec) {
        this.spec = spec;
        ParameterLayout layout = ParameterLayout.of(spec);
        this.params = new FloatParameters(layout);
        this.grads = new FloatParameters(layout);
        this.z = new double[spec.outputSize()];
    }

    @Override
    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public FloatParameters parameters() {
        return params;
    }

    @Override
    public FloatParameters gradients() {
        return grads;
    }

    @Override
    public SoftmaxRegression copy() {
        SoftmaxRegression c = new SoftmaxRegression(spec);
        c.params.copyFrom(params);
        return c;
    }

    /** z for sample b into {@link #z}; returns logsumexp(z). */
    private double logits(float[] x, int b) {
        int in = inputSize();
        float[][] w = params.weights(0);
        float[] bias = params.bias(0);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < z.length; j++) {
            double s = bias[j];
            for (int i = 0; i < in; i++) {
                s += (double) w[i][j] * x[b * in + i];
            }
            z[j] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    @Override
    public void predict(float[] x, int batch, float[] out) {
        for (int b = 0; b < batch; b++) {
            double lse = logits(x, b);
            for (int j = 0; j < z.length; j++) {
                out[b * z.length + j] = (float) Math.exp(z[j] - lse);
            }
        }
    }

    @Override
    public float loss(float[] x, float[] targets, int batch) {
        Targets.checkBatch(x.length, inputSize(), targets.length, 1, batch);
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            int y = Targets.classIndex(targets[b], z.length, b);
            sum += logits(x, b) - z[y];
        }
        return (float) (sum / batch);
    }

    @Override
    public float accumulateGradients(float[] x, float[] targets, int batch) {
        Targets.checkBatch(x.length, inputSize(), targets.length, 1, batch);
        int in = inputSize();
        float[][] gw = grads.weights(0);
        float[] gb = grads.bias(0);
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            int y = Targets.classIndex(targets[b], z.length, b);
            double lse = logits(x, b);
            sum += lse - z[y];
            for (int j = 0; j < z.length; j++) {
                double dz = Math.exp(z[j] - lse) - (j == y ? 1 : 0);
                gb[j] += (float) dz;
                for (int i = 0; i < in; i++) {
                    gw[i][j] += (float) (dz * x[b * in + i]);
                }
            }
        }
        return (float) sum;
    }
}
