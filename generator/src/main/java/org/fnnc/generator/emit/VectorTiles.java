package org.fnnc.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.fnnc.generator.plan.Tile;

/**
 * The Vector API block kernels of loop layers ({@code kernels: vector_api}), two of which cover every product
 * of a dense layer:
 * <ul>
 * <li>{@link #accumulateRows}: {@code acc[s][j] += sum_k coef(s, k) * rows[k][j]}, the forward pass
 *     ({@code rows} = W^T, {@code coef} = the inputs) and the input gradient ({@code rows} = W, {@code coef} =
 *     the deltas). A tile of samples x vectors of outputs stays in registers for the whole sum over {@code k}:
 *     each iteration loads the tile's row vectors and broadcasts one coefficient per sample, and the outputs
 *     are loaded and stored once.</li>
 * <li>{@link #accumulateOuter}: {@code g[k][j] += sum_s coef(s, k) * e[s][j]}, the weight gradient
 *     ({@code e} = the deltas): a tile of gradient rows x vectors in registers for the whole block of
 *     samples.</li>
 * </ul>
 * Unlike the scalar kernels, these never skip zero coefficients: a {@code continue} that is ever taken
 * merges the accumulators of two paths at the loop's back edge, and C2 (JDK 17) then keeps the vectors as
 * objects, allocating on every step (measured: 0.8 MB per training step of a 40-48-36-10 network at batch
 * 37, 4x slower, once relu zeros made the branch live). Columns beyond the last whole tile of vectors go to
 * the scalar kernels. The species is {@code SPECIES_PREFERRED}, fixed when the class initialises, so the code
 * runs on any vector width and C2 folds {@code VL} to a constant. Every vector operand is written with
 * {@link VectorCode}.
 */
final class VectorTiles {

    private final Numeric num;
    private final ClassName vector;
    private final VectorCode v;
    private final Tile tile;

    VectorTiles(Numeric num, Tile tile) {
        this.num = num;
        this.vector = num.vectorClass();
        this.v = new VectorCode(num);
        this.tile = tile;
    }

    Tile tile() {
        return tile;
    }

    /** The columns the kernels cover: {@code len} rounded down to whole tiles of vectors. */
    CodeBlock vectorColumns(int len) {
        return CodeBlock.of("$L - $L % ($L * $N)", len, len, tile.columns(), VectorCode.LANES);
    }

    /**
     * {@code acc[s][j] += sum_k coef(s, k) * rows[k][j]} for slots {@code s < n}, {@code k < count} and the
     * columns {@code j < jv}, where {@code jv} ({@link #vectorColumns}) is {@code len} rounded down to whole tiles
     * of vectors; the caller handles columns {@code jv <= j < len}. {@code row} and {@code element} suggest the
     * names of k and j.
     */
    void accumulateRows(CodeBlock.Builder c, Scope scope, String acc, String rowsMatrix, int count, int len,
                        String row, String element, AxpyKernels.Coefficient coef) {
        int samples = tile.rows();
        int vectors = tile.columns();
        c.add("// Vector API: $L samples x $L vectors of outputs stay in registers for the whole sum over $L;\n",
                samples, vectors, row);
        c.add("// each step loads $L row vectors and $L coefficients for $L fused multiply-adds.\n",
                vectors, samples, samples * vectors);
        String jv = scope.name("jv");
        c.addStatement("final int $N = $L", jv, vectorColumns(len));
        Scope columns = scope.block();
        String j = columns.forLoop(c, element, 0, jv, CodeBlock.of("$L * $N", vectors, VectorCode.LANES));
        String s = columns.name("s");
        c.addStatement("int $N = 0", s);
        c.beginControlFlow("for (; $N + $L <= n; $N += $L)", s, samples, s, samples);
        rowsTile(c, columns.block(), acc, rowsMatrix, count, row, j, s, coef);
        c.endControlFlow();
        c.beginControlFlow("for (; $N < n; $N++)", s, s);
        rowsSingle(c, columns.block(), acc, rowsMatrix, count, row, j, s, coef);
        c.endControlFlow();
        c.endControlFlow();
    }

