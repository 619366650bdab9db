package org.fnnc.kernels;

import java.util.Arrays;
import org.fnnc.spec.Activation;

/**
 * The scalar kernels: plain loops that C2 auto-vectorises, the algorithms of fnnc's generated scalar loop layers
 * (see docs/benchmarks.md, "What made the difference"): register-blocked axpys over weight rows, 4 rows x 2
 * samples per pass (the most C2 still unrolls and vectorises with its default LoopUnrollLimit), skipping groups
 * of zero coefficients. Every array inside a vectorised loop is indexed by the loop variable alone, which is
 * why outputs and deltas go through row scratch: C2 vectorises {@code y0[j] += c * r0[j]} over distinct row
 * arrays, but not over one flat array at a second offset, which might overlap.
 */
final class ScalarFloatDense implements FloatDenseKernels {

    /** Blocks of at least this many samples compute the input gradient from a transposed copy (axpys). */
    static final int TRANSPOSE_MIN_SAMPLES = 4;

    /** Weight-gradient rows summed per pass over the block. */
    static final int GROUP = 4;

    @Override
    public void allocate(FloatDenseWorkspace ws) {
        ws.rows = new float[ws.maxSamples][Math.max(ws.maxInputs, ws.maxUnits)];
        ws.transposed = new float[0][];
        ws.stepRows = new float[GROUP][ws.maxUnits];
    }

    @Override
    public void forward(float[] x, int xo, int ldx, int n, int inputs, float[][] w, float[] b, int units,
                        Activation activation, float alpha, float[] y, int yo, int ldy, FloatDenseWorkspace ws) {
        float[][] z = ws.rows;
        for (int s = 0; s < n; s++) {
            System.arraycopy(b, 0, z[s], 0, units);
        }
        // z_s += x_s[i] * W^T[i] over inputs i, 4 rows x 2 samples per pass
        int i = 0;
        for (; i + 4 <= inputs; i += 4) {
            final float[] r0 = w[i];
            final float[] r1 = w[i + 1];
            final float[] r2 = w[i + 2];
            final float[] r3 = w[i + 3];
            int s = 0;
            for (; s + 2 <= n; s += 2) {
                final int x0 = xo + s * ldx + i;
                final int x1 = x0 + ldx;
                final float c00 = x[x0];
                final float c01 = x[x0 + 1];
                final float c02 = x[x0 + 2];
                final float c03 = x[x0 + 3];
                final float c10 = x[x1];
                final float c11 = x[x1 + 1];
                final float c12 = x[x1 + 2];
                final float c13 = x[x1 + 3];
                if (c00 == 0.0f && c01 == 0.0f && c02 == 0.0f && c03 == 0.0f
                        && c10 == 0.0f && c11 == 0.0f && c12 == 0.0f && c13 == 0.0f) {
                    continue;
                }
                final float[] y0 = z[s];
                final float[] y1 = z[s + 1];
                for (int j = 0; j < units; j++) {
                    y0[j] += c00 * r0[j] + c01 * r1[j] + c02 * r2[j] + c03 * r3[j];
                    y1[j] += c10 * r0[j] + c11 * r1[j] + c12 * r2[j] + c13 * r3[j];
                }
            }
            for (; s < n; s++) {
                final int x0 = xo + s * ldx + i;
                final float c00 = x[x0];
                final float c01 = x[x0 + 1];
                final float c02 = x[x0 + 2];
                final float c03 = x[x0 + 3];
                if (c00 == 0.0f && c01 == 0.0f && c02 == 0.0f && c03 == 0.0f) {
                    continue;
                }
                final float[] y0 = z[s];
                for (int j = 0; j < units; j++) {
                    y0[j] += c00 * r0[j] + c01 * r1[j] + c02 * r2[j] + c03 * r3[j];
                }
            }
        }
        for (; i < inputs; i++) {
            final float[] r0 = w[i];
            for (int s = 0; s < n; s++) {
                final float c0 = x[xo + s * ldx + i];
                if (c0 == 0.0f) {
                    continue;
                }
                final float[] y0 = z[s];
                for (int j = 0; j < units; j++) {
                    y0[j] += c0 * r0[j];
                }
            }
        }
        for (int s = 0; s < n; s++) {
            FloatActivations.applyRow(activation, alpha, z[s], y, yo + s * ldy, units);
        }
    }

