package org.fnnc.train;

import org.fnnc.kernels.Updates;
import org.fnnc.network.ParameterLayout;

/**
 * Heavy-ball momentum, {@code v = mu v + g; w -= lr v}, or with {@code nesterov} Sutskever's form
 * {@code v = mu v + g; w -= lr (g + mu v)}. State slot {@code velocity}, zero at the start.
 */
public final class Momentum extends Optimizer {

    private final double mu;
    private final boolean nesterov;
    private final Slot velocity;

    public Momentum(ParameterLayout layout, double weightDecay, double mu, boolean nesterov) {
        super(layout, weightDecay);
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1): " + mu);
        }
        this.mu = mu;
        this.nesterov = nesterov;
        this.velocity = addSlot("velocity");
    }

    @Override
    protected Optimizer newInstance() {
        return new Momentum(layout(), weightDecay(), mu, nesterov);
    }

    @Override
    public String name() {
        return nesterov ? "nesterov" : "momentum";
    }

    @Override
    protected void update(int segment, float[] w, float[] g, double lambda, double lr) {
        Updates.momentum(w, g, velocity.floats()[segment], w.length, lambda, mu, nesterov, lr);
    }

    @Override
    protected void update(int segment, double[] w, double[] g, double lambda, double lr) {
        Updates.momentum(w, g, velocity.doubles()[segment], w.length, lambda, mu, nesterov, lr);
    }
}
