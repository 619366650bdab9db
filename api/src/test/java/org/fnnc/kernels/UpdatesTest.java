package org.fnnc.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The optimizer updates: the scalar implementation against the textbook formulas written out here, operation by
 * operation in the parameters' precision (the contract: every operation rounded, no fused multiply-adds, float
 * arithmetic for float parameters), and, for float parameters, within a few ulps of the same formula evaluated
 * in double; the vector implementation against the scalar one bit for bit, over lengths that cross every vector
 * boundary; and the finiteness checks with a non-finite value at every position.
 */
class UpdatesTest {

    static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1000};

    static List<UpdateKernels> implementations() {
        List<UpdateKernels> all = new ArrayList<>();
        all.add(new ScalarUpdates());
        if (DenseKernelsTest.vectorModulePresent()) {
            all.add((UpdateKernels) DenseKernelsTest.vector("VectorUpdates"));
        }
        return all;
    }

    /** One rule applied by an implementation to float or double parameters, with its state. */
    private interface Rule {
        void apply(UpdateKernels k, float[] w, float[] g, float[] m, float[] v, int n);

        void apply(UpdateKernels k, double[] w, double[] g, double[] m, double[] v, int n);

        /** The textbook update of one element in double: returns the new w, updates m[0], v[0]. */
        double reference(double w, double g, double[] m, double[] v);

        /** The same in float arithmetic, every operation rounded to float. */
        float reference(float w, float g, float[] m, float[] v);
    }

    static final double LR = 0.03;
    static final double LAMBDA = 1e-3;

    static List<Rule> rules() {
        return rules(false);
    }

    /** The rules; with {@code floatCoefficients}, every coefficient of the double formulas rounded to float. */
    static List<Rule> rules(boolean floatCoefficients) {
        List<Rule> rules = new ArrayList<>();
        for (double lambda0 : new double[] {0, LAMBDA}) {
            double lambda = floatCoefficients ? (float) lambda0 : lambda0;
            double lr = floatCoefficients ? (float) LR : LR;
            float lambdaF = (float) lambda;
            float lrF = (float) lr;
            rules.add(new Rule() {
                public void apply(UpdateKernels k, float[] w, float[] g, float[] m, float[] v, int n) {
                    k.sgd(w, g, n, lambdaF, lrF);
                }

                public void apply(UpdateKernels k, double[] w, double[] g, double[] m, double[] v, int n) {
                    k.sgd(w, g, n, lambda, lr);
                }

                public double reference(double w, double g, double[] m, double[] v) {
                    return w - lr * (g + lambda * w);
                }

                public float reference(float w, float g, float[] m, float[] v) {
                    return w - lrF * (g + lambdaF * w);
                }
            });
            for (boolean nesterov : new boolean[] {false, true}) {
                double mu = floatCoefficients ? 0.9f : 0.9;
                float muF = (float) mu;
                rules.add(new Rule() {
                    public void apply(UpdateKernels k, float[] w, float[] g, float[] m, float[] v, int n) {
                        k.momentum(w, g, v, n, lambdaF, muF, nesterov, lrF);
                    }

                    public void apply(UpdateKernels k, double[] w, double[] g, double[] m, double[] v, int n) {
                        k.momentum(w, g, v, n, lambda, mu, nesterov, lr);
                    }

                    public double reference(double w, double g, double[] m, double[] v) {
                        double d = g + lambda * w;
                        v[0] = mu * v[0] + d;
                        return w - lr * (nesterov ? d + mu * v[0] : v[0]);
                    }

                    public float reference(float w, float g, float[] m, float[] v) {
                        float d = g + lambdaF * w;
                        v[0] = muF * v[0] + d;
                        return w - lrF * (nesterov ? d + muF * v[0] : v[0]);
                    }
                });
            }
            double b1 = floatCoefficients ? 0.9f : 0.9;
            double b2 = floatCoefficients ? 0.999f : 0.999;
            double c1 = floatCoefficients ? (float) (1 - 0.9 * 0.9 * 0.9) : 1 - b1 * b1 * b1;
            double c2 = floatCoefficients ? (float) (1 - 0.999 * 0.999 * 0.999) : 1 - b2 * b2 * b2;
            double eps = floatCoefficients ? 1e-8f : 1e-8;
            rules.add(new Rule() {
                public void apply(UpdateKernels k, float[] w, float[] g, float[] m, float[] v, int n) {
                    k.adam(w, g, m, v, n, lambdaF, (float) b1, (float) b2, (float) c1, (float) c2, (float) eps, lrF);
                }

                public void apply(UpdateKernels k, double[] w, double[] g, double[] m, double[] v, int n) {
                    k.adam(w, g, m, v, n, lambda, b1, b2, c1, c2, eps, lr);
                }

                public double reference(double w, double g, double[] m, double[] v) {
                    double d = g + lambda * w;
                    // (1 - b) as the float rules form it: from the rounded coefficient, rounded again
                    double keep1 = floatCoefficients ? (float) (1 - b1) : 1 - b1;
                    double keep2 = floatCoefficients ? (float) (1 - b2) : 1 - b2;
                    m[0] = b1 * m[0] + keep1 * d;
                    v[0] = b2 * v[0] + keep2 * d * d;
                    return w - lr * ((m[0] / c1) / (Math.sqrt(v[0] / c2) + eps));
                }

                public float reference(float w, float g, float[] m, float[] v) {
                    float d = g + lambdaF * w;
                    m[0] = (float) b1 * m[0] + (1 - (float) b1) * d;
                    v[0] = (float) b2 * v[0] + (1 - (float) b2) * d * d;
                    float root = (float) Math.sqrt(v[0] / (float) c2); // correctly rounded float square root
                    return w - lrF * ((m[0] / (float) c1) / (root + (float) eps));
                }
            });
        }
        return rules;
    }

    @Test
    void scalarUpdatesFollowTheFormulas() {
        UpdateKernels scalar = new ScalarUpdates();
        List<Rule> rounded = rules(true);
        int r = 0;
        for (Rule rule : rules()) {
            for (int n : LENGTHS) {
                SplittableRandom rnd = new SplittableRandom(31L * n + r);
                double[] w = random(rnd, n);
                double[] g = random(rnd, n);
                double[] m = random(rnd, n);
                double[] v = positive(rnd, n);
                float[] wf = floats(w);
                float[] gf = floats(g);
                float[] mf = floats(m);
                float[] vf = floats(v);
                double[] wd = w.clone();
                double[] md = m.clone();
                double[] vd = v.clone();
                rule.apply(scalar, wf, gf, mf, vf, n);
                rule.apply(scalar, wd, g.clone(), md, vd, n);
                for (int k = 0; k < n; k++) {
                    float[] m1 = {(float) m[k]};
                    float[] v1 = {(float) v[k]};
                    float expected = rule.reference((float) w[k], gf[k], m1, v1);
                    String at = "w[" + k + "] of " + n + ", rule " + r;
                    assertEquals(expected, wf[k], "float " + at);
                    assertEquals(m1[0], mf[k], "float m" + at);
                    assertEquals(v1[0], vf[k], "float v" + at);
                    // float arithmetic stays within a few roundings of the exact update of the same inputs (each
                    // rounding is relative to an operand, and the step is at most |old w| + |new w|)
                    double[] m2 = {(float) m[k]};
                    double[] v2 = {(float) v[k]};
                    double exact = rounded.get(r).reference((double) (float) w[k], gf[k], m2, v2);
                    float scale = (float) Math.max(Math.abs(w[k]), Math.abs(exact));
                    assertEquals(exact, wf[k], 4 * Math.ulp(scale), "float against double, " + at);
                    double[] m3 = {m[k]};
                    double[] v3 = {v[k]};
                    assertEquals(rule.reference(w[k], g[k], m3, v3), wd[k], "double " + at);
                }
            }
            r++;
        }
    }

    @Test
    void vectorUpdatesGiveTheScalarBits() {
        List<UpdateKernels> all = implementations();
        UpdateKernels scalar = all.get(0);
        for (UpdateKernels other : all.subList(1, all.size())) {
            int r = 0;
            for (Rule rule : rules()) {
                for (int n : LENGTHS) {
                    SplittableRandom rnd = new SplittableRandom(17L * n + r);
                    double[] w = random(rnd, n + 3);
                    double[] g = random(rnd, n + 3);
                    double[] m = random(rnd, n + 3);
                    double[] v = positive(rnd, n + 3);
                    // several steps, so the state feeds back
                    float[] wf1 = floats(w);
                    float[] wf2 = floats(w);
                    float[] m1 = floats(m);
                    float[] m2 = floats(m);
                    float[] v1 = floats(v);
                    float[] v2 = floats(v);
                    double[] wd1 = w.clone();
                    double[] wd2 = w.clone();
                    double[] md1 = m.clone();
                    double[] md2 = m.clone();
                    double[] vd1 = v.clone();
                    double[] vd2 = v.clone();
                    for (int step = 0; step < 3; step++) {
                        rule.apply(scalar, wf1, floats(g), m1, v1, n);
                        rule.apply(other, wf2, floats(g), m2, v2, n);
                        rule.apply(scalar, wd1, g, md1, vd1, n);
                        rule.apply(other, wd2, g, md2, vd2, n);
                    }
                    String what = other.getClass().getSimpleName() + " rule " + r + ", n = " + n;
                    assertArrayEquals(wf1, wf2, what + " float w");
                    assertArrayEquals(m1, m2, what + " float m");
                    assertArrayEquals(v1, v2, what + " float v");
                    assertArrayEquals(wd1, wd2, what + " double w");
                    assertArrayEquals(md1, md2, what + " double m");
                    assertArrayEquals(vd1, vd2, what + " double v");
                }
                r++;
            }
        }
    }

    @Test
    void finitenessChecksFindANonFiniteValueAnywhereAndScaleExactly() {
        for (UpdateKernels k : implementations()) {
            String name = k.getClass().getSimpleName();
            for (int n : LENGTHS) {
                SplittableRandom rnd = new SplittableRandom(5L * n);
                double[] g = random(rnd, n + 2);
                float[] gf = floats(g);
                double[] gd = g.clone();
                assertTrue(k.scaleFinite(gf, n, 0.25f), name + " float n = " + n);
                assertTrue(k.scaleFinite(gd, n, 0.25), name + " double n = " + n);
                assertTrue(k.finite(gf, n) && k.finite(gd, n), name + " n = " + n);
                for (int i = 0; i < n + 2; i++) {
                    // scaled by a power of two: exact; the two elements past n untouched
                    assertEquals(i < n ? (float) g[i] * 0.25f : (float) g[i], gf[i], name + " float " + i);
                    assertEquals(i < n ? g[i] * 0.25 : g[i], gd[i], name + " double " + i);
                }
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    for (int i = 0; i < n + 2; i++) {
                        float[] f = floats(g);
                        double[] d = g.clone();
                        f[i] = (float) bad;
                        d[i] = bad;
                        String at = name + " " + bad + " at " + i + " of " + n;
                        // past n the bad value is outside the range checked
                        assertEquals(i >= n, k.finite(f, n), at);
                        assertEquals(i >= n, k.finite(d, n), at);
                        assertEquals(i >= n, k.scaleFinite(f, n, 1.0f), at);
                        assertEquals(i >= n, k.scaleFinite(d, n, 1.0), at);
                    }
                }
            }
        }
    }

    private static double wf(double w) {
        return (float) w;
    }

    private static double[] random(SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble() * 2 - 1;
        }
        return a;
    }

    private static double[] positive(SplittableRandom rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble() * 0.01;
        }
        return a;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