    @Override
    public void weightGradient(float[] x, int xo, int ldx, int n, int inputs, float[] d, int dOff, int ldd,
                               int units, float[][] gw, float[] gb, boolean accumulate, float[][] w, float[] b,
                               float scale, float lr, FloatDenseWorkspace ws) {
        if (!accumulate) {
            for (int i = 0; gw != null && i < inputs; i++) {
                Arrays.fill(gw[i], 0, units, 0.0f);
            }
            Arrays.fill(gb, 0, units, 0.0f);
        }
        final float[][] e = deltaRows(d, dOff, ldd, n, units, gb, ws);
        if (gw == null) {
            stepUnkept(x, xo, ldx, n, inputs, e, units, w, scale, lr, ws);
            sgdRow(gb, b, units, scale, lr);
            return;
        }
        accumulateRows(x, xo, ldx, n, inputs, e, units, gw);
        if (w != null) {
            for (int i = 0; i < inputs; i++) {
                sgdRow(gw[i], w[i], units, scale, lr);
            }
            sgdRow(gb, b, units, scale, lr);
        }
    }

    @Override
    public void sgdOneSample(float[] a, int ao, int inputs, float[] d, int dOff, int units, float[][] w, float[] b,
                             float[] gb, float lr, Activation activation, float alpha, float[] dx, int dxo,
                             FloatDenseWorkspace ws) {
        for (int j = 0; j < units; j++) {
            gb[j] = 0.0f + d[dOff + j];
        }
        sgdRow(gb, b, units, 1.0f, lr);
        final boolean skipZeros = dx == null || activation == Activation.RELU;
        for (int i = 0; i < inputs; i++) {
            final float c = a[ao + i];
            if (c == 0.0f && skipZeros) {
                if (dx != null) {
                    dx[dxo + i] = 0.0f;
                }
                continue;
            }
            final float[] wi = w[i];
            if (dx != null) {
                // the dot product with the weights before the step, as inputGradient for one sample
                float sum = 0.0f;
                for (int j = 0; j < units; j++) {
                    sum += wi[j] * d[dOff + j];
                }
                dx[dxo + i] = FloatActivations.backward(activation, alpha, c, sum);
            }
            if (c != 0.0f) {
                // the gradient 0 + c d[j] (as accumulated onto zeros), then the step
                for (int j = 0; j < units; j++) {
                    final float m = 0.0f + c * d[dOff + j];
                    wi[j] = wi[j] - lr * m;
                }
            }
        }
    }

    @Override
    public void oneSampleStep(float[] u, int uo, int inputs, float[] v, int vo, int units, float[][] w, float lr) {
        for (int i = 0; i < inputs; i++) {
            final float c = u[uo + i];
            if (c != 0.0f) {
                // as sgdOneSample: the gradient 0 + c v[j], then the step
                final float[] wi = w[i];
                for (int j = 0; j < units; j++) {
                    final float m = 0.0f + c * v[vo + j];
                    wi[j] = wi[j] - lr * m;
                }
            }
        }
    }

    /**
     * The SGD step of the weights without keeping their gradient ({@code gw} null), from the deltas' rows {@code e}:
     * {@value #GROUP} rows at a time, the gradient rows are summed as {@link #accumulateRows} sums them, into the
     * workspace's {@code stepRows}, and the weights stepped from there. Groups start at multiples of {@value #GROUP}, so every row is summed as in
     * the whole matrix: the same bits as {@code weightGradientAndSgd}.
     */
    private static void stepUnkept(float[] x, int xo, int ldx, int n, int inputs, float[][] e, int units,
                                   float[][] w, float scale, float lr, FloatDenseWorkspace ws) {
        final float[][] g = ws.stepRows;
        for (int i = 0; i < inputs; i += GROUP) {
            final int r = Math.min(GROUP, inputs - i);
            for (int q = 0; q < r; q++) {
                Arrays.fill(g[q], 0, units, 0.0f);
            }
            accumulateRows(x, xo + i, ldx, n, r, e, units, g);
            for (int q = 0; q < r; q++) {
                // the mean goes back to the scratch row only
                sgdRow(g[q], w[i + q], units, scale, lr);
            }
        }
    }

