package org.fnnc.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The optimizer updates: the scalar implementation against the textbook formulas written out here (in double,
 * rounded once to the parameters' precision), and the vector implementation against the scalar one bit for bit
 * (it promises the same operations in the same order), over lengths that cross every vector boundary.
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
        void apply(UpdateKernels k, float[] w, float[] g, double[] m, double[] v, int n);

        void apply(UpdateKernels k, double[] w, double[] g, double[] m, double[] v, int n);

        /** The textbook update of one element: returns the new w, updates m[0], v[0]. */
        double reference(double w, double g, double[] m, double[] v);
    }

    static final double LR = 0.03;
    static final double LAMBDA = 1e-3;

    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (double lambda : new double[] {0, LAMBDA}) {
            rules.add(new Rule() {
                public void apply(UpdateKernels k, float[] w, float[] g, double[] m, double[] v, int n) {
                    k.sgd(w, g, n, lambda, LR);
                }

                public void apply(UpdateKernels k, double[] w, double[] g, double[] m, double[] v, int n) {
                    k.sgd(w, g, n, lambda, LR);
                }

                public double reference(double w, double g, double[] m, double[] v) {
                    return w - LR * (g + lambda * w);
                }
            });
            for (boolean nesterov : new boolean[] {false, true}) {
                double mu = 0.9;
                rules.add(new Rule() {
                    public void apply(UpdateKernels k, float[] w, float[] g, double[] m, double[] v, int n) {
                        k.momentum(w, g, v, n, lambda, mu, nesterov, LR);
                    }

                    public void apply(UpdateKernels k, double[] w, double[] g, double[] m, double[] v, int n) {
                        k.momentum(w, g, v, n, lambda, mu, nesterov, LR);
                    }

                    public double reference(double w, double g, double[] m, double[] v) {
                        double d = g + lambda * w;
                        v[0] = mu * v[0] + d;
                        return w - LR * (nesterov ? d + mu * v[0] : v[0]);
                    }
                });
            }
            double b1 = 0.9;
            double b2 = 0.999;
            double c1 = 1 - b1 * b1 * b1;
            double c2 = 1 - b2 * b2 * b2;
            double eps = 1e-8;
            rules.add(new Rule() {
                public void apply(UpdateKernels k, float[] w, float[] g, double[] m, double[] v, int n) {
                    k.adam(w, g, m, v, n, lambda, b1, b2, c1, c2, eps, LR);
                }

                public void apply(UpdateKernels k, double[] w, double[] g, double[] m, double[] v, int n) {
                    k.adam(w, g, m, v, n, lambda, b1, b2, c1, c2, eps, LR);
                }

                public double reference(double w, double g, double[] m, double[] v) {
                    double d = g + lambda * w;
                    m[0] = b1 * m[0] + (1 - b1) * d;
                    v[0] = b2 * v[0] + (1 - b2) * d * d;
                    return w - LR * ((m[0] / c1) / (Math.sqrt(v[0] / c2) + eps));
                }
            });
        }
        return rules;
    }

    @Test
    void scalarUpdatesFollowTheFormulas() {
        UpdateKernels scalar = new ScalarUpdates();
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
                double[] mf = m.clone();
                double[] vf = v.clone();
                double[] wd = w.clone();
                double[] md = m.clone();
                double[] vd = v.clone();
                rule.apply(scalar, wf, gf, mf, vf, n);
                rule.apply(scalar, wd, g.clone(), md, vd, n);
                for (int k = 0; k < n; k++) {
                    double[] m1 = {m[k]};
                    double[] v1 = {v[k]};
                    double expected = rule.reference(wf(w[k]), gf[k], m1, v1);
                    assertEquals((float) expected, wf[k], "float w[" + k + "] of " + n + ", rule " + r);
                    double[] m2 = {m[k]};
                    double[] v2 = {v[k]};
                    assertEquals(rule.reference(w[k], g[k], m2, v2), wd[k], "double w[" + k + "], rule " + r);
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
                    double[] m1 = m.clone();
                    double[] m2 = m.clone();
                    double[] v1 = v.clone();
                    double[] v2 = v.clone();
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
