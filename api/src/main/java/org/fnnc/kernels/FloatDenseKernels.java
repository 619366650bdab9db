package org.fnnc.kernels;

import org.fnnc.spec.Activation;

/**
 * The float dense-layer kernels one implementation provides; see {@link FloatDense} for the contracts. Arguments
 * arrive checked.
 */
interface FloatDenseKernels {

    /** Allocates the implementation's scratch in {@code ws}. */
    void allocate(FloatDenseWorkspace ws);

    void forward(float[] x, int xo, int ldx, int n, int inputs, float[][] w, float[] b, int units,
                 Activation activation, float alpha, float[] y, int yo, int ldy, FloatDenseWorkspace ws);

    /**
     * {@code gw (+)= x^T d}, {@code gb (+)= sum d} ({@code accumulate}, or as if {@code gw} and {@code gb} were zero);
     * then, if {@code w} is not null, the SGD step {@code g = g * scale; w -= lr * g} on both. With {@code gw} null
     * ({@code w} given, {@code accumulate} false): the step without writing the weight gradient anywhere
     * ({@link FloatDense#sgdBlock}).
     */
    void weightGradient(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd, int units,
                        float[][] gw, float[] gb, boolean accumulate, float[][] w, float[] b, float scale, float lr,
                        FloatDenseWorkspace ws);

    /** One sample's input gradient and plain SGD step in one pass over the weights: see {@link FloatDense#sgdOneSample}. */
    void sgdOneSample(float[] a, int ao, int inputs, float[] d, int dOff, int units, float[][] w, float[] b,
                      float[] gb, float lr, Activation activation, float alpha, float[] dx, int dxo,
                      FloatDenseWorkspace ws);

    /** A one-sample step's weight update alone: see {@link FloatDense#oneSampleStep}. */
    void oneSampleStep(float[] u, int uo, int inputs, float[] v, int vo, int units, float[][] w, float lr);

    /** A deferred one-sample step and one sample's forward pass: see {@link FloatDense#forwardAfterStep}. */
    default void forwardAfterStep(float[] x, int xo, int inputs, float[][] w, float[] b, int units,
                                  Activation activation, float alpha, float[] y, int yo, float[] u, int uo,
                                  float[] v, int vo, float lr, FloatDenseWorkspace ws) {
        oneSampleStep(u, uo, inputs, v, vo, units, w, lr);
        forward(x, xo, inputs, 1, inputs, w, b, units, activation, alpha, y, yo, units, ws);
    }

    void inputGradient(float[] d, int dOff, int ldd, int n, int units, float[][] w, int inputs,
                       Activation activation, float alpha, float[] a, int ao, int lda,
                       float[] dx, int dxo, int lddx, FloatDenseWorkspace ws);
}
