package org.fnnc.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.NetworkSpec;

/**
 * Writes the block kernels of loop layers with the JDK's incubating Vector API ({@code kernels: vector_api}).
 *
 * <p>Two kernels cover every product of a dense layer:
 * <ul>
 * <li>{@link #accumulateRows}: {@code acc[s][j] += sum_k coef(s, k) * rows[k][j]}, the forward pass
 *     ({@code rows} = W^T, {@code coef} = the inputs) and the input gradient ({@code rows} = W, {@code coef} =
 *     the deltas). {@value #SAMPLES} samples x {@value #VECTORS} vectors of outputs stay in registers for the
 *     whole sum over {@code k}: each iteration loads {@value #VECTORS} row vectors and {@value #SAMPLES}
 *     coefficients for {@value #SAMPLES}x{@value #VECTORS} fused multiply-adds, and the outputs are loaded and
 *     stored once.</li>
 * <li>{@link #accumulateOuter}: {@code g[k][j] += sum_s coef(s, k) * e[s][j]}, the weight gradient
 *     ({@code e} = the deltas): {@value #SAMPLES} gradient rows x {@value #VECTORS} vectors in registers for
 *     the whole block of samples.</li>
 * </ul>
 * Unlike the scalar kernels, these never skip zero coefficients: a {@code continue} that is ever taken
 * merges the accumulators of two paths at the loop's back edge, and C2 (JDK 17) then keeps the vectors as
 * objects, allocating on every step (measured: 0.8 MB per training step of a 40-48-36-10 network at batch
 * 37, 4x slower, once relu zeros made the branch live).
 *
 * <p>Columns beyond the last whole pair of vectors (none when the width is a multiple of {@code 2 * VL}) go to
 * the scalar kernels. The species is {@code SPECIES_PREFERRED}, fixed when the class initialises, so the
 * code runs on any vector width and C2 folds {@code VL} to a constant.
 *
 * <p>Measured (shared notes, 784x128, float, batch 32): this register-blocked shape reaches 65-84 GFLOP/s on a
 * core whose peak is 83, against ~40 for the best auto-vectorised scalar loops.
 */
final class VectorKernelEmitter {

    /** Samples (accumulateRows) or gradient rows (accumulateOuter) per register block. */
    static final int SAMPLES = 4;
    /** Vectors of outputs per register block. */
    static final int VECTORS = 2;
    private static final String SPECIES = VectorCode.SPECIES;
    private static final String LANES = VectorCode.LANES;

    private final Numeric num;
    private final ClassName vector;
    private final VectorCode v;

    VectorKernelEmitter(Numeric num) {
        this.num = num;
        this.vector = num.vectorClass();
        this.v = new VectorCode(num);
    }

    /** Whether a layer gets these kernels: a loop layer of a {@code kernels: vector_api} spec. */
    static boolean applies(NetworkSpec spec, LayerPlan layer) {
        return spec.kernels() == Kernels.VECTOR_API && layer.strategy() == LayerPlan.Strategy.LOOPS;
    }

    /** The columns the kernels cover, {@code len} rounded down to whole pairs of vectors (an expression). */
    static String vectorColumns(int len) {
        return len + " - " + len + " % (" + VECTORS + " * " + LANES + ")";
    }

    /** The coefficient multiplying row {@code k + offset} for the sample in slot {@code sample} (an expression). */
    interface Coefficient {
        String at(String sample, String k, int offset);
    }