    /** {@code g = g * scale} (the mean, kept), {@code p -= lr * g}: each operation rounded, as the generated loops. */
    private static void sgdRow(float[] g, float[] p, int len, float scale, float lr) {
        for (int j = 0; j < len; j++) {
            final float m = g[j] * scale;
            g[j] = m;
            p[j] = p[j] - lr * m;
        }
    }

    /**
     * The deltas as the workspace's rows (every array in the gradient's loops then has the same index);
     * {@code gb += sum_s d_s}.
     */
    private static float[][] deltaRows(float[] d, int dOff, int ldd, int n, int units, float[] gb,
                                       FloatDenseWorkspace ws) {
        final float[][] e = ws.rows;
        for (int s = 0; s < n; s++) {
            final float[] es = e[s];
            System.arraycopy(d, dOff + s * ldd, es, 0, units);
            for (int j = 0; j < units; j++) {
                gb[j] += es[j];
            }
        }
        return e;
    }

    /** {@code gw[i] += x_s[i] * e_s} over samples {@code s}, {@value #GROUP} gradient rows per pass from row 0. */
    private static void accumulateRows(float[] x, int xo, int ldx, int n, int inputs, float[][] e, int units,
                                       float[][] gw) {
        int i = 0;
        for (; i + GROUP <= inputs; i += GROUP) {
            final float[] g0 = gw[i];
            final float[] g1 = gw[i + 1];
            final float[] g2 = gw[i + 2];
            final float[] g3 = gw[i + 3];
            for (int s = 0; s < n; s++) {
                final int x0 = xo + s * ldx + i;
                final float c0 = x[x0];
                final float c1 = x[x0 + 1];
                final float c2 = x[x0 + 2];
                final float c3 = x[x0 + 3];
                if (c0 == 0.0f && c1 == 0.0f && c2 == 0.0f && c3 == 0.0f) {
                    continue;
                }
                final float[] e0 = e[s];
                for (int j = 0; j < units; j++) {
                    g0[j] += c0 * e0[j];
                    g1[j] += c1 * e0[j];
                    g2[j] += c2 * e0[j];
                    g3[j] += c3 * e0[j];
                }
            }
        }
        for (; i < inputs; i++) {
            final float[] g0 = gw[i];
            for (int s = 0; s < n; s++) {
                final float c0 = x[xo + s * ldx + i];
                if (c0 == 0.0f) {
                    continue;
                }
                final float[] e0 = e[s];
                for (int j = 0; j < units; j++) {
                    g0[j] += c0 * e0[j];
                }
            }
        }
    }

