package org.fnnc.generator.emit;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.fnnc.generator.plan.Tile;

/**
 * The scalar block kernels of loop layers: register-blocked axpys over rows, in which every array is indexed
 * by the same {@code j} - the shape C2 vectorises. One pass of a kernel loads a tile of
 * {@code rows} rows and {@code columns} samples' coefficients into locals and updates the accumulators in one
 * loop over {@code j}, so each loaded row element serves several samples and each accumulator is loaded and
 * stored once per {@code rows} rows. A pass whose coefficients are all zero adds nothing and is skipped.
 */
final class AxpyKernels {

    /** The coefficient multiplying row {@code k + offset} for the sample in slot {@code sample}. */
    interface Coefficient {
        CodeBlock at(Object sample, Object k, int offset);
    }

    private final Numeric num;
    private final Tile tile;

    AxpyKernels(Numeric num, Tile tile) {
        this.num = num;
        this.tile = tile;
    }

    Tile tile() {
        return tile;
    }

    /**
     * {@code acc[r][j] += sum_k coef[r][k] * vec[k][j]} for elements {@code from <= j < len}: one loop in which
     * every array is indexed by {@code j} alone.
     */
    void axpyBlock(CodeBlock.Builder c, Scope scope, String[] acc, String[] vec, String[][] coef, String element,
                   Object from, int len) {
        String j = scope.block().forLoop(c, element, from, len);
        for (int r = 0; r < acc.length; r++) {
            CodeBlock.Builder sum = CodeBlock.builder();
            for (int k = 0; k < vec.length; k++) {
                sum.add(k == 0 ? "$N * $N[$N]" : " + $N * $N[$N]", coef[r][k], vec[k], j);
            }
            c.addStatement("$N[$N] += $L", acc[r], j, sum.build());
        }
        c.endControlFlow();
    }

    /**
     * {@code acc[s][j] += sum_k coef(s, k) * rows[k][j]} for slots {@code s < n}, {@code k < count} and
     * {@code from <= j < len}: passes of a tile's rows x samples, then the remaining samples one at a time, then
     * the remaining rows one at a time. {@code row} and {@code element} suggest the names of k and j.
     */
    void blockedAxpys(CodeBlock.Builder c, Scope scope, String acc, String rowsMatrix, int count, int len,
                      String row, String element, Object from, Coefficient coefficient) {
        int rowsPerPass = tile.rows();
        int samplesPerPass = tile.columns();
        int countWhole = count - count % rowsPerPass;
        if (countWhole > 0) {
            Scope outer = scope.block();
            String k = outer.forLoop(c, row, 0, countWhole, rowsPerPass);
            String[] rows = names(outer, "r", rowsPerPass);
            for (int q = 0; q < rowsPerPass; q++) {
                c.addStatement("final $T $N = $N[$L]", num.array(), rows[q], rowsMatrix, LayerContext.plus(k, q));
            }
            String s = outer.name("s");
            c.addStatement("int $N = 0", s);
            c.beginControlFlow("for (; $N + $L <= n; $N += $L)", s, samplesPerPass, s, samplesPerPass);
            Scope pairs = outer.block();
            String[][] coef = coefficients(c, pairs, samplesPerPass, rowsPerPass,
                    (r, q) -> coefficient.at(LayerContext.plus(s, r), k, q));
            String[] accRows = names(pairs, "y", samplesPerPass);
            for (int r = 0; r < samplesPerPass; r++) {
                c.addStatement("final $T $N = $N[$L]", num.array(), accRows[r], acc, LayerContext.plus(s, r));
            }
            axpyBlock(c, pairs, accRows, rows, coef, element, from, len);
            c.endControlFlow();
            c.beginControlFlow("for (; $N < n; $N++)", s, s);
            Scope single = outer.block();
            String[][] coef1 = coefficients(c, single, 1, rowsPerPass, (r, q) -> coefficient.at(s, k, q));
            String y = single.local(c, num.array(), "y0", CodeBlock.of("$N[$N]", acc, s));
            axpyBlock(c, single, new String[] {y}, rows, coef1, element, from, len);
            c.endControlFlow();
            c.endControlFlow();
        }
        if (countWhole < count) {
            Scope rest = scope.block();
            c.add("// The last $L row(s), one at a time.\n", count - countWhole);
            String k = rest.forLoop(c, row, countWhole, count);
            String r0 = rest.local(c, num.array(), "r0", CodeBlock.of("$N[$N]", rowsMatrix, k));
            String s = rest.forLoop(c, "s", 0, "n");
            Scope inner = rest.block();
            String[][] coef = coefficients(c, inner, 1, 1, (r, q) -> coefficient.at(s, k, 0));
            String y = inner.local(c, num.array(), "y0", CodeBlock.of("$N[$N]", acc, s));
            axpyBlock(c, inner, new String[] {y}, new String[] {r0}, coef, element, from, len);
            c.endControlFlow();
            c.endControlFlow();
        }
    }

