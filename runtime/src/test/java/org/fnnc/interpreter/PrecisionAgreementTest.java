package org.fnnc.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Networks;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.testsupport.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A float interpreter and a double interpreter holding the same (float-representable) parameters and inputs.
 * Both do all arithmetic in double on identical values, so outputs and {@code loss} must agree exactly after
 * rounding to float; only the float gradient buffers accumulate with float rounding.
 */
class PrecisionAgreementTest {

    private static final double U = Math.ulp(1.0f) / 2; // float unit roundoff, 2^-24

    @ParameterizedTest
    @EnumSource(Loss.class)
    void floatAndDoubleInterpretersAgree(Loss loss) {
        int batch = 5;
        NetworkSpec spec = Fixtures.spec(6, new int[] {7, 5, 4}, Activation.TANH, Fixtures.outputsFor(loss).get(0),
                loss, Precision.FLOAT, 77);
        FloatNetwork f = Interpreter.createFloat(spec);
        Fixtures.randomBiases(f.parameters(), 78);
        DoubleNetwork d = (DoubleNetwork) Interpreter.create(spec.withPrecision(Precision.DOUBLE), f.parameters());
        SplitMix64 rng = new SplitMix64(79);
        float[] xf = Networks.toFloat(Fixtures.inputs(spec, d.parameters(), batch, rng));
        float[] tf = Networks.toFloat(Fixtures.targets(spec, batch, rng));
        double[] x = new double[xf.length];
        double[] t = new double[tf.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = xf[i];
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = tf[i];
        }

        float[] outF = new float[batch * spec.outputSize()];
        double[] outD = new double[outF.length];
        f.predict(xf, batch, outF);
        d.predict(x, batch, outD);
        for (int k = 0; k < outF.length; k++) {
            assertEquals((float) outD[k], outF[k], "output " + k);
        }
        assertEquals((float) d.loss(x, t, batch), f.loss(xf, tf, batch));

        // Per-sample double gradients bound the float accumulation error: summing b terms in float and
        // scaling by (float) (1/b) is b + 2 roundings, each at most u times the sum of |terms| so far.
        int n = d.parameters().size();
        double[] absSum = new double[n];
        for (int b = 0; b < batch; b++) {
            double[] xs = java.util.Arrays.copyOfRange(x, b * spec.input(), (b + 1) * spec.input());
            double[] ts = java.util.Arrays.copyOfRange(t, b * spec.targetWidth(), (b + 1) * spec.targetWidth());
            d.lossAndGradients(xs, ts, 1);
            for (int k = 0; k < n; k++) {
                absSum[k] += Math.abs(d.gradients().get(k));
            }
        }
        double lossD = d.lossAndGradients(x, t, batch);
        float lossF = f.lossAndGradients(xf, tf, batch);
        // the float default divides the float sum: two roundings
        assertEquals(lossD, lossF, 2.5 * U * Math.abs(lossD));
        double[] gD = d.gradients().toArray();
        double[] gF = f.gradients().toArray();
        for (int k = 0; k < n; k++) {
            double bound = 1.01 * (batch + 2) * U * absSum[k] / batch + Float.MIN_NORMAL;
            double err = Math.abs(gF[k] - gD[k]);
            int index = k;
            assertTrue(err <= bound, () -> f.parameters().layout().describe(index) + ": float " + gF[index]
                    + " vs double " + gD[index] + ", error " + err + " > " + bound);
        }
    }
}
