package org.fnnc.train;

import org.fnnc.network.Network;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Parameters;

/**
 * Training produced a NaN or infinite loss or gradient. The parameters were not updated with the failing
 * minibatch. The message names the epoch, the step and the first layer ({@code layers.N}, in canonical
 * tensor order) where a non-finite value appeared: in the parameters if any is non-finite, else in the
 * gradients, else (a non-finite loss from finite values, e.g. a saturated softmax) the output layer.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;
    private final int layer;

    private TrainingDivergedException(String message, int epoch, int step, int layer) {
        super(message);
        this.epoch = epoch;
        this.step = step;
        this.layer = layer;
    }

    /** Epoch of the failing minibatch, from 1. */
    public int epoch() {
        return epoch;
    }

    /** Step (minibatch) within the epoch, from 1. */
    public int step() {
        return step;
    }

    /** Index N of the layer named in the message. */
    public int layer() {
        return layer;
    }

    /**
     * Diagnoses the network right after a minibatch's forward and backward pass whose loss or gradient sum
     * was not finite; {@code null} if the loss is finite and no value is (the gradient sum overflowed).
     */
    static TrainingDivergedException diagnose(Network network, int epoch, int step, int steps, double loss,
            double learningRate) {
        ParameterLayout layout = network.parameters().layout();
        String where = "training diverged in epoch " + epoch + ", step " + step + " of " + steps + ": ";
        String what;
        int bad = firstNonFinite(network.parameters());
        int layer;
        if (bad >= 0) {
            layer = layout.tensorAt(bad).layer();
            what = "parameters of layers." + layer + " are not finite (first: " + layout.describe(bad) + ")";
        } else if ((bad = firstNonFinite(network.gradients())) >= 0) {
            layer = layout.tensorAt(bad).layer();
            what = "loss " + loss + ", first non-finite gradient in layers." + layer + " ("
                    + layout.describe(bad) + " = " + network.gradients().get(bad) + ")";
        } else if (Double.isFinite(loss)) {
            return null;
        } else {
            layer = layout.depth() - 1;
            what = "loss is " + loss + " at the output layer layers." + layer
                    + " although every parameter and gradient is finite (saturated outputs)";
        }
        return new TrainingDivergedException(where + what + "; the parameters were not updated with this step."
                + " Hint: lower the learning rate (it was " + learningRate + ") or check the data for huge values",
                epoch, step, layer);
    }

    /** Canonical index of the first NaN or infinite value, or -1. */
    private static int firstNonFinite(Parameters p) {
        double[] values = p.toArray();
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                return k;
            }
        }
        return -1;
    }
}
