package org.fnnc.network;

/**
 * Calls any network with double arrays, whatever its precision: converts (float networks round inputs and
 * targets to float) and allocates. For tools, tests and front ends; hot paths call the precision-specific
 * methods of {@link FloatNetwork} and {@link DoubleNetwork} directly.
 */
public final class Networks {

    private Networks() {
    }

    /** The outputs of a batch, sample-major ({@code out[b * outputSize + j]}), in double. */
    public static double[] predict(Network network, double[] x, int batch) {
        if (network instanceof FloatNetwork f) {
            float[] out = new float[batch * network.outputSize()];
            f.predict(toFloat(x), batch, out);
            return toDouble(out);
        }
        double[] out = new double[batch * network.outputSize()];
        doubleNetwork(network).predict(x, batch, out);
        return out;
    }

    /** The mean loss over the batch. */
    public static double loss(Network network, double[] x, double[] targets, int batch) {
        return network instanceof FloatNetwork f ? f.loss(toFloat(x), toFloat(targets), batch)
                : doubleNetwork(network).loss(x, targets, batch);
    }

    /** The mean loss; leaves the mean gradient in {@link Network#gradients()}. */
    public static double lossAndGradients(Network network, double[] x, double[] targets, int batch) {
        return network instanceof FloatNetwork f ? f.lossAndGradients(toFloat(x), toFloat(targets), batch)
                : doubleNetwork(network).lossAndGradients(x, targets, batch);
    }

    /** One plain SGD step on the mean gradient; returns the mean loss. */
    public static double sgdStep(Network network, double[] x, double[] targets, int batch, double learningRate) {
        return network instanceof FloatNetwork f ? f.sgdStep(toFloat(x), toFloat(targets), batch, learningRate)
                : doubleNetwork(network).sgdStep(x, targets, batch, learningRate);
    }

    /** Each value rounded to float. */
    public static float[] toFloat(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /** Each value widened to double. */
    public static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return d;
    }

    private static DoubleNetwork doubleNetwork(Network network) {
        if (network instanceof DoubleNetwork d) {
            return d;
        }
        throw new IllegalArgumentException(network.getClass().getName()
                + " implements neither FloatNetwork nor DoubleNetwork");
    }
}
