package org.fnnc.train;

import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;

/**
 * A network with batch buffers of its own precision: the one place the trainer and the evaluator branch on
 * float versus double, once per run, so their loops are precision-free and allocate nothing per step.
 */
abstract class Lane {

    final int capacity;

    private Lane(int capacity) {
        this.capacity = capacity;
    }

    /** A lane for batches of up to {@code capacity} samples. */
    static Lane of(Network network, int capacity) {
        if (network instanceof FloatNetwork f) {
            return new FloatLane(f, capacity);
        }
        if (network instanceof DoubleNetwork d) {
            return new DoubleLane(d, capacity);
        }
        throw new IllegalArgumentException(network.getClass().getName()
                + " implements neither FloatNetwork nor DoubleNetwork");
    }

    /** Gathers the batch, leaves its mean gradient in the network's gradients and returns its mean loss. */
    abstract double meanGradient(TrainingData data, int[] order, int from, int count);

    /** Gathers {@code count} samples (possibly none), sets the gradients to their sum and returns the summed loss. */
    abstract double accumulate(TrainingData data, int[] order, int from, int count);

    /** The lane's network. */
    abstract Network network();

    /** The sum of every gradient element, in double: finite exactly when every element is (barring overflow). */
    final double gradientSum() {
        return network().gradients().sum();
    }

    /**
     * Gathers a batch, runs it forward into {@code out} ({@code count * outputSize} values) and copies its
     * targets into {@code t}; returns the sum of the samples' losses.
     */
    abstract double evaluate(TrainingData data, int[] order, int from, int count, double[] out, double[] t);

    private static final class FloatLane extends Lane {
        private final FloatNetwork net;
        private final float[] x;
        private final float[] t;
        private final float[] out;

        @Override
        Network network() {
            return net;
        }

        FloatLane(FloatNetwork net, int capacity) {
            super(capacity);
            this.net = net;
            this.x = new float[capacity * net.inputSize()];
            this.t = new float[capacity * net.targetWidth()];
            this.out = new float[capacity * net.outputSize()];
        }

        @Override
        double meanGradient(TrainingData data, int[] order, int from, int count) {
            data.gather(order, from, count, x, t);
            return net.lossAndGradients(x, t, count);
        }

        @Override
        double accumulate(TrainingData data, int[] order, int from, int count) {
            net.gradients().fill(0.0);
            if (count == 0) {
                return 0.0;
            }
            data.gather(order, from, count, x, t);
            return net.accumulateGradients(x, t, count);
        }

        @Override
        double evaluate(TrainingData data, int[] order, int from, int count, double[] outD, double[] tD) {
            data.gather(order, from, count, x, t);
            double loss = (double) net.loss(x, t, count) * count;
            net.predict(x, count, out);
            for (int k = 0; k < count * net.outputSize(); k++) {
                outD[k] = out[k];
            }
            for (int k = 0; k < count * net.targetWidth(); k++) {
                tD[k] = t[k];
            }
            return loss;
        }
    }

    private static final class DoubleLane extends Lane {
        private final DoubleNetwork net;
        private final double[] x;
        private final double[] t;

        @Override
        Network network() {
            return net;
        }

        DoubleLane(DoubleNetwork net, int capacity) {
            super(capacity);
            this.net = net;
            this.x = new double[capacity * net.inputSize()];
            this.t = new double[capacity * net.targetWidth()];
        }

        @Override
        double meanGradient(TrainingData data, int[] order, int from, int count) {
            data.gather(order, from, count, x, t);
            return net.lossAndGradients(x, t, count);
        }

        @Override
        double accumulate(TrainingData data, int[] order, int from, int count) {
            net.gradients().fill(0.0);
            if (count == 0) {
                return 0.0;
            }
            data.gather(order, from, count, x, t);
            return net.accumulateGradients(x, t, count);
        }

        @Override
        double evaluate(TrainingData data, int[] order, int from, int count, double[] out, double[] tD) {
            data.gather(order, from, count, x, tD);
            double loss = net.loss(x, tD, count) * count;
            net.predict(x, count, out);
            return loss;
        }
    }
}
