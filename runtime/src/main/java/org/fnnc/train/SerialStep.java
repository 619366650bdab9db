package org.fnnc.train;

import org.fnnc.network.Networks;
import org.fnnc.network.Parameters;

/** A {@link TrainingStep} on the calling thread: one batch, one whole-parameter optimizer step. */
final class SerialStep implements TrainingStep {

    private final Networks.Batch batch;
    private final Parameters params;
    private final Parameters grads;
    private final Optimizer optimizer;
    private final DivergenceCheck check;
    private final SegmentOrder scaleOrder = new SegmentOrder();

    SerialStep(Networks.Batch batch, Optimizer optimizer, DivergenceCheck check) {
        this.batch = batch;
        this.params = batch.network().parameters();
        this.grads = batch.network().gradients();
        this.optimizer = optimizer;
        this.check = check;
    }

    @Override
    public double trainStep(TrainingData data, int[] order, int from, int count, double lr) {
        double loss = TrainingStep.gradientSum(batch, data, order, from, count) / count;
        // the mean gradient and the check in one pass, in the order that streams faster (see SegmentOrder)
        boolean finite = grads.scaleFinite(1.0 / count, 0, grads.segmentCount(), scaleOrder.begin());
        scaleOrder.end();
        check.verify(loss, finite);
        optimizer.step(params, grads, lr);
        return loss;
    }

    /** Nothing to stop. */
    @Override
    public void close() {
    }
}
