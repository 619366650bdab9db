package org.fnnc.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The updates on the Vector API: the operations of {@link ScalarUpdates} lane by lane, in the same order and
 * without fusing (so the same bits), then the scalar loop over the tail.
 *
 * <p>C2 vectorises {@link ScalarUpdates}' float loops itself, but a trainer updates one weight row per call (128
 * floats in MNIST's 784-128-10), and C2's vectorised loop (an alignment pre-loop, a main loop unrolled to several
 * vectors per iteration, a scalar post-loop) runs much of so short a row in its scalar parts. Here each row is
 * whole vectors and a short tail. The README's MNIST job (momentum, batch 32, 12 epochs, JDK 17, Zen 5 family 26
 * model 2, 2026-12-02, four alternated runs each): 135-143k -> 164-174k samples/s, the same weights bit for bit;
 * momentum had been 31% of its JFR samples. The finiteness checks are reductions, which C2 does not vectorise.
 */
final class VectorUpdates implements UpdateKernels {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    /** The dense kernels' float species: a second float species would cost them their intrinsics on JDK 17. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int FL = F.length();
    /**
     * The species' vector classes: operands and every vector stored are cast to them so C2 binds the calls without
     * type profiles (a store straight from an operation's result was once bound by profile and boxed: hazard 7 in
     * docs/kernels.md).
     */
    private static final Class<?> FC = F.vectorType();
    private static final Class<?> DC = D.vectorType();

    private static final ScalarUpdates FLOATS = new ScalarUpdates();

    private static int body(int n) {
        return n - n % L;
    }

