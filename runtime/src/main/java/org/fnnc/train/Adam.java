package org.fnnc.train;

import org.fnnc.kernels.Updates;
import org.fnnc.network.ParameterLayout;

/**
 * Adam (Kingma and Ba, 2015) with bias correction: at step {@code t},
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code w -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}. Weight decay is the classic L2 term added to
 * {@code g} (not AdamW's decoupled decay). State slots {@code m} and {@code v}, plus the step count.
 */
public final class Adam extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Slot m;
    private final Slot v;
    private double power1 = 1;
    private double power2 = 1;
    private long poweredTo;
    private double correction1;
    private double correction2;

    public Adam(ParameterLayout layout, double weightDecay, double beta1, double beta2, double epsilon) {
        super(layout, weightDecay);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("Adam needs beta1, beta2 in [0, 1) and epsilon > 0: "
                    + beta1 + ", " + beta2 + ", " + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = addSlot("m");
        this.v = addSlot("v");
    }

    @Override
    protected Optimizer newInstance() {
        return new Adam(layout(), weightDecay(), beta1, beta2, epsilon);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    protected void beginStep(long t) {
        // beta^t by repeated multiplication: the same bits on every JVM (unlike Math.pow) and, unlike
        // StrictMath.pow on JDK 17, no allocation; after a restore the loop catches up once
        if (t < poweredTo) {
            power1 = 1;
            power2 = 1;
            poweredTo = 0;
        }
        while (poweredTo < t) {
            power1 *= beta1;
            power2 *= beta2;
            poweredTo++;
        }
        correction1 = 1 - power1;
        correction2 = 1 - power2;
    }

    @Override
    protected void update(int segment, float[] w, float[] g, double lambda, double lr) {
        Updates.adam(w, g, m.floats()[segment], v.floats()[segment], w.length, lambda, beta1, beta2, correction1,
                correction2, epsilon, lr);
    }

    @Override
    protected void update(int segment, double[] w, double[] g, double lambda, double lr) {
        Updates.adam(w, g, m.doubles()[segment], v.doubles()[segment], w.length, lambda, beta1, beta2, correction1,
                correction2, epsilon, lr);
    }
}
