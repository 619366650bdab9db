package org.fnnc.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.fnnc.network.Network;
import org.fnnc.network.Parameters;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.train.EpochResult;
import org.fnnc.train.LearningRateSchedule;
import org.fnnc.train.Metrics;
import org.fnnc.train.MinibatchLoop;
import org.fnnc.train.Optimizer;
import org.fnnc.train.TrainingResult.StopReason;
import org.fnnc.train.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of a fit: epochs of {@link TrainingAlgorithm#AVERAGING averaging rounds} or
 * {@link TrainingAlgorithm#EXACT exact steps} over packed, cached partitions, then per epoch the validation
 * metrics, early stopping, the divergence verdict and the checkpoint, as the single-machine {@code Trainer}
 * does them. Results come back in partition order and are combined in that order, so a fit's bits depend on
 * its inputs only: not on task timing, nor on which attempt of a task ran.
 */
final class DistributedFit {

    private static final Logger LOG = LoggerFactory.getLogger(DistributedFit.class);

    /** The settings of a fit: the spec's training section with the estimator's overrides, and how to distribute. */
    record Settings(TrainingSpec training, TrainingAlgorithm algorithm, int syncEvery, String checkpointDir,
            int checkpointInterval) {
    }

    private final JavaSparkContext sc;
    private final NetworkSpec spec;
    private final Network network;
    private final NetworkShipment shipment;
    private final Settings settings;
    private final TrainingSpec training;

    DistributedFit(JavaSparkContext sc, NetworkSpec spec, Network network, NetworkShipment shipment, Settings settings) {
        this.sc = sc;
        this.spec = spec;
        this.network = network;
        this.shipment = shipment;
        this.settings = settings;
        this.training = settings.training();
    }

    /** Seed of partition {@code p}'s shuffles: the run's seed for partition 0, so one partition is the trainer. */
    static long partitionSeed(long seed, int p) {
        return p == 0 ? seed : SplitMix64.mix(seed + p * 0x9E3779B97F4A7C15L);
    }

    /**
     * Trains the network in place on the packed partitions.
     *
     * @throws IllegalArgumentException            if a row is unusable or there is nothing to train on
     * @throws org.fnnc.train.TrainingDivergedException if a loss or gradient stops being finite
     */
    FnncTrainingSummary run(JavaRDD<PartitionRows> data) {
        long start = System.nanoTime();
        List<PartitionSize> sizes = data.map(r -> r.problem() != null ? new PartitionSize(0, 0, r.problem())
                : new PartitionSize(r.train().size(), r.validation().size(), null)).collect();
        int parts = sizes.size();
        int[] rows = new int[parts];
        int[] offsets = new int[parts];
        long total = 0;
        long validationRows = 0;
        for (int p = 0; p < parts; p++) {
            PartitionSize size = sizes.get(p);
            if (size.problem() != null) {
                throw new IllegalArgumentException("unusable training data: " + size.problem());
            }
            rows[p] = size.train();
            offsets[p] = (int) Math.min(total, Integer.MAX_VALUE);
            total += rows[p];
            validationRows += size.validation();
        }
        if (total == 0) {
            throw new IllegalArgumentException("the data has no training rows" + (validationRows > 0
                    ? " (all " + validationRows + " rows are marked for validation)" : ""));
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(total + " training rows: fnnc trains on at most 2^31 - 9 rows per fit");
        }
        int n = (int) total;
        int patience = training.patience();
        if (patience > 0 && validationRows == 0) {
            throw new IllegalArgumentException("early stopping (patience " + patience + ") needs validation rows;"
                    + " set validationIndicatorCol to a boolean column marking them, or set patience to 0 in the spec");
        }
        Run run = new Run(data, rows, offsets, n, validationRows > 0);
        return run.train(start);
    }

    /** The state of one fit. */
    private final class Run {
        final JavaRDD<PartitionRows> data;
        final int[] rows;
        final int[] offsets;
        final int n;
        final boolean validate;
        final Parameters params = network.parameters();
        final Optimizer optimizer = Optimizer.create(training, network.parameters().layout());
        final LearningRateSchedule schedule = LearningRateSchedule.of(training);
        final Broadcast<NetworkShipment> ship;
        final CheckpointStore checkpoints;
        final Map<String, String> fit;
        final long[] epochRng;
        final SplitMix64 globalRng = new SplitMix64(training.seed());
        int epoch;
        long rounds;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int sinceBest;
        double[] best;

        Run(JavaRDD<PartitionRows> data, int[] rows, int[] offsets, int n, boolean validate) {
            this.data = data;
            this.rows = rows;
            this.offsets = offsets;
            this.n = n;
            this.validate = validate;
            this.ship = sc.broadcast(shipment);
            this.epochRng = new long[rows.length];
            for (int p = 0; p < rows.length; p++) {
                epochRng[p] = new SplitMix64(partitionSeed(training.seed(), p)).state();
            }
            this.fit = new TreeMap<>();
            fit.put("spec.architecture_hash", spec.architectureHash());
            fit.put("optimizer", optimizer.name());
            fit.put("algorithm", settings.algorithm().paramValue());
            fit.put("sync_every", Integer.toString(settings.syncEvery()));
            fit.put("batch_size", Integer.toString(training.batchSize()));
            fit.put("seed", Long.toString(training.seed()));
            fit.put("partition_rows", Arrays.toString(rows).replace(" ", ""));
            this.checkpoints = settings.checkpointDir() == null ? null
                    : new CheckpointStore(settings.checkpointDir(), sc.hadoopConfiguration(), spec);
        }

        FnncTrainingSummary train(long start) {
            if (checkpoints != null) {
                TrainingState s = checkpoints.load(fit);
                if (s != null) {
                    restore(s);
                }
            }
            LOG.info("fnnc: training {} on {} rows in {} partitions, {} with {}, epochs {} to {}", spec,
                    n, rows.length, settings.algorithm().paramValue(), optimizer.name(), epoch + 1, training.epochs());
            List<EpochResult> results = new ArrayList<>();
            StopReason reason = StopReason.COMPLETED;
            try {
                while (epoch < training.epochs()) {
                    if (training.patience() > 0 && sinceBest >= training.patience()) {
                        reason = StopReason.EARLY_STOPPED;
                        break;
                    }
                    long epochStart = System.nanoTime();
                    double lr = schedule.rate(epoch);
                    double lossSum = settings.algorithm() == TrainingAlgorithm.AVERAGING ? averagingEpoch(lr)
                            : exactEpoch(lr);
                    results.add(endEpoch(lossSum / n, lr, epochStart));
                    if (checkpoints != null && epoch % settings.checkpointInterval() == 0) {
                        checkpoints.save(state(), fit);
                    }
                }
            } finally {
                ship.unpersist(false);
            }
            if (best != null) {
                params.copyFrom(best);
            }
            Metrics last = validate ? validation() : null;
            return new FnncTrainingSummary(results, reason, best != null ? bestEpoch : 0, last, rounds, n, rows.length,
                    (System.nanoTime() - start) * 1e-9);
        }

        /** One epoch of averaging rounds; returns the sum of the batches' losses times their sizes. */
        double averagingEpoch(double lr) {
            int parts = rows.length;
            int[] steps = new int[parts];
            int maxSteps = 0;
            for (int p = 0; p < parts; p++) {
                steps[p] = rows[p] == 0 ? 0 : MinibatchLoop.stepsPerEpoch(training.batchSize(), rows[p]);
                maxSteps = Math.max(maxSteps, steps[p]);
            }
            int roundsPerEpoch = maxSteps == 0 ? 0 : 1 + (maxSteps - 1) / settings.syncEvery();
            double lossSum = 0;
            long[] nextRng = epochRng.clone();
            for (int r = 0; r < roundsPerEpoch; r++) {
                int[] from = new int[parts];
                int[] to = new int[parts];
                for (int p = 0; p < parts; p++) {
                    // every partition finishes its pass in the epoch's last round
                    from[p] = (int) ((long) r * steps[p] / roundsPerEpoch);
                    to[p] = (int) ((long) (r + 1) * steps[p] / roundsPerEpoch);
                }
                RoundInput in = new RoundInput(params.toArray(), optimizer.state(), lr, training.batchSize(),
                        epoch + 1, epochRng.clone(), from, to);
                Broadcast<RoundInput> bc = sc.broadcast(in);
                List<RoundResult> results;
                try {
                    results = data.mapPartitionsWithIndex(new AveragingRound(ship, bc), true).collect();
                } finally {
                    bc.unpersist(false);
                }
                rounds++;
                lossSum += average(results);
                for (RoundResult res : results) {
                    nextRng[res.partition()] = res.rngAfterShuffle();
                }
            }
            System.arraycopy(nextRng, 0, epochRng, 0, epochRng.length);
            return lossSum;
        }

        /**
         * Sets the parameters and optimizer state to the row-weighted mean of the partitions' (in partition
         * order; one partition's are taken as they are) and returns the round's loss sum.
         */
        double average(List<RoundResult> results) {
            double lossSum = 0;
            double[] mean = null;
            Map<String, double[]> state = null;
            for (RoundResult r : results) {
                if (r.diverged() != null) {
                    LOG.error("fnnc: partition {} diverged: {}", r.partition(), r.diverged().getMessage());
                    throw r.diverged();
                }
                if (r.rows() == 0) {
                    continue;
                }
                double w = (double) r.rows() / n;
                if (mean == null) {
                    mean = scaled(r.parameters(), w);
                    state = new LinkedHashMap<>();
                    for (Map.Entry<String, double[]> e : r.optimizerState().entrySet()) {
                        state.put(e.getKey(), scaled(e.getValue(), w));
                    }
                } else {
                    addScaled(mean, r.parameters(), w);
                    for (Map.Entry<String, double[]> e : r.optimizerState().entrySet()) {
                        addScaled(state.get(e.getKey()), e.getValue(), w);
                    }
                }
                lossSum += r.lossSum();
            }
            state.get(Optimizer.STEP)[0] = Math.rint(state.get(Optimizer.STEP)[0]);
            params.copyFrom(mean);
            optimizer.restore(state);
            return lossSum;
        }

        /** One epoch of exact steps: the trainer's shuffle of all rows, one Spark job per minibatch. */
        double exactEpoch(double lr) {
            int[] order = new int[n];
            globalRng.permutation(order);
            Broadcast<int[]> bcOrder = sc.broadcast(order);
            int batch = MinibatchLoop.batchSize(training.batchSize(), n);
            int steps = MinibatchLoop.stepsPerEpoch(training.batchSize(), n);
            MinibatchLoop loop = new MinibatchLoop(network, batch, optimizer);
            double lossSum = 0;
            try {
                for (int s = 0; s < steps; s++) {
                    int from = s * batch;
                    int count = Math.min(batch, n - from);
                    Broadcast<double[]> bcParams = sc.broadcast(params.toArray());
                    List<GradientSum> sums;
                    try {
                        sums = data.mapPartitionsWithIndex(
                                new GradientStep(ship, bcParams, bcOrder, offsets, from, count), true).collect();
                    } finally {
                        bcParams.unpersist(false);
                    }
                    rounds++;
                    double[] g = null;
                    double loss = 0;
                    for (GradientSum part : sums) {
                        if (part.count() == 0) {
                            continue;
                        }
                        loss += part.lossSum();
                        if (g == null) {
                            g = part.gradient().clone();
                        } else {
                            addScaled(g, part.gradient(), 1.0);
                        }
                    }
                    for (int k = 0; k < g.length; k++) {
                        g[k] /= count;
                    }
                    network.gradients().copyFrom(g);
                    loop.update(loss / count, lr, epoch + 1, s + 1, steps);
                    lossSum += loss;
                }
            } finally {
                bcOrder.unpersist(false);
            }
            return lossSum;
        }

        /** Validation, early stopping and the log line, as the trainer ends an epoch. */
        EpochResult endEpoch(double trainLoss, double lr, long epochStart) {
            Metrics m = validate ? validation() : null;
            boolean improved = false;
            if (training.patience() > 0) {
                if (m.loss() < bestLoss) {
                    improved = true;
                    bestLoss = m.loss();
                    bestEpoch = epoch + 1;
                    sinceBest = 0;
                    best = params.toArray();
                } else {
                    sinceBest++;
                }
            }
            epoch++;
            EpochResult result = new EpochResult(epoch, trainLoss, m, lr, (System.nanoTime() - epochStart) * 1e-9,
                    improved);
            if (LOG.isInfoEnabled()) {
                LOG.info(String.format("fnnc: epoch %d/%d  train loss %.5f%s  lr %.4g  %.2f s", epoch,
                        training.epochs(), trainLoss, m == null ? "" : m.isClassification()
                                ? String.format("  validation loss %.5f accuracy %.2f%%", m.loss(), 100 * m.accuracy())
                                : String.format("  validation loss %.5f mse %.5g", m.loss(), m.meanSquaredError()),
                        lr, result.seconds()));
            }
            return result;
        }

        Metrics validation() {
            Broadcast<double[]> bc = sc.broadcast(params.toArray());
            try {
                MetricsPart sum = MetricsPart.EMPTY;
                for (MetricsPart part : data.mapPartitionsWithIndex(new Validation(ship, bc), true).collect()) {
                    sum = sum.plus(part);
                }
                return sum.metrics();
            } finally {
                bc.unpersist(false);
            }
        }

        TrainingState state() {
            long rng = settings.algorithm() == TrainingAlgorithm.EXACT ? globalRng.state() : epochRng[0];
            return new TrainingState(spec.architectureHash(), optimizer.name(), n, epoch, 0, rng, 0, params.toArray(),
                    optimizer.state(), bestLoss, bestEpoch, sinceBest, best);
        }

        /** Continues from a checkpoint: parameters, optimizer and early stopping as saved, the shuffles replayed. */
        void restore(TrainingState s) {
            if (!s.optimizer().equals(optimizer.name()) || s.trainingSamples() != n || s.step() != 0) {
                throw new IllegalArgumentException("the checkpoint in " + settings.checkpointDir() + " does not fit"
                        + " this fit: optimizer " + s.optimizer() + ", " + s.trainingSamples() + " rows; this fit has "
                        + optimizer.name() + ", " + n + " rows");
            }
            params.copyFrom(s.parameters());
            optimizer.restore(s.optimizerState());
            epoch = s.epoch();
            bestLoss = s.bestLoss();
            bestEpoch = s.bestEpoch();
            sinceBest = s.epochsSinceBest();
            best = s.bestParameters();
            globalRng.setState(s.rngState());
            for (int p = 0; p < rows.length; p++) {
                SplitMix64 rng = new SplitMix64(partitionSeed(training.seed(), p));
                int[] order = new int[rows[p]];
                for (int e = 0; e < epoch && rows[p] > 0; e++) {
                    rng.permutation(order);
                }
                epochRng[p] = rng.state();
            }
            LOG.info("fnnc: resuming after epoch {} from the checkpoint in {}", epoch, settings.checkpointDir());
        }
    }

    /** A partition's row counts, or why its rows cannot be used. */
    record PartitionSize(int train, int validation, String problem) implements java.io.Serializable {
    }

    private static double[] scaled(double[] x, double w) {
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = w * x[k];
        }
        return y;
    }

    private static void addScaled(double[] acc, double[] x, double w) {
        for (int k = 0; k < x.length; k++) {
            acc[k] += w * x[k];
        }
    }
}
