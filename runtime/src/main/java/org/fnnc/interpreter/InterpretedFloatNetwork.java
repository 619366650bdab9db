package org.fnnc.interpreter;

import org.fnnc.network.FloatNetwork;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.Networks;
import org.fnnc.spec.NetworkSpec;

/**
 * The interpreter for float specs: float parameters and arrays, double arithmetic. A call widens its inputs and
 * targets to double (exactly), runs the {@link Reference} and rounds the outputs to float: the precision changes
 * here and nowhere else. The double arrays grow to the largest batch seen, so steady calls allocate nothing.
 */
final class InterpretedFloatNetwork extends InterpretedNetwork<FloatParameters> implements FloatNetwork {

    private double[] xs = new double[0];
    private double[] ts = new double[0];
    private double[] outs = new double[0];

    InterpretedFloatNetwork(NetworkSpec spec, FloatParameters params) {
        super(spec, params, new FloatParameters(params.layout()));
    }

    @Override
    public FloatNetwork sharingParameters() {
        return new InterpretedFloatNetwork(spec, params);
    }

    @Override
    public FloatNetwork copy() {
        return new InterpretedFloatNetwork(spec, params.copy());
    }

    @Override
    public void predict(float[] x, int batch, float[] out) {
        checkForward(x.length, out.length, batch);
        int n = batch * spec.outputSize();
        outs = atLeast(outs, n);
        reference.predict(widenInputs(x, batch), batch, outs);
        Networks.toFloat(outs, out, n);
    }

    @Override
    public float loss(float[] x, float[] targets, int batch) {
        checkLoss(x.length, targets.length, batch);
        double[] t = widenTargets(targets, batch);
        reference.checkTargets(t, batch);
        return (float) (reference.lossSum(widenInputs(x, batch), t, batch) / batch);
    }

    @Override
    public float accumulateGradients(float[] x, float[] targets, int batch) {
        checkLoss(x.length, targets.length, batch);
        double[] t = widenTargets(targets, batch);
        reference.checkTargets(t, batch);
        return (float) reference.accumulateGradients(widenInputs(x, batch), t, batch);
    }

    private double[] widenInputs(float[] x, int batch) {
        xs = atLeast(xs, batch * spec.input());
        Networks.toDouble(x, xs, batch * spec.input());
        return xs;
    }

    private double[] widenTargets(float[] t, int batch) {
        ts = atLeast(ts, batch * spec.targetWidth());
        Networks.toDouble(t, ts, batch * spec.targetWidth());
        return ts;
    }

    private static double[] atLeast(double[] buffer, int length) {
        return buffer.length >= length ? buffer : new double[length];
    }
}
