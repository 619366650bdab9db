package org.fnnc.cli;

import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;

/** Calls a network of either precision with double arrays (off the hot path: converts, allocates). */
final class Precisions {

    private Precisions() {
    }

    /** {@code lossAndGradients} in the network's precision: the mean loss; the mean gradient is left in the network. */
    static double lossAndGradients(Network network, double[] x, double[] targets, int batch) {
        if (network instanceof FloatNetwork f) {
            return f.lossAndGradients(toFloat(x), toFloat(targets), batch);
        }
        return ((DoubleNetwork) network).lossAndGradients(x, targets, batch);
    }

    /** The outputs of a batch, sample-major, in double. */
    static double[] predict(Network network, double[] x, int batch) {
        double[] out = new double[batch * network.outputSize()];
        if (network instanceof FloatNetwork f) {
            float[] o = new float[out.length];
            f.predict(toFloat(x), batch, o);
            for (int i = 0; i < o.length; i++) {
                out[i] = o[i];
            }
        } else {
            ((DoubleNetwork) network).predict(x, batch, out);
        }
        return out;
    }

    static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