    @Override
    public void sgd(float[] w, float[] g, int n, float lambda, float lr) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        int k = 0;
        for (; k + FL <= n; k += FL) {
            final FloatVector wk = (FloatVector) FC.cast(FloatVector.fromArray(F, w, k));
            final FloatVector d = ((FloatVector) FC.cast(FloatVector.fromArray(F, g, k)))
                    .add(((FloatVector) FC.cast(wk)).mul(lambda));
            final FloatVector stepped = ((FloatVector) FC.cast(wk)).sub(((FloatVector) FC.cast(d)).mul(lr));
            ((FloatVector) FC.cast(stepped)).intoArray(w, k);
        }
        for (; k < n; k++) {
            final float d = g[k] + lambda * w[k];
            w[k] = w[k] - lr * d;
        }
    }

    @Override
    public void sgd(double[] w, double[] g, int n, double lambda, double lr) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        final int end = body(n);
        for (int k = 0; k < end; k += L) {
            final DoubleVector wk = DoubleVector.fromArray(D, w, k);
            final DoubleVector d = DoubleVector.fromArray(D, g, k).add(wk.mul(lambda));
            ((DoubleVector) DC.cast(wk.sub(d.mul(lr)))).intoArray(w, k);
        }
        for (int k = end; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            w[k] = w[k] - lr * d;
        }
    }

    @Override
    public void momentum(float[] w, float[] g, float[] v, int n, float lambda, float mu, boolean nesterov,
                         float lr) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        int k = 0;
        if (nesterov) {
            for (; k + FL <= n; k += FL) {
                final FloatVector wk = (FloatVector) FC.cast(FloatVector.fromArray(F, w, k));
                final FloatVector d = ((FloatVector) FC.cast(FloatVector.fromArray(F, g, k)))
                        .add(((FloatVector) FC.cast(wk)).mul(lambda));
                final FloatVector vk = ((FloatVector) FC.cast(FloatVector.fromArray(F, v, k))).mul(mu)
                        .add((FloatVector) FC.cast(d));
                ((FloatVector) FC.cast(vk)).intoArray(v, k);
                final FloatVector stepped = ((FloatVector) FC.cast(wk)).sub(((FloatVector) FC.cast(d))
                        .add(((FloatVector) FC.cast(vk)).mul(mu)).mul(lr));
                ((FloatVector) FC.cast(stepped)).intoArray(w, k);
            }
        } else {
            for (; k + FL <= n; k += FL) {
                final FloatVector wk = (FloatVector) FC.cast(FloatVector.fromArray(F, w, k));
                final FloatVector d = ((FloatVector) FC.cast(FloatVector.fromArray(F, g, k)))
                        .add(((FloatVector) FC.cast(wk)).mul(lambda));
                final FloatVector vk = ((FloatVector) FC.cast(FloatVector.fromArray(F, v, k))).mul(mu)
                        .add((FloatVector) FC.cast(d));
                ((FloatVector) FC.cast(vk)).intoArray(v, k);
                final FloatVector stepped = ((FloatVector) FC.cast(wk)).sub(((FloatVector) FC.cast(vk)).mul(lr));
                ((FloatVector) FC.cast(stepped)).intoArray(w, k);
            }
        }
        for (; k < n; k++) {
            final float d = g[k] + lambda * w[k];
            final float vk = mu * v[k] + d;
            v[k] = vk;
            w[k] = w[k] - lr * (nesterov ? d + mu * vk : vk);
        }
    }

    @Override
    public void momentum(double[] w, double[] g, double[] v, int n, double lambda, double mu, boolean nesterov,
                         double lr) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        final int end = body(n);
        if (nesterov) {
            for (int k = 0; k < end; k += L) {
                final DoubleVector wk = DoubleVector.fromArray(D, w, k);
                final DoubleVector d = DoubleVector.fromArray(D, g, k).add(wk.mul(lambda));
                final DoubleVector vk = DoubleVector.fromArray(D, v, k).mul(mu).add(d);
                ((DoubleVector) DC.cast(vk)).intoArray(v, k);
                ((DoubleVector) DC.cast(wk.sub(d.add(vk.mul(mu)).mul(lr)))).intoArray(w, k);
            }
        } else {
            for (int k = 0; k < end; k += L) {
                final DoubleVector wk = DoubleVector.fromArray(D, w, k);
                final DoubleVector d = DoubleVector.fromArray(D, g, k).add(wk.mul(lambda));
                final DoubleVector vk = DoubleVector.fromArray(D, v, k).mul(mu).add(d);
                ((DoubleVector) DC.cast(vk)).intoArray(v, k);
                ((DoubleVector) DC.cast(wk.sub(vk.mul(lr)))).intoArray(w, k);
            }
        }
        for (int k = end; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double vk = mu * v[k] + d;
            v[k] = vk;
            w[k] = w[k] - lr * (nesterov ? d + mu * vk : vk);
        }
    }

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int n, float lambda, float beta1, float beta2,
                     float correction1, float correction2, float epsilon, float lr) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        final float keep1 = 1 - beta1;
        final float keep2 = 1 - beta2;
        int k = 0;
        for (; k + FL <= n; k += FL) {
            final FloatVector wk = (FloatVector) FC.cast(FloatVector.fromArray(F, w, k));
            final FloatVector d = ((FloatVector) FC.cast(FloatVector.fromArray(F, g, k)))
                    .add(((FloatVector) FC.cast(wk)).mul(lambda));
            final FloatVector mk = ((FloatVector) FC.cast(FloatVector.fromArray(F, m, k))).mul(beta1)
                    .add(((FloatVector) FC.cast(d)).mul(keep1));
            final FloatVector vk = ((FloatVector) FC.cast(FloatVector.fromArray(F, v, k))).mul(beta2)
                    .add(((FloatVector) FC.cast(d)).mul(keep2).mul((FloatVector) FC.cast(d)));
            ((FloatVector) FC.cast(mk)).intoArray(m, k);
            ((FloatVector) FC.cast(vk)).intoArray(v, k);
            // IEEE square root, correctly rounded to float: what (float) Math.sqrt of a float gives
            final FloatVector step = ((FloatVector) FC.cast(mk)).div(correction1)
                    .div(((FloatVector) FC.cast(vk)).div(correction2).lanewise(VectorOperators.SQRT).add(epsilon));
            final FloatVector stepped = ((FloatVector) FC.cast(wk)).sub(((FloatVector) FC.cast(step)).mul(lr));
            ((FloatVector) FC.cast(stepped)).intoArray(w, k);
        }
        for (; k < n; k++) {
            final float d = g[k] + lambda * w[k];
            final float mk = beta1 * m[k] + keep1 * d;
            final float vk = beta2 * v[k] + keep2 * d * d;
            m[k] = mk;
            v[k] = vk;
            w[k] = w[k] - lr * ((mk / correction1) / ((float) Math.sqrt(vk / correction2) + epsilon));
        }
    }

    @Override
    public void adam(double[] w, double[] g, double[] m, double[] v, int n, double lambda, double beta1, double beta2,
                     double correction1, double correction2, double epsilon, double lr) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        final int end = body(n);
        final double keep1 = 1 - beta1;
        final double keep2 = 1 - beta2;
        for (int k = 0; k < end; k += L) {
            final DoubleVector wk = DoubleVector.fromArray(D, w, k);
            final DoubleVector d = DoubleVector.fromArray(D, g, k).add(wk.mul(lambda));
            final DoubleVector mk = DoubleVector.fromArray(D, m, k).mul(beta1).add(d.mul(keep1));
            final DoubleVector vk = DoubleVector.fromArray(D, v, k).mul(beta2).add(d.mul(keep2).mul(d));
            ((DoubleVector) DC.cast(mk)).intoArray(m, k);
            ((DoubleVector) DC.cast(vk)).intoArray(v, k);
            final DoubleVector step = mk.div(correction1).div(vk.div(correction2).sqrt().add(epsilon));
            ((DoubleVector) DC.cast(wk.sub(step.mul(lr)))).intoArray(w, k);
        }
        for (int k = end; k < n; k++) {
            final double d = g[k] + lambda * w[k];
            final double mk = beta1 * m[k] + keep1 * d;
            final double vk = beta2 * v[k] + keep2 * d * d;
            m[k] = mk;
            v[k] = vk;
            w[k] = w[k] - lr * ((mk / correction1) / (Math.sqrt(vk / correction2) + epsilon));
        }
    }

    @Override
    public boolean scaleFinite(float[] g, int n, float factor) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        if (n < FL) {
            // no vector to fill: the scalar loop, which (unlike vector code before C2 compiles it) allocates nothing
            return FLOATS.scaleFinite(g, n, factor);
        }
        // x * 0 is 0 for a finite x and NaN otherwise: the lanes sum to 0 exactly when every x is finite
        FloatVector zero = (FloatVector) FC.cast(FloatVector.zero(F));
        int k = 0;
        for (; k + FL <= n; k += FL) {
            final FloatVector x = ((FloatVector) FC.cast(FloatVector.fromArray(F, g, k))).mul(factor);
            ((FloatVector) FC.cast(x)).intoArray(g, k);
            zero = ((FloatVector) FC.cast(zero)).add(((FloatVector) FC.cast(x)).mul(0.0f));
        }
        float tail = 0;
        for (; k < n; k++) {
            final float x = g[k] * factor;
            g[k] = x;
            tail += x * 0;
        }
        return ((FloatVector) FC.cast(zero)).reduceLanes(VectorOperators.ADD) + tail == 0;
    }

    @Override
    public boolean scaleFinite(double[] g, int n, double factor) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        if (n < L) {
            // as above
            return FLOATS.scaleFinite(g, n, factor);
        }
        DoubleVector zero = (DoubleVector) DC.cast(DoubleVector.zero(D));
        int k = 0;
        for (; k + L <= n; k += L) {
            final DoubleVector x = ((DoubleVector) DC.cast(DoubleVector.fromArray(D, g, k))).mul(factor);
            ((DoubleVector) DC.cast(x)).intoArray(g, k);
            zero = ((DoubleVector) DC.cast(zero)).add(((DoubleVector) DC.cast(x)).mul(0.0));
        }
        double tail = 0;
        for (; k < n; k++) {
            final double x = g[k] * factor;
            g[k] = x;
            tail += x * 0;
        }
        return ((DoubleVector) DC.cast(zero)).reduceLanes(VectorOperators.ADD) + tail == 0;
    }

    @Override
    public boolean finite(float[] g, int n) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        if (n < FL) {
            // as above
            return FLOATS.finite(g, n);
        }
        FloatVector zero = (FloatVector) FC.cast(FloatVector.zero(F));
        int k = 0;
        for (; k + FL <= n; k += FL) {
            final FloatVector x = (FloatVector) FC.cast(FloatVector.fromArray(F, g, k));
            zero = ((FloatVector) FC.cast(zero)).add(((FloatVector) FC.cast(x)).mul(0.0f));
        }
        float tail = 0;
        for (; k < n; k++) {
            tail += g[k] * 0;
        }
        return ((FloatVector) FC.cast(zero)).reduceLanes(VectorOperators.ADD) + tail == 0;
    }

    @Override
    public boolean finite(double[] g, int n) {
        if (OutOfLine.NEVER) {
            OutOfLine.pad(new byte[] {  // 64 zeros: keeps this entry point out of line (OutOfLine)
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        if (n < L) {
            // as above
            return FLOATS.finite(g, n);
        }
        DoubleVector zero = (DoubleVector) DC.cast(DoubleVector.zero(D));
        int k = 0;
        for (; k + L <= n; k += L) {
            final DoubleVector x = (DoubleVector) DC.cast(DoubleVector.fromArray(D, g, k));
            zero = ((DoubleVector) DC.cast(zero)).add(((DoubleVector) DC.cast(x)).mul(0.0));
        }
        double tail = 0;
        for (; k < n; k++) {
            tail += g[k] * 0;
        }
        return ((DoubleVector) DC.cast(zero)).reduceLanes(VectorOperators.ADD) + tail == 0;
    }
}
