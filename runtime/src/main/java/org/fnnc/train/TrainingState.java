package org.fnnc.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.ParameterTensor;

/**
 * Everything a {@link Trainer} needs to continue a run exactly where it was taken: resuming from it in a
 * fresh trainer and network gives the bits an uninterrupted run would have given. Immutable (arrays are
 * copied in and out).
 *
 * <p>For checkpoint files, {@link #tensors} and {@link #metadata} flatten the state into named arrays and
 * strings (the parameters under their canonical names, so a checkpoint is also a weights file), and
 * {@link #fromTensors} reads them back.
 */
public final class TrainingState {

    private static final String META = "fnnc.train.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String BEST = "best.";

    private final String architectureHash;
    private final String optimizer;
    private final int trainingSamples;
    private final int epoch;
    private final int step;
    private final long rngState;
    private final double epochLossSum;
    private final double[] parameters;
    private final Map<String, double[]> optimizerState;
    private final double bestLoss;
    private final int bestEpoch;
    private final int epochsSinceBest;
    private final double[] bestParameters;

    /**
     * @param architectureHash the network's {@link org.fnnc.spec.NetworkSpec#architectureHash()}
     * @param optimizer        the optimizer's {@link Optimizer#name()}
     * @param trainingSamples  size of the training set (the shuffles depend on it)
     * @param epoch            epochs completed
     * @param step             minibatches completed of epoch {@code epoch + 1}; 0 at an epoch boundary
     * @param rngState         shuffling generator state before the shuffle of epoch {@code epoch + 1}
     * @param epochLossSum     sum of {@code loss * batch size} over the completed minibatches of epoch
     *                         {@code epoch + 1}; 0 at an epoch boundary
     * @param parameters       the network's parameters in canonical order
     * @param optimizerState   {@link Optimizer#state()}
     * @param bestLoss         early stopping: best validation loss so far, {@code +Infinity} if none
     * @param bestEpoch        early stopping: the epoch that reached it, 0 if none
     * @param epochsSinceBest  early stopping: epochs since it was reached
     * @param bestParameters   early stopping: the parameters after {@code bestEpoch}; {@code null} if none
     */
    public TrainingState(String architectureHash, String optimizer, int trainingSamples, int epoch, int step,
            long rngState, double epochLossSum, double[] parameters, Map<String, double[]> optimizerState,
            double bestLoss, int bestEpoch, int epochsSinceBest, double[] bestParameters) {
        this.architectureHash = Objects.requireNonNull(architectureHash, "architectureHash");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        if (trainingSamples <= 0 || epoch < 0 || step < 0 || bestEpoch < 0 || epochsSinceBest < 0) {
            throw new IllegalArgumentException("invalid training state counters: samples " + trainingSamples
                    + ", epoch " + epoch + ", step " + step + ", best epoch " + bestEpoch
                    + ", epochs since best " + epochsSinceBest);
        }
        this.trainingSamples = trainingSamples;
        this.epoch = epoch;
        this.step = step;
        this.rngState = rngState;
        this.epochLossSum = epochLossSum;
        this.parameters = parameters.clone();
        this.optimizerState = copy(optimizerState);
        this.bestLoss = bestLoss;
        this.bestEpoch = bestEpoch;
        this.epochsSinceBest = epochsSinceBest;
        this.bestParameters = bestParameters == null ? null : bestParameters.clone();
    }

