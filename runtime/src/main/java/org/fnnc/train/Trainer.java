package org.fnnc.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fnnc.network.Network;
import org.fnnc.network.Parameters;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.train.TrainingResult.StopReason;

/**
 * Minibatch training of any {@link Network}, float or double, with the settings of a {@link TrainingSpec}.
 *
 * <p>Each epoch reshuffles the training samples with a {@link SplitMix64} generator seeded from the spec
 * (Fisher–Yates over {@code 0 .. n-1}), so equal seeds give bit-identical runs; trains on minibatches of
 * {@code batch_size} samples (the last one may be smaller; its gradient is the mean over its actual size);
 * updates the parameters with the {@link Optimizer} at the epoch's {@link LearningRateSchedule} rate; then
 * evaluates the validation data, if any. With {@code patience > 0} it stops once the validation loss has
 * not improved (strictly decreased) for {@code patience} epochs, and in any case ends with the parameters
 * of the best epoch. A non-finite loss or gradient stops training with a {@link TrainingDivergedException}
 * before the parameters are touched. Steps allocate nothing.
 *
 * <p>A trainer holds settings only and can run many times; one run uses {@link Builder#threads(int)} threads
 * (default one). Progress goes to the {@link TrainingListener}s; the trainer prints nothing.
 */
public final class Trainer {

    private final TrainingSpec spec;
    private final TrainingListener[] listeners;
    private final CheckpointSink checkpoint;
    private final int checkpointEvery;
    private final int threads;
    private volatile boolean stopRequested;

    private Trainer(Builder b) {
        this.spec = b.settings.build();
        // an array: iterating it allocates no Iterator per step
        this.listeners = b.listeners.toArray(new TrainingListener[0]);
        this.checkpoint = b.checkpoint;
        this.checkpointEvery = b.checkpointEvery;
        this.threads = b.threads;
    }

    /** A builder starting from {@code defaults} (typically {@code networkSpec.training()}). */
    public static Builder builder(TrainingSpec defaults) {
        return new Builder(defaults);
    }

    /** The effective settings, overrides applied. */
    public TrainingSpec spec() {
        return spec;
    }

    /**
     * Asks the running (or next) run to stop after its current minibatch; it returns with
     * {@link StopReason#STOP_REQUESTED} and a state that {@link #resume} continues exactly. Thread-safe,
     * e.g. for a Ctrl-C handler.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains {@code network} in place from its current parameters.
     *
     * @param validation held-out data evaluated after every epoch; may be {@code null} unless early stopping
     *                   ({@code patience > 0}) is on
     * @throws TrainingDivergedException if a loss or gradient becomes NaN or infinite
     * @throws IllegalArgumentException  if the data does not fit the network
     */
    public TrainingResult fit(Network network, TrainingData train, TrainingData validation) {
        return run(network, train, validation, null);
    }

    /**
     * Continues a run from {@code state} (taken by a {@link CheckpointSink} or returned in a
     * {@link TrainingResult}): sets the network's parameters and the optimizer, shuffling and early-stopping
     * state from it, then trains to the end as {@link #fit} would have. With the same settings and data the
     * final parameters are bit-identical to an uninterrupted run's.
     *
     * @throws IllegalArgumentException if the state belongs to another network, optimizer or training set
     */
    public TrainingResult resume(Network network, TrainingData train, TrainingData validation, TrainingState state) {
        return run(network, train, validation, Objects.requireNonNull(state, "state"));
    }

    private TrainingResult run(Network network, TrainingData train, TrainingData validation, TrainingState from) {
        long start = System.nanoTime();
        Evaluator.checkCompatible(network, train, "training");
        if (validation != null) {
            Evaluator.checkCompatible(network, validation, "validation");
        }
        int n = train.size();
        if (n == 0) {
            throw new IllegalArgumentException("training data has no samples");
        }
        int patience = spec.patience();
        if (patience > 0 && validation == null) {
            throw new IllegalArgumentException("early stopping (patience " + patience
                    + ") needs validation data; pass validation data or set patience to 0");
        }
        Run r = new Run(network, train, validation, n);
        try {
            if (from != null) {
                r.restore(from);
            }
            return r.train(start);
        } finally {
            r.trainingStep.close();
            stopRequested = false;
        }
    }

    /** The mutable state of one run; it checks each step's loss and gradients for divergence. */
    private final class Run implements DivergenceCheck {
        final Network network;
        final Parameters params;
        final TrainingData train;
        final TrainingData validation;
        final int n;
        final int batch;
        final int steps;
        final TrainingStep trainingStep;
        final Evaluator evaluator;
        final Optimizer optimizer;
        final LearningRateSchedule schedule = LearningRateSchedule.of(spec);
        final SplitMix64 rng = new SplitMix64(spec.seed());
        final int[] order;
        int epoch;
        int step;
        double lr;
        double epochLossSum;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int sinceBest;
        Parameters best;

