package org.fnnc.network;

/** A network whose parameters and arithmetic are {@code double}. See {@link Network} for the conventions. */
public interface DoubleNetwork extends Network {

    @Override
    DoubleParameters parameters();

    @Override
    DoubleParameters gradients();

    @Override
    DoubleNetwork copy();

    /** Forward pass of {@code batch} samples: {@code out[b * outputSize() + j]}. */
    void predict(double[] x, int batch, double[] out);

    /** Forward pass of one sample. */
    default void predict(double[] x, double[] out) {
        predict(x, 1, out);
    }

    /** Mean loss over {@code batch} samples. */
    double loss(double[] x, double[] targets, int batch);

    /**
     * Adds the sum over {@code batch} samples of each sample's loss gradient to {@link #gradients()} and
     * returns the sum of their losses.
     */
    double accumulateGradients(double[] x, double[] targets, int batch);

    /**
     * Sets {@link #gradients()} to the sum over {@code batch} samples of each sample's loss gradient and returns
     * the sum of their losses: the bits of zeroing the gradients and then {@link #accumulateGradients}, which is
     * this default. Generated networks whose layers call the kernel library have those layers write their
     * gradients on the first block instead of adding to zeroed arrays, which saves a pass over them.
     */
    default double gradientSum(double[] x, double[] targets, int batch) {
        gradients().fill(0.0);
        return accumulateGradients(x, targets, batch);
    }

    /** Sets {@link #gradients()} to the mean gradient over {@code batch} samples; returns the mean loss. */
    default double lossAndGradients(double[] x, double[] targets, int batch) {
        double sum = gradientSum(x, targets, batch);
        gradients().scale(1.0 / batch);
        return sum / batch;
    }

    /**
     * One plain SGD step on the batch: {@code p -= learningRate * g} with {@code g} the mean gradient over
     * {@code batch} samples; returns the mean loss. Afterwards {@link #gradients()} holds that mean gradient, as
     * after {@link #lossAndGradients}, and {@link #parameters()} the updated parameters. This default is
     * {@code lossAndGradients} followed by an element-wise update over the segments; generated networks fuse
     * the zeroing, the scaling by {@code 1/batch} and the update into one pass per array, and when the batch is one
     * block of their kernel library may step without writing a weight gradient, leaving it as a product (the
     * block's inputs and deltas) that {@link #gradients()} computes when read ({@link Parameters#settle()}).
     */
    default double sgdStep(double[] x, double[] targets, int batch, double learningRate) {
        double loss = lossAndGradients(x, targets, batch);
        double[][] p = parameters().segments();
        double[][] g = gradients().segments();
        for (int k = 0; k < p.length; k++) {
            double[] pk = p[k];
            double[] gk = g[k];
            for (int i = 0; i < pk.length; i++) {
                pk[i] -= learningRate * gk[i];
            }
        }
        return loss;
    }

    @Override
    default double[] predict(double[] x) {
        double[] out = new double[outputSize()];
        predict(x, 1, out);
        return out;
    }
}