    private static Map<String, double[]> copy(Map<String, double[]> m) {
        Map<String, double[]> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, v.clone()));
        return c;
    }

    public String architectureHash() {
        return architectureHash;
    }

    public String optimizer() {
        return optimizer;
    }

    public int trainingSamples() {
        return trainingSamples;
    }

    /** Epochs completed. */
    public int epoch() {
        return epoch;
    }

    /** Minibatches completed of epoch {@code epoch() + 1}; 0 at an epoch boundary. */
    public int step() {
        return step;
    }

    public long rngState() {
        return rngState;
    }

    public double epochLossSum() {
        return epochLossSum;
    }

    /** The parameters in canonical order (a copy). */
    public double[] parameters() {
        return parameters.clone();
    }

    /** The optimizer state (a copy). */
    public Map<String, double[]> optimizerState() {
        return copy(optimizerState);
    }

    public double bestLoss() {
        return bestLoss;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public int epochsSinceBest() {
        return epochsSinceBest;
    }

    /** The best parameters so far in canonical order (a copy), or {@code null}. */
    public double[] bestParameters() {
        return bestParameters == null ? null : bestParameters.clone();
    }

    /**
     * The arrays of the state by name: the parameters as {@code layers.N.weight} / {@code layers.N.bias}
     * (canonical shapes), the optimizer state as {@code optimizer.<name>}, the best parameters (if any) as
     * {@code best.layers.N.weight} etc.
     */
    public Map<String, double[]> tensors(ParameterLayout layout) {
        checkSize(layout, parameters.length, "parameters");
        Map<String, double[]> m = new LinkedHashMap<>();
        split(layout, parameters, "", m);
        optimizerState.forEach((k, v) -> m.put(OPTIMIZER + k, v.clone()));
        if (bestParameters != null) {
            split(layout, bestParameters, BEST, m);
        }
        return m;
    }

    /** The scalars of the state as strings under {@code fnnc.train.*} keys; numbers round-trip exactly. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(META + "architecture_hash", architectureHash);
        m.put(META + "optimizer", optimizer);
        m.put(META + "training_samples", Integer.toString(trainingSamples));
        m.put(META + "epoch", Integer.toString(epoch));
        m.put(META + "step", Integer.toString(step));
        m.put(META + "rng_state", Long.toString(rngState));
        m.put(META + "epoch_loss_sum", Double.toString(epochLossSum));
        m.put(META + "best_loss", Double.toString(bestLoss));
        m.put(META + "best_epoch", Integer.toString(bestEpoch));
        m.put(META + "epochs_since_best", Integer.toString(epochsSinceBest));
        return m;
    }

    /**
     * The state whose {@link #tensors} and {@link #metadata} these are.
     *
     * @throws IllegalArgumentException naming a missing or malformed entry
     */
    public static TrainingState fromTensors(Map<String, double[]> tensors, Map<String, String> metadata,
            ParameterLayout layout) {
        Map<String, double[]> opt = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(OPTIMIZER)) {
                opt.put(k.substring(OPTIMIZER.length()), v);
            }
        });
        boolean hasBest = tensors.containsKey(BEST + layout.tensors().get(0).name());
        return new TrainingState(meta(metadata, "architecture_hash"), meta(metadata, "optimizer"),
                integer(metadata, "training_samples"), integer(metadata, "epoch"), integer(metadata, "step"),
                parse(metadata, "rng_state", Long::parseLong), parse(metadata, "epoch_loss_sum", Double::parseDouble),
                join(layout, tensors, ""), opt, parse(metadata, "best_loss", Double::parseDouble),
                integer(metadata, "best_epoch"), integer(metadata, "epochs_since_best"),
                hasBest ? join(layout, tensors, BEST) : null);
    }

    private static void split(ParameterLayout layout, double[] flat, String prefix, Map<String, double[]> m) {
        for (ParameterTensor t : layout.tensors()) {
            m.put(prefix + t.name(), Arrays.copyOfRange(flat, t.offset(), t.offset() + t.size()));
        }
    }

    private static double[] join(ParameterLayout layout, Map<String, double[]> m, String prefix) {
        double[] flat = new double[layout.size()];
        for (ParameterTensor t : layout.tensors()) {
            double[] v = m.get(prefix + t.name());
            if (v == null) {
                throw new IllegalArgumentException("training state has no tensor '" + prefix + t.name() + "'");
            }
            checkSize(t.size(), v.length, prefix + t.name());
            System.arraycopy(v, 0, flat, t.offset(), t.size());
        }
        return flat;
    }

    private static void checkSize(ParameterLayout layout, int actual, String what) {
        checkSize(layout.size(), actual, what);
    }

    private static void checkSize(int expected, int actual, String what) {
        if (expected != actual) {
            throw new IllegalArgumentException("training state " + what + " has " + actual + " values, the network "
                    + expected + " (was it saved for another network?)");
        }
    }

    private static String meta(Map<String, String> metadata, String key) {
        String v = metadata.get(META + key);
        if (v == null) {
            throw new IllegalArgumentException("training state metadata has no '" + META + key + "'");
        }
        return v;
    }

    private static int integer(Map<String, String> metadata, String key) {
        return parse(metadata, key, Integer::parseInt);
    }

    private static <T> T parse(Map<String, String> metadata, String key, java.util.function.Function<String, T> f) {
        String v = meta(metadata, key);
        try {
            return f.apply(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("training state metadata '" + META + key + "' is '" + v
                    + "', not a number", e);
        }
    }
}