        Run(Network network, TrainingData train, TrainingData validation, int n) {
            this.network = network;
            this.params = network.parameters();
            this.train = train;
            this.validation = validation;
            this.n = n;
            this.batch = Math.min(spec.batchSize(), n);
            this.steps = (n + batch - 1) / batch;
            this.evaluator = validation == null ? null : new Evaluator(network);
            this.optimizer = Optimizer.create(spec, params.layout());
            this.order = new int[n];
            // last: it may start worker threads, which only fit(...)'s finally stops
            this.trainingStep = TrainingStep.create(network, batch, threads, optimizer, this);
        }

        void restore(TrainingState s) {
            String hash = network.spec().architectureHash();
            if (!s.architectureHash().equals(hash) || !s.optimizer().equals(optimizer.name())
                    || s.trainingSamples() != n || s.step() > steps) {
                throw new IllegalArgumentException("training state does not fit this run: it was saved for "
                        + "architecture " + s.architectureHash().substring(0, Math.min(12, s.architectureHash().length()))
                        + ", optimizer " + s.optimizer() + ", " + s.trainingSamples() + " training samples, step "
                        + s.step() + "; this run has architecture " + hash.substring(0, 12) + ", optimizer "
                        + optimizer.name() + ", " + n + " samples, " + steps + " steps per epoch");
            }
            params.copyFrom(s.parameters());
            optimizer.restore(s.optimizerState());
            rng.setState(s.rngState());
            epoch = s.epoch();
            step = s.step();
            epochLossSum = s.epochLossSum();
            bestLoss = s.bestLoss();
            bestEpoch = s.bestEpoch();
            sinceBest = s.epochsSinceBest();
            double[] b = s.bestParameters();
            if (b != null) {
                best = params.copy();
                best.copyFrom(b);
            }
        }

        TrainingResult train(long start) {
            int patience = spec.patience();
            List<EpochResult> results = new ArrayList<>();
            for (TrainingListener l : listeners) {
                l.onStart(epoch + 1, spec.epochs(), steps, n);
            }
            StopReason reason = StopReason.COMPLETED;
            while (epoch < spec.epochs()) {
                if (patience > 0 && sinceBest >= patience) {
                    reason = StopReason.EARLY_STOPPED;
                    break;
                }
                long epochStart = System.nanoTime();
                long epochRng = rng.state();
                rng.permutation(order);
                lr = schedule.rate(epoch);
                for (TrainingListener l : listeners) {
                    l.onEpochStart(epoch + 1, lr);
                }
                int firstStep = step;
                while (step < steps) {
                    int from = step * batch;
                    int count = Math.min(batch, n - from);
                    double loss = trainingStep.trainStep(train, order, from, count, lr);
                    epochLossSum += loss * count;
                    step++;
                    double seconds = (System.nanoTime() - epochStart) * 1e-9;
                    double rate = seconds > 0 ? (double) (step - firstStep) * batch / seconds : 0;
                    for (TrainingListener l : listeners) {
                        l.onStep(epoch + 1, step, steps, loss, rate);
                    }
                    if (stopRequested) {
                        return finish(results, StopReason.STOP_REQUESTED, start, epochRng);
                    }
                }
                results.add(endEpoch(lr, epochStart));
                if (checkpoint != null && epoch % checkpointEvery == 0) {
                    try {
                        checkpoint.save(state(rng.state()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("checkpoint after epoch " + epoch + " failed: "
                                + e.getMessage(), e);
                    }
                }
            }
            return finish(results, reason, start, rng.state());
        }

        /** Stops the run, before the update, if the current step's loss or gradients are not finite. */
        @Override
        public void verify(double loss, boolean gradientsFinite) {
            if (!Double.isFinite(loss) || !gradientsFinite) {
                TrainingDivergedException e = TrainingDivergedException.diagnose(network, epoch + 1, step + 1,
                        steps, loss, lr);
                if (e != null) {
                    throw e;
                }
            }
        }

        /** Evaluates, updates early stopping, moves to the next epoch; the step loop has just finished. */
        EpochResult endEpoch(double lr, long epochStart) {
            double trainLoss = epochLossSum / n;
            Metrics m = evaluator == null ? null : evaluator.evaluate(validation);
            boolean improved = false;
            if (spec.patience() > 0) {
                if (m.loss() < bestLoss) {
                    improved = true;
                    bestLoss = m.loss();
                    bestEpoch = epoch + 1;
                    sinceBest = 0;
                    best = params.copy();
                } else {
                    sinceBest++;
                }
            }
            epoch++;
            step = 0;
            epochLossSum = 0;
            EpochResult result = new EpochResult(epoch, trainLoss, m, lr, (System.nanoTime() - epochStart) * 1e-9,
                    improved);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(result);
            }
            return result;
        }

        TrainingResult finish(List<EpochResult> results, StopReason reason, long start, long rngState) {
            TrainingState state = state(rngState);
            if (reason != StopReason.STOP_REQUESTED && best != null) {
                params.copyFrom(best);
            }
            Metrics last = evaluator == null ? null : evaluator.evaluate(validation);
            TrainingResult result = new TrainingResult(results, reason,
                    reason != StopReason.STOP_REQUESTED && best != null ? bestEpoch : 0, last, state,
                    (System.nanoTime() - start) * 1e-9);
            for (TrainingListener l : listeners) {
                l.onFinish(result);
            }
            return result;
        }

        TrainingState state(long rngState) {
            return new TrainingState(network.spec().architectureHash(), optimizer.name(), n, epoch, step, rngState,
                    epochLossSum, params.toArray(), optimizer.state(), bestLoss, bestEpoch, sinceBest,
                    best == null ? null : best.toArray());
        }
    }

