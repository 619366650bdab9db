package org.fnnc.interpreter;

import org.fnnc.network.Parameters;
import org.fnnc.network.Targets;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * The reference math, written once for both precisions: parameters are read through
 * {@link Parameters#getWeight} and gradients added through {@link Parameters#addWeight} (bimorphic calls C2
 * inlines), every intermediate is a {@code double}. The derivation is in docs/interpreter.md.
 *
 * <p>Notation for layer {@code l} with {@code n = fanIn(l)} inputs and {@code m = units(l)} outputs:
 * {@code W_l [m][n]}, {@code b_l [m]}, {@code z_l = W_l a_{l-1} + b_l [m]}, {@code a_l = f_l(z_l) [m]},
 * {@code a_{-1} = x [input]}, {@code delta_l = dL/dz_l [m]}.
 *
 * <p>One sample at a time: the scratch arrays hold one sample and are allocated once. A batch call binds its
 * caller's arrays ({@code bind}), loops over the samples, and releases them; the float or double arrays are
 * converted to and from {@code double} one sample at a time.
 */
final class Core {

    private final NetworkSpec spec;
    private final Parameters params;
    private final Parameters grads;
    private final Loss loss;
    private final int depth;
    private final int inputSize;
    private final int outputSize;
    private final int targetWidth;
    private final int[] fanIn;
    private final int[] units;
    private final Activation[] act;
    private final double[] alpha;

    // One sample's scratch, allocated once.
    private final double[] x;       // a_{-1}    [input]
    private final double[] t;       // target    [targetWidth]
    private final double[][] z;     // z_l       [units(l)]
    private final double[][] a;     // a_l       [units(l)]
    private final double[][] delta; // dL/dz_l   [units(l)]

    // The caller's arrays during one batch call: the float or the double ones, never both.
    private float[] xF;
    private float[] tF;
    private float[] outF;
    private double[] xD;
    private double[] tD;
    private double[] outD;

    Core(NetworkSpec spec, Parameters params, Parameters grads) {
        this.spec = spec;
        this.params = params;
        this.grads = grads;
        this.loss = spec.loss();
        this.depth = spec.depth();
        this.inputSize = spec.input();
        this.outputSize = spec.outputSize();
        this.targetWidth = spec.targetWidth();
        this.fanIn = new int[depth];
        this.units = new int[depth];
        this.act = new Activation[depth];
        this.alpha = new double[depth];
        this.z = new double[depth][];
        this.a = new double[depth][];
        this.delta = new double[depth][];
        for (int l = 0; l < depth; l++) {
            fanIn[l] = spec.inputsOf(l);
            units[l] = spec.layer(l).units();
            act[l] = spec.layer(l).activation();
            alpha[l] = spec.layer(l).alpha();
            z[l] = new double[units[l]];
            a[l] = new double[units[l]];
            delta[l] = new double[units[l]];
        }
        this.x = new double[inputSize];
        this.t = new double[targetWidth];
    }

    NetworkSpec spec() {
        return spec;
    }

    // ---- batch calls -------------------------------------------------------------------------------------

    /** Binds float arrays for one batch call after checking them ({@code ts} or {@code out} may be null). */
    void bind(float[] xs, float[] ts, float[] out, int batch) {
        checkLengths(xs.length, ts == null ? -1 : ts.length, out == null ? -1 : out.length, batch);
        xF = xs;
        tF = ts;
        outF = out;
        checkTargets(batch);
    }

    /** Binds double arrays for one batch call after checking them ({@code ts} or {@code out} may be null). */
    void bind(double[] xs, double[] ts, double[] out, int batch) {
        checkLengths(xs.length, ts == null ? -1 : ts.length, out == null ? -1 : out.length, batch);
        xD = xs;
        tD = ts;
        outD = out;
        checkTargets(batch);
    }

    /** Forward pass of every bound sample into the bound output array. */
    void predict(int batch) {
        try {
            for (int b = 0; b < batch; b++) {
                load(b, false);
                forward();
                store(b);
            }
        } finally {
            release();
        }
    }

    /** Sum over the bound samples of their losses. */
    double lossSum(int batch) {
        return sum(batch, false);
    }

    /** Adds the sum over the bound samples of their gradients to the gradients; returns the sum of losses. */
    double gradientSum(int batch) {
        return sum(batch, true);
    }

    private double sum(int batch, boolean withGradients) {
        try {
            double sum = 0.0;
            for (int b = 0; b < batch; b++) {
                load(b, true);
                sum += withGradients ? backward() : forwardLoss();
            }
            return sum;
        } finally {
            release();
        }
    }

