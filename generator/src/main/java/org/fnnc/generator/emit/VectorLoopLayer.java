package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.Fields.PerLayer.D;

import com.palantir.javapoet.CodeBlock;
import java.util.Map;

/**
 * {@link org.fnnc.generator.plan.KernelFamily#VECTOR_LOOPS}: each product runs a Vector API tile kernel
 * ({@link VectorTiles}) in a method of its own over the columns that fill whole tiles of vectors, and the
 * scalar kernels over the columns left; blocks of fewer samples than the plan's {@code vectorMinSamples} take
 * the scalar kernels alone.
 */
final class VectorLoopLayer extends LoopLayer {

    private final VectorTiles vector;

    VectorLoopLayer(LayerContext layer) {
        super(layer);
        this.vector = new VectorTiles(num, layer.plan().vectorTile());
    }

    private int minSamples() {
        return layer.plan().vectorMinSamples();
    }

    /** A kernel method's scope: its parameters, and the aliases it declares first. */
    private Scope kernelScope(CodeBlock.Builder kernel, Map<String, String> aliases) {
        Scope scope = layer.scope(layer.blockParameters());
        aliases.forEach((local, field) -> {
            scope.reserve(local);
            kernel.addStatement("final $T $N = $N", num.matrix(), local, field);
        });
        return scope;
    }

    @Override
    void accumulateRows(CodeBlock.Builder c, Scope scope, String what, String acc, String rowsMatrix, int count,
                        int len, String row, String element, AxpyKernels.Coefficient coefficient, String kernel,
                        Map<String, String> aliases) {
        c.add("// $L: Vector API kernel, then scalar loops for the last columns; blocks of fewer than\n", what);
        c.add("// $L samples take the scalar kernel alone (measured faster at batch 1).\n", minSamples());
        CodeBlock.Builder body = CodeBlock.builder();
        Scope kernelScope = kernelScope(body, aliases);
        vector.accumulateRows(body, kernelScope, acc, rowsMatrix, count, len, row, element, coefficient);
        CodeBlock call = kernelMethod(kernel, what, body.build());
        String jv = scope.name("jv");
        c.addStatement("final int $N = n >= $L ? $L : 0", jv, minSamples(), vector.vectorColumns(len));
        c.beginControlFlow("if ($N > 0)", jv);
        c.addStatement("$L", call);
        c.endControlFlow();
        c.beginControlFlow("if ($N < $L)", jv, len);
        c.add("// The columns the vectors left: scalar loops.\n");
        axpy.blockedAxpys(c, scope.block(), acc, rowsMatrix, count, len, row, element, jv, coefficient);
        c.endControlFlow();
    }

    /**
     * Weight-gradient rows {@code 0 <= i < rowCount}: the Vector API kernel in a method of its own, then scalar
     * loops for the columns it leaves. The kernel's register tile is a tile of gradient rows of the scalar
     * kernel's loop over {@code i}, so the two tiles have as many rows (the planner's invariant).
     */
    @Override
    void weightGradientRows(CodeBlock.Builder c, Scope scope, String deltas, int rowCount) {
        int rows = axpy.tile().rows();
        if (vector.tile().rows() != rows) {
            throw new IllegalStateException("vector tile " + vector.tile() + " and scalar tile " + axpy.tile()
                    + " must have as many gradient rows");
        }
        String what = "gw[i] += " + layer.inputName() + "_s[i] * d_s over samples s";
        c.add("// $L: Vector API kernel, then scalar loops for the last columns; blocks of fewer than\n", what);
        c.add("// $L samples take the scalar kernel alone (measured faster at batch 1).\n", minSamples());
        CodeBlock.Builder body = CodeBlock.builder();
        Scope kernelScope = kernelScope(body, Map.of(deltas, D.of(l)));
        Scope kernelRows = kernelScope.block();
        String ki = kernelRows.forLoop(body, "i", 0, rowCount, rows);
        String[] kernelGradientRows = declareRows(body, kernelRows, ki);
        vector.accumulateOuter(body, kernelRows, kernelGradientRows, deltas, layer.out(),
                (sample, r) -> input(sample, ki, r));
        body.endControlFlow();
        CodeBlock call = kernelMethod("WeightGradientVectors", what, body.build());
        String jg = scope.name("jg");
        c.addStatement("final int $N = n >= $L ? $L : 0", jg, minSamples(), vector.vectorColumns(layer.out()));
        c.beginControlFlow("if ($N > 0)", jg);
        c.addStatement("$L", call);
        c.endControlFlow();
        c.beginControlFlow("if ($N < $L)", jg, layer.out());
        Scope tail = scope.block();
        String i = tail.forLoop(c, "i", 0, rowCount, rows);
        String[] g = declareRows(c, tail, i);
        Scope samples = tail.block();
        String s = samples.forLoop(c, "s", 0, "n");
        Scope body2 = samples.block();
        String[][] coef = axpy.coefficients(c, body2, rows, 1, (r, k) -> input(s, i, r));
        String e = body2.local(c, num.array(), "e0", CodeBlock.of("$N[$N]", deltas, s));
        axpy.axpyBlock(c, body2, g, new String[] {e}, coef, "j", jg, layer.out());
        c.endControlFlow();
        c.endControlFlow();
        c.endControlFlow();
    }
}