    /**
     * Settings of a {@link Trainer}: a {@link TrainingSpec} (any setting of which may be overridden by name, as in
     * {@link TrainingSpec.Builder}) and how to run it: threads, listeners, checkpoints.
     */
    public static final class Builder {
        private final TrainingSpec.Builder settings;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private CheckpointSink checkpoint;
        private int checkpointEvery;
        private int threads = 1;

        private Builder(TrainingSpec defaults) {
            settings = defaults.toBuilder();
        }

        public Builder optimizer(OptimizerKind o) {
            settings.optimizer(o);
            return this;
        }

        public Builder learningRate(double lr) {
            settings.learningRate(lr);
            return this;
        }

        public Builder batchSize(int n) {
            settings.batchSize(n);
            return this;
        }

        public Builder epochs(int n) {
            settings.epochs(n);
            return this;
        }

        public Builder momentum(double mu) {
            settings.momentum(mu);
            return this;
        }

        public Builder beta1(double b) {
            settings.beta1(b);
            return this;
        }

        public Builder beta2(double b) {
            settings.beta2(b);
            return this;
        }

        public Builder epsilon(double e) {
            settings.epsilon(e);
            return this;
        }

        public Builder weightDecay(double lambda) {
            settings.weightDecay(lambda);
            return this;
        }

        public Builder schedule(Schedule s) {
            settings.schedule(s);
            return this;
        }

        public Builder stepSize(int epochsPerDecay) {
            settings.stepSize(epochsPerDecay);
            return this;
        }

        public Builder gamma(double g) {
            settings.gamma(g);
            return this;
        }

        public Builder minLearningRate(double lr) {
            settings.minLearningRate(lr);
            return this;
        }

        public Builder seed(long s) {
            settings.seed(s);
            return this;
        }

        /** Early stopping patience in epochs; 0 turns early stopping off. */
        public Builder patience(int epochsWithoutImprovement) {
            settings.patience(epochsWithoutImprovement);
            return this;
        }

        /**
         * Threads training each batch (default 1). With {@code n > 1} every batch is cut into {@code n}
         * contiguous shards whose gradient sums are computed in parallel, thread k on replica k (the network
         * itself, then {@linkplain Network#copy() copies}); each thread reduces its share of the parameters'
         * gradients in shard order into every replica and, once the step is known not to diverge, every
         * replica takes the same optimizer step: the same seed and thread count give bit-identical
         * parameters; different thread counts agree up to rounding. See docs/training.md.
         *
         * @throws IllegalArgumentException if {@code n} is not positive
         */
        public Builder threads(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("threads must be a positive number: " + n
                        + " (use 1 for single-threaded training)");
            }
            this.threads = n;
            return this;
        }

        /** Adds a progress listener; listeners are called in the order added. */
        public Builder listener(TrainingListener l) {
            listeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Calls {@code sink} after every {@code everyEpochs}-th epoch (epochs k, 2k, ...). */
        public Builder checkpoint(CheckpointSink sink, int everyEpochs) {
            if (everyEpochs <= 0) {
                throw new IllegalArgumentException("checkpoint interval must be a positive number of epochs: "
                        + everyEpochs);
            }
            this.checkpoint = Objects.requireNonNull(sink, "sink");
            this.checkpointEvery = everyEpochs;
            return this;
        }

        /**
         * The trainer.
         *
         * @throws IllegalArgumentException if a setting is out of range (the message names it)
         */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