    /** A negative {@code tLength} means a forward pass (checked against the output array), else a loss. */
    private void checkLengths(int xLength, int tLength, int outLength, int batch) {
        if (tLength < 0) {
            Targets.checkOutput(xLength, inputSize, outLength, outputSize, batch);
        } else {
            Targets.checkBatch(xLength, inputSize, tLength, targetWidth, batch);
        }
    }

    /**
     * Validates every bound target before any sample is processed, so that a bad target leaves the
     * gradients untouched; releases the arrays if one is bad.
     */
    private void checkTargets(int batch) {
        if (tF == null && tD == null) {
            return;
        }
        try {
            for (int k = 0; k < batch * targetWidth; k++) {
                checkTarget(tF != null ? tF[k] : tD[k], k / targetWidth, k % targetWidth);
            }
        } catch (IllegalArgumentException e) {
            release();
            throw e;
        }
    }

    private void checkTarget(double value, int sample, int output) {
        switch (loss) {
            case CROSS_ENTROPY:
                Targets.classIndex(value, outputSize, sample);
                break;
            case BINARY_CROSS_ENTROPY:
                Targets.probability(value, sample, output);
                break;
            case MSE:
                Targets.finite(value, sample, output);
                break;
            default:
                throw new AssertionError(loss);
        }
    }

    /** Copies sample {@code b} (and its target) from the bound arrays into the double scratch. */
    private void load(int b, boolean withTarget) {
        if (xF != null) {
            for (int i = 0; i < inputSize; i++) {
                x[i] = xF[b * inputSize + i];
            }
            for (int k = 0; withTarget && k < targetWidth; k++) {
                t[k] = tF[b * targetWidth + k];
            }
        } else {
            System.arraycopy(xD, b * inputSize, x, 0, inputSize);
            if (withTarget) {
                System.arraycopy(tD, b * targetWidth, t, 0, targetWidth);
            }
        }
    }

    /** Writes the output {@code a_L} of the loaded sample to sample {@code b} of the bound output array. */
    private void store(int b) {
        double[] out = a[depth - 1];
        if (outF != null) {
            for (int j = 0; j < outputSize; j++) {
                outF[b * outputSize + j] = (float) out[j];
            }
        } else {
            System.arraycopy(out, 0, outD, b * outputSize, outputSize);
        }
    }

    private void release() {
        xF = null;
        tF = null;
        outF = null;
        xD = null;
        tD = null;
        outD = null;
    }

    // ---- the math of one sample ----------------------------------------------------------------------

    /** Forward pass of the loaded sample: fills {@code z_l} and {@code a_l} for every layer. */
    private void forward() {
        double[] prev = x;
        for (int l = 0; l < depth; l++) {
            double[] zl = z[l];
            // z_l = W_l a_{l-1} + b_l          W_l [m][n], a_{l-1} [n] -> z_l [m]
            for (int j = 0; j < units[l]; j++) {
                double s = params.getBias(l, j);
                for (int i = 0; i < fanIn[l]; i++) {
                    s += params.getWeight(l, j, i) * prev[i];
                }
                zl[j] = s;
            }
            // a_l = f_l(z_l)                   [m]
            double[] al = a[l];
            if (act[l] == Activation.SOFTMAX) {
                softmax(zl, al);
            } else {
                for (int j = 0; j < units[l]; j++) {
                    al[j] = activation(act[l], alpha[l], zl[j]);
                }
            }
            prev = al;
        }
    }

    /** Forward pass and loss of the loaded sample. */
    private double forwardLoss() {
        forward();
        return loss();
    }

    /** Loss of the loaded sample after {@link #forward()}, in its numerically stable form. */
    private double loss() {
        double[] zL = z[depth - 1];
        double[] aL = a[depth - 1];
        double sum = 0.0;
        switch (loss) {
            case CROSS_ENTROPY: {
                // L = -log softmax(z)_y = log sum_k e^(z_k - m) - (z_y - m),  m = max_k z_k (log-sum-exp)
                int y = (int) t[0];
                double m = max(zL);
                for (double zk : zL) {
                    sum += Math.exp(zk - m);
                }
                return Math.log(sum) - (zL[y] - m);
            }
            case BINARY_CROSS_ENTROPY:
                // L = sum_j -[t log s + (1-t) log(1-s)], s = sigmoid(z), written from the logit (softplus
                // form, finite for any z):  max(z, 0) - z t + log1p(e^-|z|)
                for (int j = 0; j < outputSize; j++) {
                    double zj = zL[j];
                    sum += Math.max(zj, 0.0) - zj * t[j] + Math.log1p(Math.exp(-Math.abs(zj)));
                }
                return sum;
            case MSE:
                // L = 1/2 sum_j (a_j - t_j)^2
                for (int j = 0; j < outputSize; j++) {
                    double e = aL[j] - t[j];
                    sum += e * e;
                }
                return 0.5 * sum;
            default:
                throw new AssertionError(loss);
        }
    }