    /**
     * {@code acc[s][j] += sum_k coef(s, k) * rows[k][j]} for slots {@code s < n}, {@code k < count} and the
     * columns {@code j < jv}, where {@code jv} ({@link #vectorColumns}) is {@code len} rounded down to whole
     * pairs of vectors; the caller handles columns {@code jv <= j < len}.
     */
    void accumulateRows(CodeBlock.Builder c, String acc, String rowsMatrix, int count, int len, String k, String j,
                        Coefficient coef) {
        c.add("// Vector API: $L samples x $L vectors of outputs stay in registers for the whole sum over $L;\n",
                SAMPLES, VECTORS, k);
        c.add("// each step loads $L row vectors and $L coefficients for $L fused multiply-adds.\n",
                VECTORS, SAMPLES, SAMPLES * VECTORS);
        c.addStatement("final int jv = $L", vectorColumns(len));
        c.beginControlFlow("for (int $L = 0; $L < jv; $L += $L * $L)", j, j, j, VECTORS, LANES);
        c.addStatement("int s = 0");
        c.beginControlFlow("for (; s + $L <= n; s += $L)", SAMPLES, SAMPLES);
        rowsBlock(c, acc, rowsMatrix, count, k, j, coef, SAMPLES);
        c.endControlFlow();
        c.beginControlFlow("for (; s < n; s++)");
        rowsSingle(c, acc, rowsMatrix, count, k, j, coef);
        c.endControlFlow();
        c.endControlFlow();
    }

