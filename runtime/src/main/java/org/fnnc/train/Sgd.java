package org.fnnc.train;

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
    protected void direction(int segment, double[] g, int n) {
        // the direction is the gradient itself
    }
}
