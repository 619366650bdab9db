package org.fnnc.train;

import org.fnnc.kernels.Updates;
import org.fnnc.network.ParameterLayout;

/** Plain gradient descent: {@code w -= lr (g + lambda w)}. No state but the step count. */
public final class Sgd extends Optimizer {

    public Sgd(ParameterLayout layout, double weightDecay) {
        super(layout, weightDecay);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected Optimizer newInstance() {
        return new Sgd(layout(), weightDecay());
    }

    @Override
    protected void update(int segment, float[] w, float[] g, double lambda, double lr) {
        Updates.sgd(w, g, w.length, lambda, lr);
    }

    @Override
    protected void update(int segment, double[] w, double[] g, double lambda, double lr) {
        Updates.sgd(w, g, w.length, lambda, lr);
    }
}
