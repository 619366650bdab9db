package org.fnnc.kernels;

import org.fnnc.spec.Activation;

/**
 * One implementation of the dense kernels in one precision, driven through double arrays: inputs are rounded to
 * the precision before the call (so an exact reference over the same values is possible), outputs come back
 * widened. Test plumbing only: the arithmetic under test is the implementation's.
 */
abstract class DenseKit {

    final String name;

    DenseKit(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Unit roundoff of the precision. */
    abstract double unitRoundoff();

    /** {@code v} rounded to the precision. */
    abstract double round(double v);

    abstract Object workspace(int maxSamples, int maxInputs, int maxUnits);

    abstract void forward(double[] x, int xo, int ldx, int n, int inputs, double[][] w, double[] b, int units,
                          Activation f, double alpha, double[] y, int yo, int ldy, Object ws);

    /** Accumulates the gradients into {@code gw}, {@code gb}. */
    void weightGradient(double[] x, int xo, int ldx, int n, int inputs, double[] d, int dOff, int ldd, int units,
                        double[][] gw, double[] gb, Object ws) {
        weightGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, gb, true, null, null, 0, 0, ws);
    }

    /** The kernel's weight gradient; with {@code w} (and {@code b}) not null, the fused SGD step on them too. */
    abstract void weightGradient(double[] x, int xo, int ldx, int n, int inputs, double[] d, int dOff, int ldd,
                                 int units, double[][] gw, double[] gb, boolean accumulate, double[][] w,
                                 double[] b, double scale, double lr, Object ws);

    abstract void inputGradient(double[] d, int dOff, int ldd, int n, int units, double[][] w, int inputs,
                                Activation f, double alpha, double[] a, int ao, int lda, double[] dx, int dxo,
                                int lddx, Object ws);

    /** The kernel's one-sample backward pass and SGD step ({@code dx} may be null: a first layer). */
    abstract void sgdOneSample(double[] a, int ao, int inputs, double[] d, int dOff, int units, double[][] w,
                               double[] b, double[] gb, double lr, Activation f, double alpha, double[] dx, int dxo,
                               Object ws);

    /** The kernel's one-sample weight step alone ({@code oneSampleStep}), on {@code w}. */
    abstract void oneSampleStep(double[] u, int uo, int inputs, double[] v, int vo, int units, double[][] w,
                                double lr);

    /** The kernel's deferred one-sample step and forward pass of one sample ({@code forwardAfterStep}). */
    abstract void forwardAfterStep(double[] x, int xo, int inputs, double[][] w, double[] b, int units, Activation f,
                                   double alpha, double[] y, int yo, double[] u, int uo, double[] v, int vo,
                                   double lr, Object ws);

