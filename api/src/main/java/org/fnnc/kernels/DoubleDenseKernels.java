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

    void weightGradient(double[] x, int xo, int ldx, int n, int inputs, double[] d, int dOff, int ldd, int units,
                        double[][] gw, double[] gb, DoubleDenseWorkspace ws);

    void inputGradient(double[] d, int dOff, int ldd, int n, int units, double[][] w, int inputs,
                       Activation activation, double alpha, double[] a, int ao, int lda,
                       double[] dx, int dxo, int lddx, DoubleDenseWorkspace ws);
}
