package org.fnnc.kernels;
// Derived from FloatDenseKernels.java by api/src/build/derive-double-kernels.sh: edit that file and rerun the script.

import org.fnnc.spec.Activation;

/**
 * The double dense-layer kernels one implementation provides; see {@link DoubleDense} for the contracts. Arguments
 * arrive checked.
 */
interface DoubleDenseKernels {

    /** Allocates the implementation's scratch in {@code ws}. */
    void allocate(DoubleDenseWorkspace ws);

    void forward(double[] x, int xo, int ldx, int n, int inputs, double[][] w, double[] b, int units,
                 Activation activation, double alpha, double[] y, int yo, int ldy, DoubleDenseWorkspace ws);

    /**
     * {@code gw (+)= x^T d}, {@code gb (+)= sum d} ({@code accumulate}, or as if {@code gw} and {@code gb} were zero);
     * then, if {@code w} is not null, the SGD step {@code g = g * scale; w -= lr * g} on both. With {@code gw} null
     * ({@code w} given, {@code accumulate} false): the step without writing the weight gradient anywhere
     * ({@link DoubleDense#sgdBlock}).
     */
    void weightGradient(double[] x, int xo, int ldx, int n, int inputs, double[] d, int dOff, int ldd, int units,
                        double[][] gw, double[] gb, boolean accumulate, double[][] w, double[] b, double scale, double lr,
                        DoubleDenseWorkspace ws);

    /** One sample's input gradient and plain SGD step in one pass over the weights: see {@link DoubleDense#sgdOneSample}. */
    void sgdOneSample(double[] a, int ao, int inputs, double[] d, int dOff, int units, double[][] w, double[] b,
                      double[] gb, double lr, Activation activation, double alpha, double[] dx, int dxo,
                      DoubleDenseWorkspace ws);

    /** A one-sample step's weight update alone: see {@link DoubleDense#oneSampleStep}. */
    void oneSampleStep(double[] u, int uo, int inputs, double[] v, int vo, int units, double[][] w, double lr);

    /** A deferred one-sample step and one sample's forward pass: see {@link DoubleDense#forwardAfterStep}. */
    default void forwardAfterStep(double[] x, int xo, int inputs, double[][] w, double[] b, int units,
                                  Activation activation, double alpha, double[] y, int yo, double[] u, int uo,
                                  double[] v, int vo, double lr, DoubleDenseWorkspace ws) {
        oneSampleStep(u, uo, inputs, v, vo, units, w, lr);
        forward(x, xo, inputs, 1, inputs, w, b, units, activation, alpha, y, yo, units, ws);
    }

    void inputGradient(double[] d, int dOff, int ldd, int n, int units, double[][] w, int inputs,
                       Activation activation, double alpha, double[] a, int ao, int lda,
                       double[] dx, int dxo, int lddx, DoubleDenseWorkspace ws);
}