    static DenseKit floats(String name, FloatDenseKernels k) {
        return new DenseKit(name + " float") {
            @Override
            double unitRoundoff() {
                return 0x1p-24;
            }

            @Override
            double round(double v) {
                return (float) v;
            }

            @Override
            Object workspace(int maxSamples, int maxInputs, int maxUnits) {
                return new FloatDenseWorkspace(maxSamples, maxInputs, maxUnits, k);
            }

            @Override
            void forward(double[] x, int xo, int ldx, int n, int inputs, double[][] w, double[] b, int units,
                         Activation f, double alpha, double[] y, int yo, int ldy, Object ws) {
                float[] yf = f(y);
                k.forward(f(x), xo, ldx, n, inputs, f(w), f(b), units, f, (float) alpha, yf, yo, ldy,
                        (FloatDenseWorkspace) ws);
                back(yf, y);
            }

            @Override
            void weightGradient(double[] x, int xo, int ldx, int n, int inputs, double[] d, int dOff, int ldd,
                                int units, double[][] gw, double[] gb, boolean accumulate, double[][] w,
                                double[] b, double scale, double lr, Object ws) {
                float[][] gwf = gw == null ? null : f(gw);
                float[] gbf = f(gb);
                float[][] wf = w == null ? null : f(w);
                float[] bf = b == null ? null : f(b);
                k.weightGradient(f(x), xo, ldx, n, inputs, f(d), dOff, ldd, units, gwf, gbf, accumulate, wf, bf,
                        (float) scale, (float) lr, (FloatDenseWorkspace) ws);
                for (int i = 0; gw != null && i < gw.length; i++) {
                    back(gwf[i], gw[i]);
                }
                back(gbf, gb);
                if (w != null) {
                    for (int i = 0; i < w.length; i++) {
                        back(wf[i], w[i]);
                    }
                    back(bf, b);
                }
            }

            @Override
            void inputGradient(double[] d, int dOff, int ldd, int n, int units, double[][] w, int inputs,
                               Activation f, double alpha, double[] a, int ao, int lda, double[] dx, int dxo,
                               int lddx, Object ws) {
                float[] dxf = f(dx);
                k.inputGradient(f(d), dOff, ldd, n, units, f(w), inputs, f, (float) alpha, f(a), ao, lda, dxf,
                        dxo, lddx, (FloatDenseWorkspace) ws);
                back(dxf, dx);
            }

            @Override
            void sgdOneSample(double[] a, int ao, int inputs, double[] d, int dOff, int units, double[][] w,
                              double[] b, double[] gb, double lr, Activation f, double alpha, double[] dx, int dxo,
                              Object ws) {
                float[][] wf = f(w);
                float[] bf = f(b);
                float[] gbf = f(gb);
                float[] dxf = dx == null ? null : f(dx);
                k.sgdOneSample(f(a), ao, inputs, f(d), dOff, units, wf, bf, gbf, (float) lr, f, (float) alpha, dxf,
                        dxo, (FloatDenseWorkspace) ws);
                for (int i = 0; i < w.length; i++) {
                    back(wf[i], w[i]);
                }
                back(bf, b);
                back(gbf, gb);
                if (dx != null) {
                    back(dxf, dx);
                }
            }

            @Override
            void oneSampleStep(double[] u, int uo, int inputs, double[] v, int vo, int units, double[][] w,
                               double lr) {
                float[][] wf = f(w);
                k.oneSampleStep(f(u), uo, inputs, f(v), vo, units, wf, (float) lr);
                for (int i = 0; i < w.length; i++) {
                    back(wf[i], w[i]);
                }
            }

            @Override
            void forwardAfterStep(double[] x, int xo, int inputs, double[][] w, double[] b, int units, Activation f,
                                  double alpha, double[] y, int yo, double[] u, int uo, double[] v, int vo,
                                  double lr, Object ws) {
                float[][] wf = f(w);
                float[] yf = f(y);
                k.forwardAfterStep(f(x), xo, inputs, wf, f(b), units, f, (float) alpha, yf, yo, f(u), uo, f(v), vo,
                        (float) lr, (FloatDenseWorkspace) ws);
                for (int i = 0; i < w.length; i++) {
                    back(wf[i], w[i]);
                }
                back(yf, y);
            }

            private float[] f(double[] v) {
                float[] r = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    r[i] = (float) v[i];
                }
                return r;
            }

            private float[][] f(double[][] v) {
                float[][] r = new float[v.length][];
                for (int i = 0; i < v.length; i++) {
                    r[i] = f(v[i]);
                }
                return r;
            }

            private void back(float[] from, double[] to) {
                for (int i = 0; i < from.length; i++) {
                    to[i] = from[i];
                }
            }
        };
    }

    static DenseKit doubles(String name, DoubleDenseKernels k) {
        return new DenseKit(name + " double") {
            @Override
            double unitRoundoff() {
                return 0x1p-53;
            }

            @Override
            double round(double v) {
                return v;
            }

            @Override
            Object workspace(int maxSamples, int maxInputs, int maxUnits) {
                return new DoubleDenseWorkspace(maxSamples, maxInputs, maxUnits, k);
            }

            @Override
            void forward(double[] x, int xo, int ldx, int n, int inputs, double[][] w, double[] b, int units,
                         Activation f, double alpha, double[] y, int yo, int ldy, Object ws) {
                k.forward(x.clone(), xo, ldx, n, inputs, deep(w), b.clone(), units, f, alpha, y, yo, ldy,
                        (DoubleDenseWorkspace) ws);
            }

            @Override
            void weightGradient(double[] x, int xo, int ldx, int n, int inputs, double[] d, int dOff, int ldd,
                                int units, double[][] gw, double[] gb, boolean accumulate, double[][] w,
                                double[] b, double scale, double lr, Object ws) {
                k.weightGradient(x.clone(), xo, ldx, n, inputs, d.clone(), dOff, ldd, units, gw, gb, accumulate, w,
                        b, scale, lr, (DoubleDenseWorkspace) ws);
            }

            @Override
            void inputGradient(double[] d, int dOff, int ldd, int n, int units, double[][] w, int inputs,
                               Activation f, double alpha, double[] a, int ao, int lda, double[] dx, int dxo,
                               int lddx, Object ws) {
                k.inputGradient(d.clone(), dOff, ldd, n, units, deep(w), inputs, f, alpha, a.clone(), ao, lda, dx,
                        dxo, lddx, (DoubleDenseWorkspace) ws);
            }

            @Override
            void sgdOneSample(double[] a, int ao, int inputs, double[] d, int dOff, int units, double[][] w,
                              double[] b, double[] gb, double lr, Activation f, double alpha, double[] dx, int dxo,
                              Object ws) {
                k.sgdOneSample(a.clone(), ao, inputs, d.clone(), dOff, units, w, b, gb, lr, f, alpha, dx, dxo,
                        (DoubleDenseWorkspace) ws);
            }

            @Override
            void oneSampleStep(double[] u, int uo, int inputs, double[] v, int vo, int units, double[][] w,
                               double lr) {
                k.oneSampleStep(u.clone(), uo, inputs, v.clone(), vo, units, w, lr);
            }

            @Override
            void forwardAfterStep(double[] x, int xo, int inputs, double[][] w, double[] b, int units, Activation f,
                                  double alpha, double[] y, int yo, double[] u, int uo, double[] v, int vo,
                                  double lr, Object ws) {
                k.forwardAfterStep(x.clone(), xo, inputs, w, b.clone(), units, f, alpha, y, yo, u.clone(), uo,
                        v.clone(), vo, lr, (DoubleDenseWorkspace) ws);
            }

            private double[][] deep(double[][] w) {
                double[][] r = new double[w.length][];
                for (int i = 0; i < w.length; i++) {
                    r[i] = w[i].clone();
                }
                return r;
            }
        };
    }
}
