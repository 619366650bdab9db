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

    /** Sets {@link #gradients()} to the mean gradient over {@code batch} samples; returns the mean loss. */
    default float lossAndGradients(float[] x, float[] targets, int batch) {
        FloatParameters g = gradients();
        g.fill(0.0);
        float sum = accumulateGradients(x, targets, batch);
        g.scale(1.0 / batch);
        return sum / batch;
    }

    @Override
    default double[] predict(double[] x) {
        float[] in = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = (float) x[i];
        }
        float[] out = new float[outputSize()];
        predict(in, 1, out);
        double[] result = new double[out.length];
        for (int j = 0; j < out.length; j++) {
            result[j] = out[j];
        }
        return result;
    }
}
