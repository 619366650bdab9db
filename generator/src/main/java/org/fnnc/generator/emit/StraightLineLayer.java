package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.Fields.PerLayer.A;
import static org.fnnc.generator.emit.Fields.PerLayer.B;
import static org.fnnc.generator.emit.Fields.PerLayer.D;
import static org.fnnc.generator.emit.Fields.PerLayer.GB;
import static org.fnnc.generator.emit.Fields.PerLayer.GW;
import static org.fnnc.generator.emit.Fields.PerLayer.W;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * {@link org.fnnc.generator.plan.KernelFamily#STRAIGHT_LINE}: per sample, every multiply-add written out, the
 * inputs and weight rows held in locals, split into as many methods as the plan says (forward by blocks of
 * units, backward by blocks of input rows) so that each stays under the JIT's size limit.
 */
final class StraightLineLayer extends LayerEmitter {

    /** Terms per line of a long sum, so that it stays readable. */
    private static final int TERMS_PER_LINE = 4;

    StraightLineLayer(LayerContext layer) {
        super(layer);
    }

    /** Arguments of a per-sample call inside the block method's loop over slots {@code s}. */
    private CodeBlock sampleArgs(String s) {
        return layer.first() ? CodeBlock.of("x, xo + $N * $N, $N", s, Fields.INPUTS, s) : CodeBlock.of("$N", s);
    }

    /** Arguments passed on from a per-sample method to its parts. */
    private CodeBlock partArgs() {
        return layer.first() ? CodeBlock.of("x, xo, s") : CodeBlock.of("s");
    }

    /** The block method: the per-sample method for each slot. */
    private MethodSpec blockLoop(String name, CodeBlock doc, String sampleMethod) {
        Scope scope = layer.scope(layer.blockParameters());
        String s = scope.name("s");
        return layer.blockMethod(name).addJavadoc(doc)
                .beginControlFlow("for (int $N = 0; $N < n; $N++)", s, s, s)
                .addStatement("$N($L)", sampleMethod, sampleArgs(s))
                .endControlFlow().build();
    }

    @Override
    List<MethodSpec> forwardMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        String sample = "layer" + l + "ForwardSample";
        methods.add(blockLoop("layer" + l + "Forward", layer.forwardDoc(), sample));
        int parts = layer.plan().forwardParts();
        if (parts == 1) {
            methods.add(layer.sampleMethod(sample).addJavadoc("layers.$L forward of the sample in slot s, straight-line.\n", l)
                    .addCode(forward(0, layer.out())).build());
            return methods;
        }
        CodeBlock.Builder dispatch = CodeBlock.builder();
        List<MethodSpec> partMethods = new ArrayList<>();
        int unitsPerPart = layer.plan().unitsPerPart();
        for (int p = 0; p < parts; p++) {
            int j0 = p * unitsPerPart;
            int j1 = Math.min(layer.out(), j0 + unitsPerPart);
            String name = "layer" + l + "ForwardUnits" + j0 + "To" + (j1 - 1);
            dispatch.addStatement("$N($L)", name, partArgs());
            partMethods.add(layer.sampleMethod(name)
                    .addJavadoc("Units $L to $L of layers.$L forward (split to stay under the JIT's method size limit).\n",
                            j0, j1 - 1, l)
                    .addCode(forward(j0, j1)).build());
        }
        methods.add(layer.sampleMethod(sample).addJavadoc("layers.$L forward of the sample in slot s, straight-line.\n", l)
                .addCode(dispatch.build()).build());
        methods.addAll(partMethods);
        return methods;
    }

    /** Input {@code i} of the sample: {@code x[xo + i]} for the first layer, else {@code in[i]}. */
    private CodeBlock inputAt(String in, int i) {
        if (layer.first()) {
            return i == 0 ? CodeBlock.of("x[xo]") : CodeBlock.of("x[xo + $L]", i);
        }
        return CodeBlock.of("$N[$L]", in, i);
    }

    /** {@code in}: the slot's input row (not for the first layer, which reads x); null for the first layer. */
    private String declareInput(CodeBlock.Builder c, Scope scope) {
        if (layer.first()) {
            return null;
        }
        String in = scope.local(c, num.array(), "in", CodeBlock.of("$N[s]", A.of(l - 1)));
        return in;
    }

    /** Units {@code j0 <= j < j1} of the sample in slot s. */
    private CodeBlock forward(int j0, int j1) {
        Scope scope = layer.scope(layer.sampleParameters());
        CodeBlock.Builder c = CodeBlock.builder();
        String in = declareInput(c, scope);
        int inputs = layer.in();
        String[] inputLocals = new String[inputs];
        for (int i = 0; i < inputs; i++) {
            inputLocals[i] = scope.name("in" + i);
            c.addStatement("final $T $N = $L", num.type(), inputLocals[i], inputAt(in, i));
        }
        String[] rows = new String[inputs];
        for (int i = 0; i < inputs; i++) {
            rows[i] = scope.name("row" + i);
            c.addStatement("final $T $N = $N[$L]", num.array(), rows[i], W.of(l), i);
        }
        String b = scope.local(c, num.array(), "b", CodeBlock.of("$N", B.of(l)));
        // The output layer writes its logits z; a hidden layer writes z into its activation row, then a = f(z).
        String out = scope.name(layer.output() ? "z" : "a");
        c.addStatement("final $T $N = $N[s]", num.array(), out, layer.dst());
        for (int j = j0; j < j1; j++) {
            List<CodeBlock> terms = new ArrayList<>();
            terms.add(CodeBlock.of("$N[$L]", b, j));
            for (int i = 0; i < inputs; i++) {
                terms.add(CodeBlock.of("$N * $N[$L]", inputLocals[i], rows[i], j));
            }
            c.addStatement("$N[$L] = $L", out, j, wrapSum(terms));
            if (layer.applies()) {
                c.addStatement("$N[$L] = $L", out, j, layer.activation().value(CodeBlock.of("$N[$L]", out, j)));
            }
        }
        return c.build();
    }

    /** {@code t0 + t1 + ...}, a few terms per line so long sums stay readable. */
    private static CodeBlock wrapSum(List<CodeBlock> terms) {
        CodeBlock.Builder sum = CodeBlock.builder();
        for (int k = 0; k < terms.size(); k++) {
            if (k > 0) {
                sum.add(k % TERMS_PER_LINE == 0 ? "\n+ " : " + ");
            }
            sum.add(terms.get(k));
        }
        return sum.build();
    }

    @Override
    List<MethodSpec> backwardMethods() {
        List<MethodSpec> methods = new ArrayList<>();
        String sample = "layer" + l + "BackwardSample";
        methods.add(blockLoop("layer" + l + "Backward", layer.backwardDoc(), sample));
        CodeBlock.Builder dispatch = CodeBlock.builder();
        List<MethodSpec> parts = new ArrayList<>();
        int rowsPerPart = layer.plan().rowsPerPart();
        int count = layer.plan().backwardParts();
        for (int p = 0; p < count; p++) {
            int i0 = p * rowsPerPart;
            int i1 = Math.min(layer.in(), i0 + rowsPerPart);
            String suffix = count == 1 ? "" : "Rows" + i0 + "To" + (i1 - 1);
            String name = "layer" + l + "WeightGradient" + suffix;
            dispatch.addStatement("$N($L)", name, partArgs());
            parts.add(layer.sampleMethod(name)
                    .addJavadoc("dW$L rows $L to $L$L of layers.$L backward, sample in slot s.\n", l, i0, i1 - 1,
                            p == 0 ? " and db" + l : "", l)
                    .addCode(weightGradient(i0, i1, p == 0)).build());
        }
        if (!layer.first()) {
            for (int p = 0; p < count; p++) {
                int i0 = p * rowsPerPart;
                int i1 = Math.min(layer.in(), i0 + rowsPerPart);
                String suffix = count == 1 ? "" : "Rows" + i0 + "To" + (i1 - 1);
                String name = "layer" + l + "InputGradient" + suffix;
                dispatch.addStatement("$N(s)", name);
                parts.add(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                        .addParameter(TypeName.INT, "s", Modifier.FINAL)
                        .addJavadoc("$L[$L to $L] of layers.$L backward, sample in slot s.\n", D.of(l - 1), i0,
                                i1 - 1, l)
                        .addCode(inputGradient(i0, i1)).build());
            }
        }
        methods.add(layer.sampleMethod(sample).addJavadoc("layers.$L backward of the sample in slot s, straight-line.\n", l)
                .addCode(dispatch.build()).build());
        methods.addAll(parts);
        return methods;
    }

    /** {@code final float[] d = d<l>[s]; final float d_0 = d[0]; ...}: the slot's deltas in locals. */
    private String[] declareDeltas(CodeBlock.Builder c, Scope scope) {
        String d = scope.local(c, num.array(), "d", CodeBlock.of("$N[s]", D.of(l)));
        String[] deltas = new String[layer.out()];
        for (int j = 0; j < layer.out(); j++) {
            deltas[j] = scope.name("d_" + j);
            c.addStatement("final $T $N = $N[$L]", num.type(), deltas[j], d, j);
        }
        return deltas;
    }

    /** Weight-gradient rows {@code i0 <= i < i1} (and the bias gradient) of the sample in slot s. */
    private CodeBlock weightGradient(int i0, int i1, boolean withBias) {
        Scope scope = layer.scope(layer.sampleParameters());
        CodeBlock.Builder c = CodeBlock.builder();
        String in = declareInput(c, scope);
        String[] deltas = declareDeltas(c, scope);
        if (withBias) {
            String gb = scope.local(c, num.array(), "gb", CodeBlock.of("$N", GB.of(l)));
            for (int j = 0; j < layer.out(); j++) {
                c.addStatement("$N[$L] += $N", gb, j, deltas[j]);
            }
        }
        for (int i = i0; i < i1; i++) {
            String input = scope.name("in" + i);
            c.addStatement("final $T $N = $L", num.type(), input, inputAt(in, i));
            String g = scope.name("g" + i);
            c.addStatement("final $T $N = $N[$L]", num.array(), g, GW.of(l), i);
            for (int j = 0; j < layer.out(); j++) {
                c.addStatement("$N[$L] += $N * $N", g, j, input, deltas[j]);
            }
        }
        return c.build();
    }

    /** {@code d<l-1>} rows {@code i0 <= i < i1} of the sample in slot s: f'(z) times the sum over units. */
    private CodeBlock inputGradient(int i0, int i1) {
        Scope scope = layer.scope("s");
        CodeBlock.Builder c = CodeBlock.builder();
        String in = scope.local(c, num.array(), "in", CodeBlock.of("$N[s]", A.of(l - 1)));
        String dp = scope.local(c, num.array(), "dp", CodeBlock.of("$N[s]", D.of(l - 1)));
        String[] deltas = declareDeltas(c, scope);
        for (int i = i0; i < i1; i++) {
            String row = scope.name("row" + i);
            c.addStatement("final $T $N = $N[$L]", num.array(), row, W.of(l), i);
            List<CodeBlock> terms = new ArrayList<>();
            for (int j = 0; j < layer.out(); j++) {
                terms.add(CodeBlock.of("$N[$L] * $N", row, j, deltas[j]));
            }
            // dL/da of input i: the sum over units of w_ij d_j
            String da = scope.name("da" + i);
            c.addStatement("final $T $N = $L", num.type(), da, wrapSum(terms));
            String a = scope.name("a" + (l - 1) + "_" + i);
            c.addStatement("final $T $N = $N[$L]", num.type(), a, in, i);
            c.addStatement("$N[$L] = $L", dp, i, layer.previous().backward(a, da));
        }
        return c.build();
    }
}
