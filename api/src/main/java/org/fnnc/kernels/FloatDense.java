package org.fnnc.kernels;

import java.util.Objects;
import org.fnnc.spec.Activation;

/**
 * Kernels of a dense layer over a block of samples, in float: the forward pass with bias and activation fused,
 * the weight and bias gradients, and the input gradient with the previous layer's activation derivative fused.
 * The implementation ({@link KernelLibrary#implementation()}: Vector API register tiles, or scalar loops) is
 * chosen once per JVM.
 *
 * <p>Layouts: a block of {@code n} samples is a row-major matrix inside a flat array, sample {@code s} at
 * {@code array[offset + s * ld ..]} (the leading dimension {@code ld} is at least the row's width; the first
 * layer's input is simply the caller's batch). Weights are the rows of W^T as fnnc stores them
 * ({@code w[i][j]}: input {@code i} to unit {@code j}; {@link org.fnnc.network.FloatParameters#weights}), the
 * bias {@code b[j]}. Destinations must not overlap sources.
 *
 * <p>Arithmetic: sums use fused multiply-adds in an order that depends on the implementation and the shapes;
 * results agree with a double-precision evaluation to float rounding error (see the tests), not bit for bit
 * across implementations.
 */
public final class FloatDense {

    static final FloatDenseKernels KERNELS = kernels();

    private FloatDense() {
    }

    private static FloatDenseKernels kernels() {
        Object vector = KernelLibrary.vectorKernels("VectorFloatDense");
        return vector != null ? (FloatDenseKernels) vector : new ScalarFloatDense();
    }

    /**
     * Forward pass: {@code y[s][j] = f(b[j] + sum_i x[s][i] w[i][j])} for samples {@code s < n}, units
     * {@code j < units}, inputs {@code i < inputs}.
     *
     * <pre>
     * x [n x inputs] at x[xo + s*ldx + i]    w [inputs][units]    b [units]    y [n x units] at y[yo + s*ldy + j]
     * </pre>
     *
     * @param activation applied element-wise ({@code alpha} is leaky_relu's slope); {@code LINEAR} for logits.
     *                   {@code SOFTMAX} is not element-wise: apply it after a {@code LINEAR} forward.
     */
    public static void forward(float[] x, int xo, int ldx, int n, int inputs, float[][] w, float[] b, int units,
                               Activation activation, float alpha, float[] y, int yo, int ldy,
                               FloatDenseWorkspace ws) {
        checkMatrix("x", x.length, xo, ldx, n, inputs);
        checkWeights(w, inputs);
        Objects.checkFromIndexSize(0, units, b.length);
        checkMatrix("y", y.length, yo, ldy, n, units);
        checkElementWise(activation);
        ws.check(n, inputs, units);
        if (n > 0) {
            KERNELS.forward(x, xo, ldx, n, inputs, w, b, units, activation, alpha, y, yo, ldy, ws);
        }
    }

