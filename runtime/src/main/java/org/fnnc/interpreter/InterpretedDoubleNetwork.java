package org.fnnc.interpreter;

import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.DoubleParameters;
import org.fnnc.spec.NetworkSpec;

/** The interpreter for double specs: the {@link Reference} on the caller's arrays. */
final class InterpretedDoubleNetwork extends InterpretedNetwork<DoubleParameters> implements DoubleNetwork {

    InterpretedDoubleNetwork(NetworkSpec spec, DoubleParameters params) {
        super(spec, params, new DoubleParameters(params.layout()));
    }

    @Override
    public DoubleNetwork sharingParameters() {
        return new InterpretedDoubleNetwork(spec, params);
    }

    @Override
    public DoubleNetwork copy() {
        return new InterpretedDoubleNetwork(spec, params.copy());
    }

    @Override
    public void predict(double[] x, int batch, double[] out) {
        checkForward(x.length, out.length, batch);
        reference.predict(x, batch, out);
    }

    @Override
    public double loss(double[] x, double[] targets, int batch) {
        checkLoss(x.length, targets.length, batch);
        reference.checkTargets(targets, batch);
        return reference.lossSum(x, targets, batch) / batch;
    }

    @Override
    public double accumulateGradients(double[] x, double[] targets, int batch) {
        checkLoss(x.length, targets.length, batch);
        reference.checkTargets(targets, batch);
        return reference.accumulateGradients(x, targets, batch);
    }
}