    /**
     * The weight gradient of rows {@code rows} (a tile's gradient rows, declared by the caller inside its loop
     * over {@code i}): pairs of samples, then the last sample, each one loop over the units.
     * {@code input(s, r)} is input {@code i + r} of the sample in slot {@code s}; {@code deltas} the d rows.
     */
    void weightGradient(CodeBlock.Builder c, Scope scope, String[] rows, String deltas, int len,
                        BiFunction<CodeBlock, Integer, CodeBlock> input) {
        int rowsPerPass = tile.rows();
        int samplesPerPass = tile.columns();
        String s = scope.name("s");
        c.addStatement("int $N = 0", s);
        c.beginControlFlow("for (; $N + $L <= n; $N += $L)", s, samplesPerPass, s, samplesPerPass);
        Scope pairs = scope.block();
        String[][] coef = coefficients(c, pairs, rowsPerPass, samplesPerPass,
                (r, k) -> input.apply(LayerContext.plus(s, k), r));
        String[] vec = names(pairs, "e", samplesPerPass);
        for (int k = 0; k < samplesPerPass; k++) {
            c.addStatement("final $T $N = $N[$L]", num.array(), vec[k], deltas, LayerContext.plus(s, k));
        }
        axpyBlock(c, pairs, rows, vec, coef, "j", 0, len);
        c.endControlFlow();
        c.beginControlFlow("for (; $N < n; $N++)", s, s);
        Scope single = scope.block();
        String[][] coef1 = coefficients(c, single, rowsPerPass, 1, (r, k) -> input.apply(CodeBlock.of("$N", s), r));
        String e = single.local(c, num.array(), "e0", CodeBlock.of("$N[$N]", deltas, s));
        axpyBlock(c, single, rows, new String[] {e}, coef1, "j", 0, len);
        c.endControlFlow();
    }

    /**
     * Declares the coefficients {@code c<r><k> = value(r, k)} of a {@code rows x columns} pass, then
     * {@code if (all zero) continue;}; returns their names.
     */
    String[][] coefficients(CodeBlock.Builder c, Scope scope, int rows, int columns,
                            BiFunction<Integer, Integer, CodeBlock> value) {
        String[][] names = new String[rows][columns];
        List<CodeBlock> zero = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < columns; k++) {
                names[r][k] = scope.name("c" + r + k);
                c.addStatement("final $T $N = $L", num.type(), names[r][k], value.apply(r, k));
                zero.add(CodeBlock.of("$N == $L", names[r][k], num.literal(0)));
            }
        }
        c.beginControlFlow("if ($L)", CodeBlock.join(zero, " && ")).addStatement("continue").endControlFlow();
        return names;
    }

    /** Locals {@code prefix0 .. prefix(count-1)}, allocated in {@code scope}. */
    static String[] names(Scope scope, String prefix, int count) {
        String[] n = new String[count];
        for (int k = 0; k < count; k++) {
            n[k] = scope.name(prefix + k);
        }
        return n;
    }
}
