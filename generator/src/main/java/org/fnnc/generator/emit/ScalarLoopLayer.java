package org.fnnc.generator.emit;

import com.palantir.javapoet.CodeBlock;
import java.util.Map;

/**
 * {@link org.fnnc.generator.plan.KernelFamily#SCALAR_LOOPS}: every product is a register-blocked axpy over rows
 * ({@link AxpyKernels}), which C2 vectorises.
 */
final class ScalarLoopLayer extends LoopLayer {

    ScalarLoopLayer(LayerContext layer) {
        super(layer);
    }

    @Override
    void accumulateRows(CodeBlock.Builder c, Scope scope, String what, String acc, String rowsMatrix, int count,
                        int len, String row, String element, AxpyKernels.Coefficient coefficient, String kernel,
                        Map<String, String> aliases) {
        int rows = axpy.tile().rows();
        int samples = axpy.tile().columns();
        c.add("// $L: axpys over rows, which C2 vectorises.\n", what);
        c.add("// Register blocking: $L rows x $L samples per pass, so each loaded row element serves $L samples\n",
                rows, samples, samples);
        c.add("// and each accumulator is loaded and stored once per $L rows. Blocks of zero coefficients add nothing: skipped.\n",
                rows);
        axpy.blockedAxpys(c, scope, acc, rowsMatrix, count, len, row, element, 0, coefficient);
    }

    @Override
    void weightGradientRows(CodeBlock.Builder c, Scope scope, String deltas, int rowCount) {
        int rows = axpy.tile().rows();
        int samples = axpy.tile().columns();
        c.add("// gw[i] += $L_s[i] * d_s over samples s: axpys over gradient rows, which C2 vectorises.\n",
                layer.inputName());
        c.add("// Register blocking: $L gradient rows x $L samples per pass, so each loaded d_s[j] serves $L rows\n",
                rows, samples, rows);
        c.add("// and each gw[i][j] is loaded and stored once per $L samples. Blocks of zero inputs add nothing: skipped.\n",
                samples);
        Scope block = scope.block();
        String i = block.forLoop(c, "i", 0, rowCount, rows);
        String[] g = declareRows(c, block, i);
        axpy.weightGradient(c, block, g, deltas, layer.out(), (sample, r) -> input(sample, i, r));
        c.endControlFlow();
    }
}