    /**
     * Weight and bias gradients, accumulated: {@code gw[i][j] += sum_s x[s][i] d[s][j]},
     * {@code gb[j] += sum_s d[s][j]}, where {@code d} = dL/dz of the layer.
     *
     * <pre>
     * x [n x inputs] at x[xo + s*ldx + i]    d [n x units] at d[dOff + s*ldd + j]    gw [inputs][units]    gb [units]
     * </pre>
     */
    public static void weightGradient(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                                      int units, float[][] gw, float[] gb, FloatDenseWorkspace ws) {
        weightGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, gb, true, ws);
    }

    /**
     * Weight and bias gradients, accumulated ({@code accumulate}) or written: without {@code accumulate} the result
     * is, bit for bit, that of zeroing {@code gw} and {@code gb} and accumulating, without reading them (the first
     * block of a batch).
     */
    public static void weightGradient(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                                      int units, float[][] gw, float[] gb, boolean accumulate,
                                      FloatDenseWorkspace ws) {
        checkGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, gb, ws);
        KERNELS.weightGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, gb, accumulate, null, null, 0.0f,
                0.0f, ws);
    }

    /**
     * The last block of a plain SGD step: the weight and bias gradients as
     * {@link #weightGradient(float[], int, int, int, int, float[], int, int, int, float[][], float[], boolean,
     * FloatDenseWorkspace)}, then on every element {@code g = g * scale} (the mean gradient, left in {@code gw} and
     * {@code gb}) and {@code w -= lr * g} (likewise {@code b}), each operation rounded to float: bit for bit what a
     * separate pass {@code g[j] *= scale; w[j] -= lr * g[j]} over the finished gradients gives, while each tile of
     * the gradient is still in the cache.
     */
    public static void weightGradientAndSgd(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff,
                                            int ldd, int units, float[][] gw, float[] gb, boolean accumulate,
                                            float scale, float lr, float[][] w, float[] b, FloatDenseWorkspace ws) {
        checkGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, gb, ws);
        checkWeights(w, inputs);
        Objects.checkFromIndexSize(0, units, b.length);
        for (int i = 0; i < inputs; i++) {
            Objects.checkFromIndexSize(0, units, w[i].length);
        }
        KERNELS.weightGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, gw, gb, accumulate, w, b, scale, lr, ws);
    }

    /**
     * A plain SGD step on a batch that is one block, without writing the weight gradient:
     * <pre>
     * gb[j] = scale * sum_s d[s][j];                  b[j] -= lr * gb[j]
     * w[i][j] -= lr * (scale * sum_s x[s][i] d[s][j])  (the mean gradient itself is not written)
     * </pre>
     * Bit for bit the weights and biases {@link #weightGradientAndSgd} gives for one block that is not accumulated,
     * and the same {@code gb}, but the weight gradient is never stored: a step whose gradient nobody reads saves
     * writing (and later reading) a matrix as large as the weights. Keep the gradient as the pending product of
     * the block ({@code FloatParameters.setBlockProduct}), which computes it with {@link #weightGradient} when read.
     */
    public static void sgdBlock(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                                int units, float[] gb, float scale, float lr, float[][] w, float[] b,
                                FloatDenseWorkspace ws) {
        checkMatrix("x", x.length, xo, ldx, n, inputs);
        checkMatrix("d", d.length, dOff, ldd, n, units);
        Objects.checkFromIndexSize(0, units, gb.length);
        checkRows(w, inputs, units);
        Objects.checkFromIndexSize(0, units, b.length);
        ws.check(n, inputs, units);
        KERNELS.weightGradient(x, xo, ldx, n, inputs, d, dOff, ldd, units, null, gb, false, w, b, scale, lr, ws);
    }

    /**
     * One sample through a layer backward and its plain SGD step, in one pass over the weight rows (a batch of one
     * is a rank-1 update, bound by how fast the weights stream in: this reads and writes each row once, where the
     * input gradient, the weight gradient and the step read it three times and write the gradient too):
     * <pre>
     * dx[dxo + i] = f'(a[ao + i]) * sum_j w[i][j] d[dOff + j]    (if dx is not null; the weights before the step)
     * gb[j] = d[dOff + j];  b[j] -= lr * gb[j]
     * w[i][j] -= lr * (a[ao + i] d[dOff + j])
     * </pre>
     * {@code a [inputs]} is the layer's input (the previous layer's activation output, from which {@code f'} is
     * computed as in {@link #inputGradient}); {@code d [units]} its dL/dz. The weight gradient {@code a d^T} itself
     * is not written: keep it as an outer product ({@code FloatParameters.setOuterProduct}) or compute it with
     * {@link #weightGradient}. Bit for bit what {@link #inputGradient} and then {@link #weightGradientAndSgd} give
     * for one sample with {@code scale} 1, except that rows whose input is zero are skipped when nothing is asked of
     * them (no {@code dx}, or {@code f} relu, whose derivative there is 0): their step is {@code w -= lr * 0}, which
     * differs only if {@code d} holds an infinity or NaN. {@code ws}: a workspace for at least this layer's shape.
     */
    public static void sgdOneSample(float[] a, int ao, int inputs, float[] d, int dOff, int units, float[][] w,
                                    float[] b, float[] gb, float lr, Activation activation, float alpha, float[] dx,
                                    int dxo, FloatDenseWorkspace ws) {
        checkMatrix("a", a.length, ao, inputs, 1, inputs);
        checkMatrix("d", d.length, dOff, units, 1, units);
        checkRows(w, inputs, units);
        Objects.checkFromIndexSize(0, units, b.length);
        Objects.checkFromIndexSize(0, units, gb.length);
        if (dx != null) {
            checkMatrix("dx", dx.length, dxo, inputs, 1, inputs);
            checkElementWise(activation);
        }
        ws.check(1, inputs, units);
        KERNELS.sgdOneSample(a, ao, inputs, d, dOff, units, w, b, gb, lr, activation, alpha, dx, dxo, ws);
    }

    /**
     * The bias part of {@link #sgdOneSample} alone: {@code gb[j] = 0 + d[dOff + j]} (the one-sample bias gradient),
     * {@code b[j] -= lr * gb[j]}, with its roundings: for a layer whose weight step is deferred
     * ({@link #oneSampleStep}, {@link #forwardAfterStep}).
     */
    public static void sgdBiasOneSample(float[] d, int dOff, int units, float[] b, float[] gb, float lr) {
        checkMatrix("d", d.length, dOff, units, 1, units);
        Objects.checkFromIndexSize(0, units, b.length);
        Objects.checkFromIndexSize(0, units, gb.length);
        for (int j = 0; j < units; j++) {
            final float m = (0.0f + d[dOff + j]) * 1.0f;
            gb[j] = m;
            b[j] = b[j] - lr * m;
        }
    }

    /**
     * The weight step a one-sample SGD step takes, on its own: {@code w[i][j] -= lr * (u[uo + i] * v[vo + j])} for
     * every row whose {@code u} is nonzero, with the roundings of {@link #sgdOneSample} (the product rounded, then the
     * step): what a step deferred to the next forward pass ({@link #forwardAfterStep}) gives when nothing runs that
     * pass first.
     */
    public static void oneSampleStep(float[] u, int uo, int inputs, float[] v, int vo, int units, float[][] w,
                                     float lr) {
        checkMatrix("u", u.length, uo, inputs, 1, inputs);
        checkMatrix("v", v.length, vo, units, 1, units);
        checkRows(w, inputs, units);
        KERNELS.oneSampleStep(u, uo, inputs, v, vo, units, w, lr);
    }

    /**
     * {@link #oneSampleStep oneSampleStep(u, uo, inputs, v, vo, units, w, lr)}, then {@link #forward} of one sample
     * {@code x[xo ..]}: the same bits, in one pass over the weight rows where the kernels can (wide vectors, no zero in
     * {@code x} or {@code u}, whole row groups), which halves what a one-sample step of a layer too large for L2 moves:
     * its rows are read and written once instead of read for the forward pass and read and written again for the step.
     */
    public static void forwardAfterStep(float[] x, int xo, int inputs, float[][] w, float[] b, int units,
                                        Activation activation, float alpha, float[] y, int yo, float[] u, int uo,
                                        float[] v, int vo, float lr, FloatDenseWorkspace ws) {
        checkMatrix("x", x.length, xo, inputs, 1, inputs);
        checkMatrix("u", u.length, uo, inputs, 1, inputs);
        checkMatrix("v", v.length, vo, units, 1, units);
        checkRows(w, inputs, units);
        Objects.checkFromIndexSize(0, units, b.length);
        checkMatrix("y", y.length, yo, units, 1, units);
        checkElementWise(activation);
        ws.check(1, inputs, units);
        KERNELS.forwardAfterStep(x, xo, inputs, w, b, units, activation, alpha, y, yo, u, uo, v, vo, lr, ws);
    }

    /** {@code w} has at least {@code inputs} rows of at least {@code units} weights. */
    private static void checkRows(float[][] w, int inputs, int units) {
        checkWeights(w, inputs);
        for (int i = 0; i < inputs; i++) {
            Objects.checkFromIndexSize(0, units, w[i].length);
        }
    }

    private static void checkGradient(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                                      int units, float[][] gw, float[] gb, FloatDenseWorkspace ws) {
        checkMatrix("x", x.length, xo, ldx, n, inputs);
        checkMatrix("d", d.length, dOff, ldd, n, units);
        checkWeights(gw, inputs);
        Objects.checkFromIndexSize(0, units, gb.length);
        ws.check(n, inputs, units);
    }

    /**
     * Input gradient through the previous layer's activation:
     * {@code dx[s][i] = f'(a[s][i]) * sum_j w[i][j] d[s][j]}, where {@code a} is this layer's input, the previous
     * layer's activation output, from which {@code f'} is computed (relu' = a &gt; 0 ? 1 : 0, leaky_relu' =
     * a &gt; 0 ? 1 : alpha, sigmoid' = a (1 - a), tanh' = 1 - a^2, linear' = 1).
     *
     * <pre>
     * d [n x units] at d[dOff + s*ldd + j]    w [inputs][units]    a, dx [n x inputs] at a[ao + s*lda + i], dx[dxo + s*lddx + i]
     * </pre>
     */
    public static void inputGradient(float[] d, int dOff, int ldd, int n, int units, float[][] w, int inputs,
                                     Activation activation, float alpha, float[] a, int ao, int lda,
                                     float[] dx, int dxo, int lddx, FloatDenseWorkspace ws) {
        checkMatrix("d", d.length, dOff, ldd, n, units);
        checkWeights(w, inputs);
        checkMatrix("a", a.length, ao, lda, n, inputs);
        checkMatrix("dx", dx.length, dxo, lddx, n, inputs);
        checkElementWise(activation);
        ws.check(n, inputs, units);
        if (n > 0) {
            KERNELS.inputGradient(d, dOff, ldd, n, units, w, inputs, activation, alpha, a, ao, lda, dx, dxo, lddx, ws);
        }
    }

    static void checkMatrix(String name, int length, int offset, int ld, int rows, int cols) {
        if (rows < 0 || cols < 1 || ld < cols || offset < 0
                || rows > 0 && (long) offset + (long) (rows - 1) * ld + cols > length) {
            throw new IndexOutOfBoundsException(name + ": " + rows + " rows of " + cols + " at offset " + offset
                    + " with leading dimension " + ld + " do not fit an array of " + length);
        }
    }

    static void checkWeights(Object[] w, int inputs) {
        if (inputs < 1 || w.length < inputs) {
            throw new IndexOutOfBoundsException("weights: " + w.length + " rows for " + inputs + " inputs");
        }
    }

    static void checkElementWise(Activation activation) {
        if (activation == Activation.SOFTMAX) {
            throw new IllegalArgumentException("softmax is not element-wise: run the layer LINEAR and apply it to "
                    + "the logits");
        }
    }
}