    private void rowsBlock(CodeBlock.Builder c, String accMatrix, String rowsMatrix, int count, String k, String j,
                           Coefficient coef, int samples) {
        String[][] acc = new String[samples][VECTORS];
        for (int q = 0; q < samples; q++) {
            c.addStatement("final $T y$L = $L[$L]", num.array(), q, accMatrix, DenseLayerEmitter.plus("s", q));
            for (int u = 0; u < VECTORS; u++) {
                acc[q][u] = "v" + q + u;
                c.addStatement("$T $L = $L", vector, acc[q][u], v.load("y" + q, column(j, u)));
            }
        }
        c.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, count, k);
        String[] coefs = new String[samples];
        for (int q = 0; q < samples; q++) {
            coefs[q] = "c" + q;
            c.addStatement("final $T $L = $L", num.type(), coefs[q], coef.at(DenseLayerEmitter.plus("s", q), k, 0));
        }
        c.addStatement("final $T r = $L[$L]", num.array(), rowsMatrix, k);
        for (int u = 0; u < VECTORS; u++) {
            c.addStatement("final $T r$L = $L", vector, u, v.load("r", column(j, u)));
        }
        for (int q = 0; q < samples; q++) {
            c.addStatement("final $T k$L = $T.broadcast($L, $L)", vector, q, vector, SPECIES, coefs[q]);
            for (int u = 0; u < VECTORS; u++) {
                c.addStatement("$L = $L", acc[q][u], v.fma("r" + u, "k" + q, acc[q][u]));
            }
        }
        c.endControlFlow();
        for (int q = 0; q < samples; q++) {
            for (int u = 0; u < VECTORS; u++) {
                c.addStatement("$L", v.store(acc[q][u], "y" + q, column(j, u)));
            }
        }
    }

    /**
     * One sample: {@value #SAMPLES} rows per step into {@value #SAMPLES} partial sums per output vector, so that
     * {@value #SAMPLES}x{@value #VECTORS} independent multiply-add chains hide the FMA latency (a single chain
     * per vector ran at half the speed of the scalar loops at batch 1).
     */
    private void rowsSingle(CodeBlock.Builder c, String accMatrix, String rowsMatrix, int count, String k, String j,
                            Coefficient coef) {
        int count4 = count - count % SAMPLES;
        c.addStatement("final $T y0 = $L[s]", num.array(), accMatrix);
        String[][] acc = new String[SAMPLES][VECTORS];
        for (int q = 0; q < SAMPLES; q++) {
            for (int u = 0; u < VECTORS; u++) {
                acc[q][u] = "v" + q + u;
                c.addStatement("$T $L = $L", vector, acc[q][u], q == 0 ? v.load("y0", column(j, u)) : v.zero());
            }
        }
        if (count4 > 0) {
            c.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", k, k, count4, k, SAMPLES);
            String[] coefs = new String[SAMPLES];
            for (int q = 0; q < SAMPLES; q++) {
                coefs[q] = "c" + q;
                c.addStatement("final $T $L = $L", num.type(), coefs[q], coef.at("s", k, q));
            }
                for (int q = 0; q < SAMPLES; q++) {
                c.addStatement("final $T k$L = $T.broadcast($L, $L)", vector, q, vector, SPECIES, coefs[q]);
                c.addStatement("final $T r$L = $L[$L]", num.array(), q, rowsMatrix, DenseLayerEmitter.plus(k, q));
                for (int u = 0; u < VECTORS; u++) {
                    c.addStatement("$L = $L", acc[q][u], v.fma(v.load("r" + q, column(j, u)), "k" + q, acc[q][u]));
                }
            }
            c.endControlFlow();
        }
        if (count4 < count) {
            c.beginControlFlow("for (int $L = $L; $L < $L; $L++)", k, count4, k, count, k);
            c.addStatement("final $T k0 = $T.broadcast($L, $L)", vector, vector, SPECIES, coef.at("s", k, 0));
            c.addStatement("final $T r0 = $L[$L]", num.array(), rowsMatrix, k);
            for (int u = 0; u < VECTORS; u++) {
                c.addStatement("$L = $L", acc[0][u], v.fma(v.load("r0", column(j, u)), "k0", acc[0][u]));
            }
            c.endControlFlow();
        }
        for (int u = 0; u < VECTORS; u++) {
            CodeBlock sum = CodeBlock.of("$L", acc[0][u]);
            for (int q = 1; q < SAMPLES; q++) {
                sum = v.add(sum, acc[q][u]);
            }
            c.addStatement("$L", v.store(sum, "y0", column(j, u)));
        }
    }

    /**
     * {@code g[i + q][j] += sum_s coef(s, i, q) * e[s][j]} for the {@value #SAMPLES} gradient rows
     * {@code g0..g3} (declared by the caller inside its loop over {@code i}), slots {@code s < n} and columns
     * {@code j < jv} as in {@link #accumulateRows}; the caller handles the rest.
     */
    void accumulateOuter(CodeBlock.Builder c, String deltas, int len, Coefficient coef) {
        c.add("// Vector API: $L gradient rows x $L vectors stay in registers for the whole block of samples;\n",
                SAMPLES, VECTORS);
        c.add("// each sample loads $L delta vectors and $L inputs for $L fused multiply-adds.\n",
                VECTORS, SAMPLES, SAMPLES * VECTORS);
        c.beginControlFlow("for (int j = 0; j < $L; j += $L * $L)", vectorColumns(len), VECTORS, LANES);
        String[][] acc = new String[SAMPLES][VECTORS];
        for (int q = 0; q < SAMPLES; q++) {
            for (int u = 0; u < VECTORS; u++) {
                acc[q][u] = "v" + q + u;
                c.addStatement("$T $L = $L", vector, acc[q][u], v.load("g" + q, column("j", u)));
            }
        }
        c.beginControlFlow("for (int s = 0; s < n; s++)");
        String[] coefs = new String[SAMPLES];
        for (int q = 0; q < SAMPLES; q++) {
            coefs[q] = "c" + q;
            c.addStatement("final $T $L = $L", num.type(), coefs[q], coef.at("s", "i", q));
        }
        c.addStatement("final $T e = $L[s]", num.array(), deltas);
        for (int u = 0; u < VECTORS; u++) {
            c.addStatement("final $T e$L = $L", vector, u, v.load("e", column("j", u)));
        }
        for (int q = 0; q < SAMPLES; q++) {
            c.addStatement("final $T k$L = $T.broadcast($L, $L)", vector, q, vector, SPECIES, coefs[q]);
            for (int u = 0; u < VECTORS; u++) {
                c.addStatement("$L = $L", acc[q][u], v.fma("e" + u, "k" + q, acc[q][u]));
            }
        }
        c.endControlFlow();
        for (int q = 0; q < SAMPLES; q++) {
            for (int u = 0; u < VECTORS; u++) {
                c.addStatement("$L", v.store(acc[q][u], "g" + q, column("j", u)));
            }
        }
        c.endControlFlow();
    }

    private static String column(String j, int u) {
        return u == 0 ? j : u == 1 ? j + " + " + LANES : j + " + " + u + " * " + LANES;
    }
}
