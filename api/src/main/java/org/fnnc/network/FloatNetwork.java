package org.fnnc.network;

/** A network whose parameters and arithmetic are {@code float}. See {@link Network} for the conventions. */
public interface FloatNetwork extends Network {

    @Override
    FloatParameters parameters();

    @Override
    FloatParameters gradients();

    @Override
    FloatNetwork copy();

    /** Forward pass of {@code batch} samples: {@code out[b * outputSize() + j]}. */
    void predict(float[] x, int batch, float[] out);

    /** Forward pass of one sample. */
    default void predict(float[] x, float[] out) {
        predict(x, 1, out);
    }

    /** Mean loss over {@code batch} samples. */
    float loss(float[] x, float[] targets, int batch);

    /**
     * Adds the sum over {@code batch} samples of each sample's loss gradient to {@link #gradients()} and
     * returns the sum of their losses.
     */
    float accumulateGradients(float[] x, float[] targets, int batch);

    /**
     * Sets {@link #gradients()} to the sum over {@code batch} samples of each sample's loss gradient and returns
     * the sum of their losses: the bits of zeroing the gradients and then {@link #accumulateGradients}, which is
     * this default. Generated networks whose layers call the kernel library have those layers write their
     * gradients on the first block instead of adding to zeroed arrays, which saves a pass over them.
     */
    default float gradientSum(float[] x, float[] targets, int batch) {
        gradients().fill(0.0);
        return accumulateGradients(x, targets, batch);
    }

    /** Sets {@link #gradients()} to the mean gradient over {@code batch} samples; returns the mean loss. */
    default float lossAndGradients(float[] x, float[] targets, int batch) {
        float sum = gradientSum(x, targets, batch);
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
    default float sgdStep(float[] x, float[] targets, int batch, double learningRate) {
        float loss = lossAndGradients(x, targets, batch);
        float[][] p = parameters().segments();
        float[][] g = gradients().segments();
        float step = (float) learningRate;
        for (int k = 0; k < p.length; k++) {
            float[] pk = p[k];
            float[] gk = g[k];
            for (int i = 0; i < pk.length; i++) {
                pk[i] -= step * gk[i];
            }
        }
        return loss;
    }

    @Override
    default double[] predict(double[] x) {
        float[] out = new float[outputSize()];
        predict(Networks.toFloat(x), 1, out);
        return Networks.toDouble(out);
    }
}
