package org.fnnc.interpreter;

import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.DoubleParameters;
import org.fnnc.spec.NetworkSpec;

/** The interpreter for double specs (see {@link Core}). */
final class InterpretedDoubleNetwork extends InterpretedNetwork<DoubleParameters> implements DoubleNetwork {

    InterpretedDoubleNetwork(NetworkSpec spec, DoubleParameters params) {
        super(spec, params, new DoubleParameters(params.layout()));
    }

    @Override
    public DoubleNetwork sharingParameters() {
        return new InterpretedDoubleNetwork(spec(), params);
    }

    @Override
    public DoubleNetwork copy() {
        return new InterpretedDoubleNetwork(spec(), params.copy());
    }

    @Override
    public void predict(double[] x, int batch, double[] out) {
        core.bind(x, null, out, batch);
        core.predict(batch);
    }

    @Override
    public double loss(double[] x, double[] targets, int batch) {
        core.bind(x, targets, null, batch);
        return core.lossSum(batch) / batch;
    }

    @Override
    public double accumulateGradients(double[] x, double[] targets, int batch) {
        core.bind(x, targets, null, batch);
        return core.gradientSum(batch);
    }
}
