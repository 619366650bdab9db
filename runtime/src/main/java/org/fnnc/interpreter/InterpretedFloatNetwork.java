package org.fnnc.interpreter;

import org.fnnc.network.FloatNetwork;
import org.fnnc.network.FloatParameters;
import org.fnnc.spec.NetworkSpec;

/** The interpreter for float specs: float parameters and arrays, double arithmetic (see {@link Core}). */
final class InterpretedFloatNetwork extends InterpretedNetwork<FloatParameters> implements FloatNetwork {

    InterpretedFloatNetwork(NetworkSpec spec, FloatParameters params) {
        super(spec, params, new FloatParameters(params.layout()));
    }

    @Override
    public FloatNetwork sharingParameters() {
        return new InterpretedFloatNetwork(spec(), params);
    }

    @Override
    public FloatNetwork copy() {
        return new InterpretedFloatNetwork(spec(), params.copy());
    }

    @Override
    public void predict(float[] x, int batch, float[] out) {
        core.bind(x, null, out, batch);
        core.predict(batch);
    }

    @Override
    public float loss(float[] x, float[] targets, int batch) {
        core.bind(x, targets, null, batch);
        return (float) (core.lossSum(batch) / batch);
    }

    @Override
    public float accumulateGradients(float[] x, float[] targets, int batch) {
        core.bind(x, targets, null, batch);
        return (float) core.gradientSum(batch);
    }
}
