package org.fnnc.train;

import org.fnnc.spec.TrainingSpec;

/**
 * The learning rate of each epoch, by 0-based epoch index {@code e} (the first epoch is {@code e = 0}).
 * Uses {@link StrictMath} so that a run reproduces bit for bit on any JVM.
 */
public sealed interface LearningRateSchedule {

    /** The learning rate for the epoch with 0-based index {@code epoch}. */
    double rate(int epoch);

    /** The schedule a training spec describes. */
    static LearningRateSchedule of(TrainingSpec t) {
        return switch (t.schedule()) {
            case CONSTANT -> new Constant(t.learningRate());
            case STEP -> new Step(t.learningRate(), t.stepSize(), t.gamma());
            case COSINE -> new Cosine(t.learningRate(), t.minLearningRate(), t.epochs());
        };
    }

    /** {@code lr} every epoch. */
    record Constant(double lr) implements LearningRateSchedule {
        @Override
        public double rate(int epoch) {
            return lr;
        }
    }

    /** {@code lr * gamma^floor(e / stepSize)}: decays by {@code gamma} every {@code stepSize} epochs. */
    record Step(double lr, int stepSize, double gamma) implements LearningRateSchedule {
        public Step {
            if (stepSize <= 0) {
                throw new IllegalArgumentException("step_size must be positive: " + stepSize);
            }
        }

        @Override
        public double rate(int epoch) {
            return lr * StrictMath.pow(gamma, epoch / stepSize);
        }
    }

    /**
     * {@code min + (lr - min) (1 + cos(pi e / epochs)) / 2}: {@code lr} at {@code e = 0}, falling to
     * {@code min} at {@code e = epochs}; epochs beyond {@code epochs} (a resumed run with more epochs)
     * stay at {@code min}.
     */
    record Cosine(double lr, double min, int epochs) implements LearningRateSchedule {
        public Cosine {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs must be positive: " + epochs);
            }
        }

        @Override
        public double rate(int epoch) {
            int e = Math.min(epoch, epochs);
            return min + (lr - min) * (1 + StrictMath.cos(Math.PI * e / epochs)) / 2;
        }
    }
}
