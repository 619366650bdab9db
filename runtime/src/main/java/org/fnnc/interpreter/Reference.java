package org.fnnc.interpreter;

import org.fnnc.network.Parameters;
import org.fnnc.spec.NetworkSpec;

/**
 * The reference math over {@code double[]}: forward, loss and backward of one sample at a time, in the order of
 * the derivation in docs/interpreter.md. Parameters are read through {@link Parameters#getWeight} and gradients
 * added through {@link Parameters#addWeight}, so one body serves float and double storage; every intermediate
 * is a double. Each activation and loss is defined once, in {@link ActivationFunction} and {@link LossFunction}.
 *
 * <p>Notation for layer {@code l} with {@code n = fanIn(l)} inputs and {@code m = units(l)} outputs:
 * {@code W_l [m][n]}, {@code b_l [m]}, {@code z_l = W_l a_{l-1} + b_l [m]}, {@code a_l = f_l(z_l) [m]},
 * {@code a_{-1} = x [input]}, {@code delta_l = dL/dz_l [m]}.
 *
 * <p>Batches are sample-major double arrays. The arrays of one sample are allocated once, with the reference;
 * calls allocate nothing. Callers check array lengths ({@code Targets}); {@link #checkTargets} checks values.
 */
final class Reference {

    private final Parameters params;
    private final Parameters grads;
    private final LossFunction loss;
    private final int depth;
    private final int inputSize;
    private final int outputSize;
    private final int targetWidth;
    private final int[] fanIn;
    private final int[] units;
    private final ActivationFunction[] f;
    private final double[] alpha;

    // One sample, allocated once.
    private final double[] x;       // a_{-1}    [input]
    private final double[] t;       // targets   [targetWidth]
    private final double[][] z;     // z_l       [units(l)]
    private final double[][] a;     // a_l       [units(l)]
    private final double[][] delta; // dL/dz_l   [units(l)]

    Reference(NetworkSpec spec, Parameters params, Parameters grads) {
        this.params = params;
        this.grads = grads;
        this.loss = LossFunction.of(spec.loss());
        this.depth = spec.depth();
        this.inputSize = spec.input();
        this.outputSize = spec.outputSize();
        this.targetWidth = spec.targetWidth();
        this.fanIn = new int[depth];
        this.units = new int[depth];
        this.f = new ActivationFunction[depth];
        this.alpha = new double[depth];
        this.z = new double[depth][];
        this.a = new double[depth][];
        this.delta = new double[depth][];
        for (int l = 0; l < depth; l++) {
            fanIn[l] = spec.inputsOf(l);
            units[l] = spec.layer(l).units();
            f[l] = ActivationFunction.of(spec.layer(l).activation());
            alpha[l] = spec.layer(l).alpha();
            z[l] = new double[units[l]];
            a[l] = new double[units[l]];
            delta[l] = new double[units[l]];
        }
        this.x = new double[inputSize];
        this.t = new double[targetWidth];
    }

    // ---- batches -------------------------------------------------------------------------------------------

    /** {@code out[b * outputSize + j] = a_L[j]} of every sample {@code b}. */
    void predict(double[] xs, int batch, double[] out) {
        for (int b = 0; b < batch; b++) {
            load(xs, null, b);
            forward();
            System.arraycopy(a[depth - 1], 0, out, b * outputSize, outputSize);
        }
    }

    /** The sum of the samples' losses. */
    double lossSum(double[] xs, double[] ts, int batch) {
        return sum(xs, ts, batch, false);
    }

    /** Adds the sum of the samples' gradients to the gradients; returns the sum of their losses. */
    double accumulateGradients(double[] xs, double[] ts, int batch) {
        return sum(xs, ts, batch, true);
    }

    private double sum(double[] xs, double[] ts, int batch, boolean withGradients) {
        double sum = 0.0;
        for (int b = 0; b < batch; b++) {
            load(xs, ts, b);
            forward();
            sum += loss.value(z[depth - 1], a[depth - 1], t);
            if (withGradients) {
                backward();
            }
        }
        return sum;
    }

    /** Checks every target of the batch before any sample is processed, so a bad one adds no gradient. */
    void checkTargets(double[] ts, int batch) {
        for (int k = 0; k < batch * targetWidth; k++) {
            loss.checkTarget(ts[k], outputSize, k / targetWidth, k % targetWidth);
        }
    }

    private void load(double[] xs, double[] ts, int b) {
        System.arraycopy(xs, b * inputSize, x, 0, inputSize);
        if (ts != null) {
            System.arraycopy(ts, b * targetWidth, t, 0, targetWidth);
        }
    }

    // ---- one sample ----------------------------------------------------------------------------------------

    /** The forward pass of the loaded sample: {@code z_l} and {@code a_l} of every layer. */
    private void forward() {
        double[] prev = x;
        for (int l = 0; l < depth; l++) {
            // z_l = W_l a_{l-1} + b_l          W_l [m][n], a_{l-1} [n] -> z_l [m]
            for (int j = 0; j < units[l]; j++) {
                double s = params.getBias(l, j);
                for (int i = 0; i < fanIn[l]; i++) {
                    s += params.getWeight(l, j, i) * prev[i];
                }
                z[l][j] = s;
            }
            // a_l = f_l(z_l)                   [m]
            f[l].apply(z[l], a[l], alpha[l]);
            prev = a[l];
        }
    }

    /** The backward pass of the loaded sample after {@link #forward()}: adds its gradient to the gradients. */
    private void backward() {
        int last = depth - 1;
        // delta_L = dL/dz_L, the output activation fused into the loss
        loss.outputDelta(z[last], a[last], t, f[last], alpha[last], delta[last]);
        for (int l = last; l >= 0; l--) {
            double[] d = delta[l];
            double[] prev = l == 0 ? x : a[l - 1];
            // db_l = delta_l                   [m]
            // dW_l = delta_l a_{l-1}^T         [m] x [n] -> [m][n]
            for (int j = 0; j < units[l]; j++) {
                grads.addBias(l, j, d[j]);
                for (int i = 0; i < fanIn[l]; i++) {
                    grads.addWeight(l, j, i, d[j] * prev[i]);
                }
            }
            if (l > 0) {
                // delta_{l-1} = f'_{l-1}(z_{l-1}) ⊙ W_l^T delta_l     W_l^T [n][m], delta_l [m] -> [n]
                for (int i = 0; i < fanIn[l]; i++) {
                    double s = 0.0;
                    for (int j = 0; j < units[l]; j++) {
                        s += params.getWeight(l, j, i) * d[j];
                    }
                    delta[l - 1][i] = f[l - 1].derivative(z[l - 1][i], prev[i], alpha[l - 1]) * s;
                }
            }
        }
    }
}