    private void rowsTile(CodeBlock.Builder c, Scope scope, String accMatrix, String rowsMatrix, int count, String row,
                          String j, String s, AxpyKernels.Coefficient coef) {
        int samples = tile.rows();
        int vectors = tile.columns();
        String[] y = new String[samples];
        String[][] acc = new String[samples][vectors];
        for (int q = 0; q < samples; q++) {
            y[q] = scope.name("y" + q);
            c.addStatement("final $T $N = $N[$L]", num.array(), y[q], accMatrix, LayerContext.plus(s, q));
            for (int u = 0; u < vectors; u++) {
                acc[q][u] = scope.name("v" + q + u);
                c.addStatement("$T $N = $L", vector, acc[q][u], v.load(y[q], column(j, u)));
            }
        }
        Scope body = scope.block();
        String k = body.forLoop(c, row, 0, count);
        String[] coefs = coefficients(c, body, samples, q -> coef.at(LayerContext.plus(s, q), k, 0));
        String[] rowVectors = rowVectors(c, body, "r", CodeBlock.of("$N[$N]", rowsMatrix, k), j);
        multiplyAdd(c, body, coefs, rowVectors, acc);
        c.endControlFlow();
        storeAll(c, acc, y, j);
    }

    /**
     * One sample: a tile's rows per step into as many partial sums per output vector, so that samples x
     * vectors independent multiply-add chains hide the FMA latency (a single chain per vector ran at half the
     * speed of the scalar loops at batch 1).
     */
    private void rowsSingle(CodeBlock.Builder c, Scope scope, String accMatrix, String rowsMatrix, int count,
                            String row, String j, String s, AxpyKernels.Coefficient coef) {
        int partials = tile.rows();
        int vectors = tile.columns();
        int countWhole = count - count % partials;
        String y = scope.local(c, num.array(), "y0", CodeBlock.of("$N[$N]", accMatrix, s));
        String[][] acc = new String[partials][vectors];
        for (int q = 0; q < partials; q++) {
            for (int u = 0; u < vectors; u++) {
                acc[q][u] = scope.name("v" + q + u);
                c.addStatement("$T $N = $L", vector, acc[q][u], q == 0 ? v.load(y, column(j, u)) : v.zero());
            }
        }
        if (countWhole > 0) {
            Scope body = scope.block();
            String k = body.forLoop(c, row, 0, countWhole, partials);
            String[] coefs = new String[partials];
            for (int q = 0; q < partials; q++) {
                coefs[q] = body.name("c" + q);
                c.addStatement("final $T $N = $L", num.type(), coefs[q], coef.at(s, k, q));
            }
            for (int q = 0; q < partials; q++) {
                String broadcast = body.name("k" + q);
                c.addStatement("final $T $N = $L", vector, broadcast, v.broadcast(coefs[q]));
                String r = body.name("r" + q);
                c.addStatement("final $T $N = $N[$L]", num.array(), r, rowsMatrix, LayerContext.plus(k, q));
                for (int u = 0; u < vectors; u++) {
                    c.addStatement("$N = $L", acc[q][u], v.fma(v.load(r, column(j, u)), broadcast, acc[q][u]));
                }
            }
            c.endControlFlow();
        }
        if (countWhole < count) {
            Scope body = scope.block();
            String k = body.forLoop(c, row, countWhole, count);
            String broadcast = body.local(c, vector, "k0", v.broadcast(coef.at(s, k, 0)));
            String r = body.local(c, num.array(), "r0", CodeBlock.of("$N[$N]", rowsMatrix, k));
            for (int u = 0; u < vectors; u++) {
                c.addStatement("$N = $L", acc[0][u], v.fma(v.load(r, column(j, u)), broadcast, acc[0][u]));
            }
            c.endControlFlow();
        }
        for (int u = 0; u < vectors; u++) {
            CodeBlock sum = CodeBlock.of("$N", acc[0][u]);
            for (int q = 1; q < partials; q++) {
                sum = v.binary(sum, VectorCode.Op.ADD, acc[q][u]);
            }
            c.addStatement("$L", v.store(sum, y, column(j, u)));
        }
    }

