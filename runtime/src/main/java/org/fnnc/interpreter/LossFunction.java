package org.fnnc.interpreter;

import org.fnnc.network.Targets;
import org.fnnc.spec.Loss;

/**
 * Each loss of the reference, once: which targets it accepts, its value {@code L} for one sample (in its
 * numerically stable form) and the output layer's {@code delta_L = dL/dz_L}, side by side. A new loss is one
 * constant here (and one case in {@link #of}, which the compiler demands).
 */
enum LossFunction {

    /** Softmax outputs, one class index {@code y} per sample. */
    CROSS_ENTROPY((value, outputs, sample, output) -> Targets.classIndex(value, outputs, sample)) {
        @Override
        double value(double[] z, double[] a, double[] t) {
            // L = -log softmax(z)_y = log sum_k e^(z_k - m) - (z_y - m),  m = max_k z_k (log-sum-exp)
            int y = (int) t[0];
            double m = ActivationFunction.max(z);
            double sum = 0.0;
            for (double zk : z) {
                sum += Math.exp(zk - m);
            }
            return Math.log(sum) - (z[y] - m);
        }

        @Override
        void outputDelta(double[] z, double[] a, double[] t, ActivationFunction f, double alpha, double[] d) {
            // softmax + cross-entropy: dL/dz = softmax(z) - onehot(y)
            int y = (int) t[0];
            for (int j = 0; j < d.length; j++) {
                d[j] = a[j] - (j == y ? 1.0 : 0.0);
            }
        }
    },

    /** Sigmoid outputs, one target in [0, 1] per output. */
    BINARY_CROSS_ENTROPY((value, outputs, sample, output) -> Targets.probability(value, sample, output)) {
        /**
         * {@code L_j = -[t log s + (1-t) log(1-s)]}, {@code s = sigmoid(z)}, written from the logit (softplus form,
         * finite for any z): {@code max(z, 0) - z t + log1p(e^-|z|)}.
         */
        @Override
        double term(double z, double a, double t) {
            return Math.max(z, 0.0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
        }

        /** Sigmoid + binary cross-entropy: {@code dL/dz = sigmoid(z) - t}. */
        @Override
        double delta(double z, double a, double t, ActivationFunction f, double alpha) {
            return a - t;
        }
    },

    /** Any output activation, one finite target per output. */
    MSE((value, outputs, sample, output) -> Targets.finite(value, sample, output)) {
        /** {@code L = 1/2 sum_j (a_j - t_j)^2}. */
        @Override
        double value(double[] z, double[] a, double[] t) {
            return 0.5 * sumOfTerms(z, a, t);
        }

        @Override
        double term(double z, double a, double t) {
            double e = a - t;
            return e * e;
        }

        /** {@code dL/dz = (a - t) f'(z)}. */
        @Override
        double delta(double z, double a, double t, ActivationFunction f, double alpha) {
            return (a - t) * f.derivative(z, a, alpha);
        }
    };

    /** The reference's definition of {@code loss}. */
    static LossFunction of(Loss loss) {
        return switch (loss) {
            case CROSS_ENTROPY -> CROSS_ENTROPY;
            case BINARY_CROSS_ENTROPY -> BINARY_CROSS_ENTROPY;
            case MSE -> MSE;
        };
    }

    /** Which target values a loss accepts. */
    @FunctionalInterface
    interface TargetCheck {
        /** Throws an {@link IllegalArgumentException} naming the sample and output if {@code value} is no valid target. */
        void check(double value, int outputs, int sample, int output);
    }

    private final TargetCheck targets;

    LossFunction(TargetCheck targets) {
        this.targets = targets;
    }

    /** Throws an {@link IllegalArgumentException} naming the sample and output if {@code value} is no valid target. */
    final void checkTarget(double value, int outputs, int sample, int output) {
        targets.check(value, outputs, sample, output);
    }

    /**
     * {@code L} of one sample from the output layer's {@code z} and {@code a} and the sample's targets {@code t}: by
     * default the sum over the outputs of {@link #term}.
     */
    double value(double[] z, double[] a, double[] t) {
        return sumOfTerms(z, a, t);
    }

    /**
     * {@code d = dL/dz} of the output layer, whose activation {@code f} is fused in where the loss allows: by
     * default {@link #delta} of each output.
     */
    void outputDelta(double[] z, double[] a, double[] t, ActivationFunction f, double alpha, double[] d) {
        for (int j = 0; j < d.length; j++) {
            d[j] = delta(z[j], a[j], t[j], f, alpha);
        }
    }

    /** The loss of one output, for a loss that is a sum over the outputs. */
    double term(double z, double a, double t) {
        throw new AssertionError(this + " is not a sum over outputs");
    }

    /** {@code dL/dz_j} of one output, for a loss that is a sum over the outputs. */
    double delta(double z, double a, double t, ActivationFunction f, double alpha) {
        throw new AssertionError(this + " is not a sum over outputs");
    }

    final double sumOfTerms(double[] z, double[] a, double[] t) {
        double sum = 0.0;
        for (int j = 0; j < z.length; j++) {
            sum += term(z[j], a[j], t[j]);
        }
        return sum;
    }
}
