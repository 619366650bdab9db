package org.fnnc.spec;

import java.util.Objects;

/**
 * Default training settings carried by a spec; front ends may override any of them.
 *
 * @param optimizer        sgd, momentum, nesterov or adam
 * @param learningRate     base learning rate (&gt; 0)
 * @param batchSize        minibatch size (&gt; 0)
 * @param epochs           passes over the training set (&gt; 0)
 * @param momentum         momentum coefficient for momentum and nesterov, in [0, 1)
 * @param beta1            Adam's first-moment decay, in [0, 1)
 * @param beta2            Adam's second-moment decay, in [0, 1)
 * @param epsilon          Adam's denominator guard (&gt; 0)
 * @param weightDecay      L2 penalty coefficient on weights (not biases), &gt;= 0
 * @param schedule         learning-rate schedule
 * @param stepSize         epochs between decays of the step schedule (&gt; 0)
 * @param gamma            decay factor of the step schedule, in (0, 1]
 * @param minLearningRate  floor of the cosine schedule, &gt;= 0
 * @param seed             seed for shuffling and data splits
 * @param patience         early stopping: epochs without improvement of the validation metric; 0 = off
 */
public record TrainingSpec(
        OptimizerKind optimizer,
        double learningRate,
        int batchSize,
        int epochs,
        double momentum,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        Schedule schedule,
        int stepSize,
        double gamma,
        double minLearningRate,
        long seed,
        int patience) {

    public static final TrainingSpec DEFAULT = new TrainingSpec(
            OptimizerKind.SGD, 0.1, 32, 5, 0.9, 0.9, 0.999, 1e-8, 0.0, Schedule.CONSTANT, 1, 0.5, 0.0, 1L, 0);

    public TrainingSpec {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        check(learningRate > 0 && Double.isFinite(learningRate), "learning_rate must be positive", learningRate);
        check(batchSize > 0, "batch_size must be positive", batchSize);
        check(epochs > 0, "epochs must be positive", epochs);
        check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1)", momentum);
        check(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1)", beta1);
        check(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1)", beta2);
        check(epsilon > 0 && Double.isFinite(epsilon), "epsilon must be positive", epsilon);
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay must not be negative", weightDecay);
        check(stepSize > 0, "step_size must be positive", stepSize);
        check(gamma > 0 && gamma <= 1, "gamma must be in (0, 1]", gamma);
        check(minLearningRate >= 0 && minLearningRate <= learningRate,
                "min_learning_rate must be in [0, learning_rate]", minLearningRate);
        check(patience >= 0, "patience must not be negative", patience);
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Settings by name: {@code TrainingSpec.builder().optimizer(OptimizerKind.ADAM).learningRate(0.001).build()};
     * every setting not named keeps its value from {@link #DEFAULT} (or from the spec {@link #toBuilder()} started
     * from). {@link #build()} checks the ranges, like the record's constructor.
     */
    public static final class Builder {
        private OptimizerKind optimizer;
        private double learningRate;
        private int batchSize;
        private int epochs;
        private double momentum;
        private double beta1;
        private double beta2;
        private double epsilon;
        private double weightDecay;
        private Schedule schedule;
        private int stepSize;
        private double gamma;
        private double minLearningRate;
        private long seed;
        private int patience;

        private Builder(TrainingSpec from) {
            this.optimizer = from.optimizer;
            this.learningRate = from.learningRate;
            this.batchSize = from.batchSize;
            this.epochs = from.epochs;
            this.momentum = from.momentum;
            this.beta1 = from.beta1;
            this.beta2 = from.beta2;
            this.epsilon = from.epsilon;
            this.weightDecay = from.weightDecay;
            this.schedule = from.schedule;
            this.stepSize = from.stepSize;
            this.gamma = from.gamma;
            this.minLearningRate = from.minLearningRate;
            this.seed = from.seed;
            this.patience = from.patience;
        }

        public Builder optimizer(OptimizerKind optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder beta1(double beta1) {
            this.beta1 = beta1;
            return this;
        }

        public Builder beta2(double beta2) {
            this.beta2 = beta2;
            return this;
        }

        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder stepSize(int stepSize) {
            this.stepSize = stepSize;
            return this;
        }

        public Builder gamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        public Builder minLearningRate(double minLearningRate) {
            this.minLearningRate = minLearningRate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        public TrainingSpec build() {
            return new TrainingSpec(optimizer, learningRate, batchSize, epochs, momentum, beta1, beta2, epsilon, weightDecay, schedule, stepSize, gamma, minLearningRate, seed, patience);
        }
    }

    private static void check(boolean ok, String message, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(message + ": " + value);
        }
    }
}
