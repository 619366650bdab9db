package org.fnnc.network;

/**
 * The one bridge between double values and a network's own precision: a {@link Batch} drives a network of either
 * precision through batch buffers of that precision (float arrays for a {@link FloatNetwork}, double arrays for a
 * {@link DoubleNetwork}), so precision-free callers — the trainer, the evaluator, gradient checks, the command
 * line — branch on float versus double nowhere, and allocate nothing per batch. The static methods are
 * conveniences that allocate a one-off batch; hot paths keep a {@link Batch} or call the precision-specific
 * methods of {@link FloatNetwork} and {@link DoubleNetwork} directly. Converting to float rounds to nearest;
 * converting to double is exact.
 */
public final class Networks {

    private Networks() {
    }

    /** A batch of up to {@code capacity} samples for {@code network}, its buffers allocated once, here. */
    public static Batch batch(Network network, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("batch capacity must not be negative: " + capacity);
        }
        if (network instanceof FloatNetwork f) {
            return new FloatBatch(f, capacity);
        }
        if (network instanceof DoubleNetwork d) {
            return new DoubleBatch(d, capacity);
        }
        throw new IllegalArgumentException(network.getClass().getName()
                + " implements neither FloatNetwork nor DoubleNetwork");
    }

    /** The outputs of a batch, sample-major ({@code out[b * outputSize + j]}), in double. */
    public static double[] predict(Network network, double[] x, int batch) {
        Batch b = batch(network, batch);
        b.set(x, null, batch);
        b.predict(batch);
        double[] out = new double[batch * network.outputSize()];
        b.outputs(out, batch);
        return out;
    }

    /** The mean loss over the batch. */
    public static double loss(Network network, double[] x, double[] targets, int batch) {
        Batch b = batch(network, batch);
        b.set(x, targets, batch);
        return b.loss(batch);
    }

    /** The mean loss; leaves the mean gradient in {@link Network#gradients()}. */
    public static double lossAndGradients(Network network, double[] x, double[] targets, int batch) {
        Batch b = batch(network, batch);
        b.set(x, targets, batch);
        return b.lossAndGradients(batch);
    }

    /** One plain SGD step on the mean gradient; returns the mean loss. */
    public static double sgdStep(Network network, double[] x, double[] targets, int batch, double learningRate) {
        Batch b = batch(network, batch);
        b.set(x, targets, batch);
        return b.sgdStep(batch, learningRate);
    }

    /** Each value rounded to float. */
    public static float[] toFloat(double[] values) {
        float[] f = new float[values.length];
        toFloat(values, f, values.length);
        return f;
    }

    /** Each value widened to double. */
    public static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        toDouble(values, d, values.length);
        return d;
    }

    /** {@code to[k] = (float) from[k]} for the first {@code n} values. */
    public static void toFloat(double[] from, float[] to, int n) {
        for (int k = 0; k < n; k++) {
            to[k] = (float) from[k];
        }
    }

    /** {@code to[k] = from[k]} (exact) for the first {@code n} values. */
    public static void toDouble(float[] from, double[] to, int n) {
        for (int k = 0; k < n; k++) {
            to[k] = from[k];
        }
    }

    /**
     * A network with buffers for up to {@link #capacity()} samples in its own precision: fill them
     * ({@link #gather} or {@link #set}), run the network on them, read outputs and targets back in double.
     * Counts are numbers of samples, at most the capacity. Not thread-safe, like the network.
     */
    public abstract static sealed class Batch permits FloatBatch, DoubleBatch {

        final int capacity;
        final int inputs;
        final int targetWidth;
        final int outputs;

        private Batch(Network network, int capacity) {
            this.capacity = capacity;
            this.inputs = network.inputSize();
            this.targetWidth = network.targetWidth();
            this.outputs = network.outputSize();
        }

        /** The network this batch runs. */
        public abstract Network network();

        /** The most samples the buffers hold. */
        public final int capacity() {
            return capacity;
        }

        /** Fills the buffers with samples {@code order[from .. from + count)} of {@code source}. */
        public abstract void gather(BatchSource source, int[] order, int from, int count);

        /**
         * Fills the buffers with {@code count} samples of {@code x} and, unless {@code t} is null, their targets.
         *
         * @throws IllegalArgumentException if the arrays are too short, or {@code count} exceeds the capacity
         */
        public final void set(double[] x, double[] t, int count) {
            if (count > capacity) {
                throw new IllegalArgumentException(count + " samples do not fit a batch of " + capacity);
            }
            if (t == null) {
                Targets.checkOutput(x.length, inputs, capacity * outputs, outputs, count);
            } else {
                Targets.checkBatch(x.length, inputs, t.length, targetWidth, count);
            }
            copyIn(x, t, count);
        }

        abstract void copyIn(double[] x, double[] t, int count);

        /** The forward pass of the batch; {@link #outputs} reads its result. */
        public abstract void predict(int count);

        /** The mean loss of the batch. */
        public abstract double loss(int count);

        /** The mean loss; the mean gradient is left in the network's gradients. */
        public abstract double lossAndGradients(int count);

        /** The summed loss; the summed gradient is added to the network's gradients. */
        public abstract double accumulateGradients(int count);

        /** The summed loss; the network's gradients are set to the summed gradient. */
        public abstract double gradientSum(int count);

        /** One plain SGD step on the mean gradient of the batch; returns the mean loss. */
        public abstract double sgdStep(int count, double learningRate);

        /** Copies the outputs of the last {@link #predict} of {@code count} samples into {@code to}. */
        public abstract void outputs(double[] to, int count);

        /** Copies the targets of {@code count} samples in the buffers into {@code to}. */
        public abstract void targets(double[] to, int count);
    }

    private static final class FloatBatch extends Batch {
        private final FloatNetwork net;
        private final float[] x;
        private final float[] t;
        private final float[] out;

        FloatBatch(FloatNetwork net, int capacity) {
            super(net, capacity);
            this.net = net;
            this.x = new float[capacity * inputs];
            this.t = new float[capacity * targetWidth];
            this.out = new float[capacity * outputs];
        }

        @Override
        public FloatNetwork network() {
            return net;
        }

        @Override
        public void gather(BatchSource source, int[] order, int from, int count) {
            source.gather(order, from, count, x, t);
        }

        @Override
        void copyIn(double[] xs, double[] ts, int count) {
            toFloat(xs, x, count * inputs);
            if (ts != null) {
                toFloat(ts, t, count * targetWidth);
            }
        }

        @Override
        public void predict(int count) {
            net.predict(x, count, out);
        }

        @Override
        public double loss(int count) {
            return net.loss(x, t, count);
        }

        @Override
        public double lossAndGradients(int count) {
            return net.lossAndGradients(x, t, count);
        }

        @Override
        public double accumulateGradients(int count) {
            return net.accumulateGradients(x, t, count);
        }

        @Override
        public double gradientSum(int count) {
            return net.gradientSum(x, t, count);
        }

        @Override
        public double sgdStep(int count, double learningRate) {
            return net.sgdStep(x, t, count, learningRate);
        }

        @Override
        public void outputs(double[] to, int count) {
            toDouble(out, to, count * outputs);
        }

        @Override
        public void targets(double[] to, int count) {
            toDouble(t, to, count * targetWidth);
        }
    }

    private static final class DoubleBatch extends Batch {
        private final DoubleNetwork net;
        private final double[] x;
        private final double[] t;
        private final double[] out;

        DoubleBatch(DoubleNetwork net, int capacity) {
            super(net, capacity);
            this.net = net;
            this.x = new double[capacity * inputs];
            this.t = new double[capacity * targetWidth];
            this.out = new double[capacity * outputs];
        }

        @Override
        public DoubleNetwork network() {
            return net;
        }

        @Override
        public void gather(BatchSource source, int[] order, int from, int count) {
            source.gather(order, from, count, x, t);
        }

        @Override
        void copyIn(double[] xs, double[] ts, int count) {
            System.arraycopy(xs, 0, x, 0, count * inputs);
            if (ts != null) {
                System.arraycopy(ts, 0, t, 0, count * targetWidth);
            }
        }

        @Override
        public void predict(int count) {
            net.predict(x, count, out);
        }

        @Override
        public double loss(int count) {
            return net.loss(x, t, count);
        }

        @Override
        public double lossAndGradients(int count) {
            return net.lossAndGradients(x, t, count);
        }

        @Override
        public double accumulateGradients(int count) {
            return net.accumulateGradients(x, t, count);
        }

        @Override
        public double gradientSum(int count) {
            return net.gradientSum(x, t, count);
        }

        @Override
        public double sgdStep(int count, double learningRate) {
            return net.sgdStep(x, t, count, learningRate);
        }

        @Override
        public void outputs(double[] to, int count) {
            System.arraycopy(out, 0, to, 0, count * outputs);
        }

        @Override
        public void targets(double[] to, int count) {
            System.arraycopy(t, 0, to, 0, count * targetWidth);
        }
    }
}