    /**
     * Forward and backward pass of the loaded sample: adds its gradient to the gradient buffers and returns
     * its loss.
     */
    private double backward() {
        double sampleLoss = forwardLoss();
        int last = depth - 1;
        outputDelta(delta[last]);
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
                double[] dPrev = delta[l - 1];
                double[] zPrev = z[l - 1];
                for (int i = 0; i < fanIn[l]; i++) {
                    double s = 0.0;
                    for (int j = 0; j < units[l]; j++) {
                        s += params.getWeight(l, j, i) * d[j];
                    }
                    dPrev[i] = derivative(act[l - 1], alpha[l - 1], zPrev[i], prev[i]) * s;
                }
            }
        }
        return sampleLoss;
    }

    /** {@code delta_L = dL/dz_L} of the loaded sample, with the output activation fused into the loss. */
    private void outputDelta(double[] d) {
        int last = depth - 1;
        double[] zL = z[last];
        double[] aL = a[last];
        switch (loss) {
            case CROSS_ENTROPY: {
                // softmax + cross-entropy: dL/dz = softmax(z) - onehot(y)
                int y = (int) t[0];
                for (int j = 0; j < outputSize; j++) {
                    d[j] = aL[j] - (j == y ? 1.0 : 0.0);
                }
                break;
            }
            case BINARY_CROSS_ENTROPY:
                // sigmoid + binary cross-entropy: dL/dz = sigmoid(z) - t
                for (int j = 0; j < outputSize; j++) {
                    d[j] = aL[j] - t[j];
                }
                break;
            case MSE:
                // mean squared error: dL/dz = (a - t) ⊙ f'(z)
                for (int j = 0; j < outputSize; j++) {
                    d[j] = (aL[j] - t[j]) * derivative(act[last], alpha[last], zL[j], aL[j]);
                }
                break;
            default:
                throw new AssertionError(loss);
        }
    }

    // ---- activations ---------------------------------------------------------------------------------

    /** {@code f(z)} for every activation but softmax (which is not element-wise). */
    static double activation(Activation f, double alpha, double z) {
        switch (f) {
            case SIGMOID:
                return sigmoid(z);
            case TANH:
                return Math.tanh(z);
            case RELU:
                return z > 0.0 ? z : 0.0;
            case LEAKY_RELU:
                return z > 0.0 ? z : alpha * z;
            case LINEAR:
                return z;
            default:
                throw new AssertionError(f + " is not element-wise");
        }
    }

    /**
     * {@code f'(z)} given {@code z} and {@code a = f(z)}: sigmoid {@code a(1-a)}, tanh {@code 1-a^2}, relu
     * {@code z > 0 ? 1 : 0} (so relu'(0) = 0), leaky_relu {@code z > 0 ? 1 : alpha} (so leaky'(0) = alpha),
     * linear 1.
     */
    static double derivative(Activation f, double alpha, double z, double a) {
        switch (f) {
            case SIGMOID:
                return a * (1.0 - a);
            case TANH:
                return 1.0 - a * a;
            case RELU:
                return z > 0.0 ? 1.0 : 0.0;
            case LEAKY_RELU:
                return z > 0.0 ? 1.0 : alpha;
            case LINEAR:
                return 1.0;
            default:
                throw new AssertionError(f + " has no element-wise derivative (softmax is fused with its loss)");
        }
    }

    /** {@code 1 / (1 + e^-z)}, evaluated so that {@code exp} never overflows. */
    static double sigmoid(double z) {
        if (z >= 0.0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** {@code out = softmax(z)} with the maximum subtracted first, so no {@code exp} overflows. */
    static void softmax(double[] z, double[] out) {
        double m = max(z);
        double sum = 0.0;
        for (int j = 0; j < z.length; j++) {
            out[j] = Math.exp(z[j] - m);
            sum += out[j];
        }
        for (int j = 0; j < z.length; j++) {
            out[j] /= sum;
        }
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double e : v) {
            m = Math.max(m, e);
        }
        return m;
    }
}