    @Override
    public void inputGradient(float[] d, int dOff, int ldd, int n, int units, float[][] w, int inputs,
                              Activation activation, float alpha, float[] a, int ao, int lda,
                              float[] dx, int dxo, int lddx, FloatDenseWorkspace ws) {
        float[][] g = ws.rows;
        if (n >= TRANSPOSE_MIN_SAMPLES) {
            // Enough samples to pay for a transpose: W d_s = sum_j d_s[j] * W[j] is a sum of axpys over the
            // rows of W (C2 vectorises those), while the stored rows of W^T would need dot products.
            float[][] wt = transposed(ws, units, inputs);
            for (int i = 0; i < inputs; i++) {
                final float[] wi = w[i];
                for (int j = 0; j < units; j++) {
                    wt[j][i] = wi[j];
                }
            }
            for (int s = 0; s < n; s++) {
                Arrays.fill(g[s], 0, inputs, 0.0f);
            }
            int j = 0;
            for (; j + 4 <= units; j += 4) {
                final float[] r0 = wt[j];
                final float[] r1 = wt[j + 1];
                final float[] r2 = wt[j + 2];
                final float[] r3 = wt[j + 3];
                int s = 0;
                for (; s + 2 <= n; s += 2) {
                    final int d0 = dOff + s * ldd + j;
                    final int d1 = d0 + ldd;
                    final float c00 = d[d0];
                    final float c01 = d[d0 + 1];
                    final float c02 = d[d0 + 2];
                    final float c03 = d[d0 + 3];
                    final float c10 = d[d1];
                    final float c11 = d[d1 + 1];
                    final float c12 = d[d1 + 2];
                    final float c13 = d[d1 + 3];
                    if (c00 == 0.0f && c01 == 0.0f && c02 == 0.0f && c03 == 0.0f
                            && c10 == 0.0f && c11 == 0.0f && c12 == 0.0f && c13 == 0.0f) {
                        continue;
                    }
                    final float[] y0 = g[s];
                    final float[] y1 = g[s + 1];
                    for (int i = 0; i < inputs; i++) {
                        y0[i] += c00 * r0[i] + c01 * r1[i] + c02 * r2[i] + c03 * r3[i];
                        y1[i] += c10 * r0[i] + c11 * r1[i] + c12 * r2[i] + c13 * r3[i];
                    }
                }
                for (; s < n; s++) {
                    final int d0 = dOff + s * ldd + j;
                    final float c00 = d[d0];
                    final float c01 = d[d0 + 1];
                    final float c02 = d[d0 + 2];
                    final float c03 = d[d0 + 3];
                    if (c00 == 0.0f && c01 == 0.0f && c02 == 0.0f && c03 == 0.0f) {
                        continue;
                    }
                    final float[] y0 = g[s];
                    for (int i = 0; i < inputs; i++) {
                        y0[i] += c00 * r0[i] + c01 * r1[i] + c02 * r2[i] + c03 * r3[i];
                    }
                }
            }
            for (; j < units; j++) {
                final float[] r0 = wt[j];
                for (int s = 0; s < n; s++) {
                    final float c0 = d[dOff + s * ldd + j];
                    if (c0 == 0.0f) {
                        continue;
                    }
                    final float[] y0 = g[s];
                    for (int i = 0; i < inputs; i++) {
                        y0[i] += c0 * r0[i];
                    }
                }
            }
        } else {
            // Few samples: a dot product per stored row and sample (a reduction, which C2 keeps scalar).
            for (int s = 0; s < n; s++) {
                final float[] gs = g[s];
                final int d0 = dOff + s * ldd;
                for (int i = 0; i < inputs; i++) {
                    final float[] wi = w[i];
                    float sum = 0.0f;
                    for (int j = 0; j < units; j++) {
                        sum += wi[j] * d[d0 + j];
                    }
                    gs[i] = sum;
                }
            }
        }
        for (int s = 0; s < n; s++) {
            backwardRow(activation, alpha, a, ao + s * lda, g[s], dx, dxo + s * lddx, inputs);
        }
    }

    /** {@code dx[o + i] = g[i] * f'(a[ao + i])}. */
    private static void backwardRow(Activation f, float alpha, float[] a, int ao, float[] g, float[] dx, int o,
                                    int len) {
        if (f == Activation.LINEAR) {
            System.arraycopy(g, 0, dx, o, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            dx[o + i] = FloatActivations.backward(f, alpha, a[ao + i], g[i]);
        }
    }

    /** The workspace's transposed-weights scratch, grown (once per shape, never in steady state) to fit. */
    private static float[][] transposed(FloatDenseWorkspace ws, int units, int inputs) {
        float[][] wt = ws.transposed;
        if (wt.length < units || wt[0].length < inputs) {
            wt = new float[Math.max(units, wt.length)][Math.max(inputs, wt.length == 0 ? 0 : wt[0].length)];
            ws.transposed = wt;
        }
        return wt;
    }
}
