package org.fnnc.train;

import org.fnnc.network.Parameters;

/** A {@link TrainingStep} on the calling thread: one lane, one whole-parameter optimizer step. */
final class SerialStep implements TrainingStep {

    private final Lane lane;
    private final Parameters params;
    private final Parameters grads;
    private final Optimizer optimizer;
    private final DivergenceCheck check;

    SerialStep(Lane lane, Optimizer optimizer, DivergenceCheck check) {
        this.lane = lane;
        this.params = lane.network().parameters();
        this.grads = lane.network().gradients();
        this.optimizer = optimizer;
        this.check = check;
    }

    @Override
    public double trainStep(TrainingData data, int[] order, int from, int count, double lr) {
        double loss = lane.meanGradient(data, order, from, count);
        check.verify(loss, lane.gradientSum());
        optimizer.step(params, grads, lr);
        return loss;
    }

    /** Nothing to stop. */
    @Override
    public void close() {
    }
}