    /**
     * {@code g[i + q][j] += sum_s coef(s, i, q) * e[s][j]} for a tile's gradient rows {@code rows} (declared by
     * the caller inside its loop over {@code i}), slots {@code s < n} and columns {@code j < jv} as in
     * {@link #accumulateRows}; the caller handles the rest.
     */
    void accumulateOuter(CodeBlock.Builder c, Scope scope, String[] rows, String deltas, int len,
                         BiFunction<CodeBlock, Integer, CodeBlock> input) {
        int gradientRows = tile.rows();
        int vectors = tile.columns();
        c.add("// Vector API: $L gradient rows x $L vectors stay in registers for the whole block of samples;\n",
                gradientRows, vectors);
        c.add("// each sample loads $L delta vectors and $L inputs for $L fused multiply-adds.\n",
                vectors, gradientRows, gradientRows * vectors);
        Scope columns = scope.block();
        String j = columns.forLoop(c, "j", 0, vectorColumns(len), CodeBlock.of("$L * $N", vectors, VectorCode.LANES));
        String[][] acc = new String[gradientRows][vectors];
        for (int q = 0; q < gradientRows; q++) {
            for (int u = 0; u < vectors; u++) {
                acc[q][u] = columns.name("v" + q + u);
                c.addStatement("$T $N = $L", vector, acc[q][u], v.load(rows[q], column(j, u)));
            }
        }
        Scope body = columns.block();
        String s = body.forLoop(c, "s", 0, "n");
        String[] coefs = coefficients(c, body, gradientRows, q -> input.apply(CodeBlock.of("$N", s), q));
        String[] deltaVectors = rowVectors(c, body, "e", CodeBlock.of("$N[$N]", deltas, s), j);
        multiplyAdd(c, body, coefs, deltaVectors, acc);
        c.endControlFlow();
        storeAll(c, acc, rows, j);
        c.endControlFlow();
    }

    /** Declares the scalar coefficients {@code c0, c1, ...} = {@code value(q)}; returns their names. */
    private String[] coefficients(CodeBlock.Builder c, Scope scope, int count, IntFunction<CodeBlock> value) {
        String[] names = new String[count];
        for (int q = 0; q < count; q++) {
            names[q] = scope.local(c, num.type(), "c" + q, value.apply(q));
        }
        return names;
    }

    /**
     * Declares {@code final float[] name = row} and the tile's vectors of it at column {@code j},
     * {@code name0, name1, ...}; returns the vectors' names.
     */
    private String[] rowVectors(CodeBlock.Builder c, Scope scope, String name, CodeBlock row, String j) {
        String array = scope.local(c, num.array(), name, row);
        String[] vectors = new String[tile.columns()];
        for (int u = 0; u < vectors.length; u++) {
            vectors[u] = scope.local(c, vector, name + u, v.load(array, column(j, u)));
        }
        return vectors;
    }

    /** For each q: {@code k<q> = broadcast(coefs[q])}, then {@code acc[q][u] = vectors[u] * k<q> + acc[q][u]}. */
    private void multiplyAdd(CodeBlock.Builder c, Scope scope, String[] coefs, String[] vectors, String[][] acc) {
        for (int q = 0; q < coefs.length; q++) {
            String broadcast = scope.name("k" + q);
            c.addStatement("final $T $N = $L", vector, broadcast, v.broadcast(coefs[q]));
            for (int u = 0; u < vectors.length; u++) {
                c.addStatement("$N = $L", acc[q][u], v.fma(vectors[u], broadcast, acc[q][u]));
            }
        }
    }

    /** Stores each accumulator {@code acc[q][u]} into {@code arrays[q]} at vector {@code u} of column {@code j}. */
    private void storeAll(CodeBlock.Builder c, String[][] acc, String[] arrays, String j) {
        for (int q = 0; q < acc.length; q++) {
            for (int u = 0; u < acc[q].length; u++) {
                c.addStatement("$L", v.store(acc[q][u], arrays[q], column(j, u)));
            }
        }
    }

    /** Column of vector {@code u} of a tile starting at {@code j}: j, j + VL, j + 2 * VL, ... */
    private static CodeBlock column(String j, int u) {
        return u == 0 ? CodeBlock.of("$N", j) : u == 1 ? CodeBlock.of("$N + $N", j, VectorCode.LANES)
                : CodeBlock.of("$N + $L * $N", j, u, VectorCode.LANES);
    }
}
