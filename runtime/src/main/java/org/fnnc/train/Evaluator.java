package org.fnnc.train;

import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Loss;

/**
 * Computes {@link Metrics} of a network on a data set, in chunks through reusable buffers. The network's
 * parameters are only read. Not thread-safe (it runs the network, which owns scratch buffers).
 */
public final class Evaluator {

    /** Samples per forward pass. */
    static final int CHUNK = 256;

    private final Network network;
    private final Networks.Batch batch;
    private final int[] index;
    private final double[] out;
    private final double[] t;

    /** An evaluator for {@code network}, reusable across calls and data sets. */
    public Evaluator(Network network) {
        this.network = network;
        this.batch = Networks.batch(network, CHUNK);
        this.index = new int[CHUNK];
        this.out = new double[CHUNK * network.outputSize()];
        this.t = new double[CHUNK * network.targetWidth()];
    }

    /** The metrics of {@code network} on {@code data}: a convenience that builds a one-off evaluator. */
    public static Metrics evaluate(Network network, TrainingData data) {
        return new Evaluator(network).evaluate(data);
    }

    /**
     * The metrics of the network on {@code data}.
     *
     * @throws IllegalArgumentException if the data is empty or shaped for another network
     */
    public Metrics evaluate(TrainingData data) {
        checkCompatible(network, data, "evaluation");
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("evaluation data has no samples");
        }
        Loss loss = network.spec().loss();
        int outputs = network.outputSize();
        int classes = loss == Loss.CROSS_ENTROPY ? outputs : 2;
        long[][] confusion = new long[classes][classes];
        double lossSum = 0;
        double squared = 0;
        double absolute = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            for (int b = 0; b < count; b++) {
                index[b] = from + b;
            }
            batch.gather(data, index, 0, count);
            lossSum += batch.loss(count) * count;
            batch.predict(count);
            batch.outputs(out, count);
            batch.targets(t, count);
            for (int b = 0; b < count; b++) {
                int o = b * outputs;
                switch (loss) {
                    case CROSS_ENTROPY -> confusion[(int) t[b]][argmax(out, o, outputs)]++;
                    case BINARY_CROSS_ENTROPY -> {
                        for (int j = 0; j < outputs; j++) {
                            confusion[t[o + j] >= 0.5 ? 1 : 0][out[o + j] >= 0.5 ? 1 : 0]++;
                        }
                    }
                    case MSE -> {
                        for (int j = 0; j < outputs; j++) {
                            double e = out[o + j] - t[o + j];
                            squared += e * e;
                            absolute += Math.abs(e);
                        }
                    }
                }
            }
        }
        if (loss == Loss.MSE) {
            double values = (double) n * outputs;
            return new Metrics(n, lossSum / n, Double.NaN, squared / values, absolute / values, null);
        }
        ConfusionMatrix matrix = new ConfusionMatrix(confusion);
        return new Metrics(n, lossSum / n, (double) matrix.correct() / matrix.total(), Double.NaN, Double.NaN,
                matrix);
    }

    /** First index of the largest of {@code a[from .. from + n)}. */
    private static int argmax(double[] a, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (a[from + j] > a[from + best]) {
                best = j;
            }
        }
        return best;
    }

    /** Throws if {@code data}'s samples are not shaped for {@code network}; {@code role} names the data. */
    static void checkCompatible(Network network, TrainingData data, String role) {
        if (data.featureCount() != network.inputSize() || data.targetWidth() != network.targetWidth()) {
            throw new IllegalArgumentException(role + " data has " + data.featureCount() + " features and "
                    + data.targetWidth() + " targets per sample, but network " + network.spec().name()
                    + " takes " + network.inputSize() + " inputs and " + network.targetWidth() + " targets ("
                    + network.spec().loss().yamlName() + " with " + network.outputSize() + " outputs)");
        }
    }
}
