package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.Fields.PerLayer.A;
import static org.fnnc.generator.emit.Fields.PerLayer.B;
import static org.fnnc.generator.emit.Fields.PerLayer.D;
import static org.fnnc.generator.emit.Fields.PerLayer.GB;
import static org.fnnc.generator.emit.Fields.PerLayer.GW;
import static org.fnnc.generator.emit.Fields.PerLayer.W;
import static org.fnnc.generator.emit.Fields.PerLayer.WT;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * What the loop families share: a layer runs block kernels over all {@code n} samples of a block. Forward:
 * copy the bias, add the products, apply the activation in place. Backward: the bias gradient, the weight
 * gradient by tiles of gradient rows, and (not for the first layer) the input gradient, from a transposed copy
 * of the weights for blocks of enough samples and from dot products otherwise. The products themselves are
 * the family's: {@link #accumulateRows} and {@link #weightGradientRows}.
 */
abstract class LoopLayer extends LayerEmitter {

    final AxpyKernels axpy;
    /** Methods holding one kernel each, emitted after the forward or backward method that calls them. */
    private final List<MethodSpec> kernelMethods = new ArrayList<>();

    LoopLayer(LayerContext layer) {
        super(layer);
        this.axpy = new AxpyKernels(num, layer.plan().scalarTile());
    }

    /**
     * {@code acc[s][j] += sum_k coef(s, k) * rows[k][j]} over all slots, rows {@code k < count} and elements
     * {@code j < len}. {@code what} describes the sum for the comment; {@code row} and {@code element} suggest
     * the loop variables' names; {@code kernel} names a method of its own if the family wants one, which then
     * declares {@code aliases} first (local name to field: the locals {@code acc} and {@code coefficient} use).
     */
    abstract void accumulateRows(CodeBlock.Builder c, Scope scope, String what, String acc, String rowsMatrix,
                                 int count, int len, String row, String element, AxpyKernels.Coefficient coefficient,
                                 String kernel, Map<String, String> aliases);

    /** {@code gw[i] += in_s[i] * d_s} for the gradient rows {@code i < rows}, a multiple of the tile's rows. */
    abstract void weightGradientRows(CodeBlock.Builder c, Scope scope, String deltas, int rows);

    @Override
    List<FieldSpec> scratch() {
        if (!layer.plan().transposedCopy()) {
            return List.of();
        }
        return List.of(FieldSpec.builder(num.matrix(), WT.of(l), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("Scratch: layers.$L.weight untransposed [$L units][$L inputs], for the input gradient.\n",
                        l, layer.out(), layer.in())
                .initializer("new $L[$L][$L]", num.keyword(), layer.out(), layer.in()).build());
    }

    /**
     * Registers a block method holding one kernel and returns the call of it. C2 turns vectors into registers
     * only if it inlines every Vector API call, and it inlines at most ~8,000 bytecode bytes into one
     * compilation; one kernel per method keeps each compilation far below that.
     */
    CodeBlock kernelMethod(String suffix, Object what, CodeBlock body) {
        String name = "layer" + l + suffix;
        kernelMethods.add(layer.blockMethod(name)
                .addJavadoc("$L, Vector API kernel (layers.$L, slots 0 to n-1).\n", what, l)
                .addCode(body).build());
        return layer.blockCall(name);
    }

    /** Input {@code i + k} of the sample in slot {@code sample}. */
    CodeBlock input(Object sample, Object i, int k) {
        return layer.blockInput(sample, i, k);
    }

    @Override
    List<MethodSpec> forwardMethods() {
        return withKernels(layer.blockMethod("layer" + l + "Forward").addJavadoc(layer.forwardDoc()).addCode(forward()));
    }

    /** {@code method}, then the kernel methods it calls (registered while its code was written). */
    private List<MethodSpec> withKernels(MethodSpec.Builder method) {
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(method.build());
        methods.addAll(kernelMethods);
        kernelMethods.clear();
        return methods;
    }

    private CodeBlock forward() {
        Scope scope = layer.scope(layer.blockParameters());
        CodeBlock.Builder c = CodeBlock.builder();
        // The output layer writes its logits z; a hidden layer sums z into its activation rows a, then a = f(z).
        String out = scope.name(layer.output() ? "z" : "a");
        c.addStatement("final $T $N = $N", num.matrix(), out, layer.dst());
        Scope bias = scope.block();
        String s = bias.forLoop(c, "s", 0, "n");
        c.addStatement("$T.arraycopy($N, 0, $N[$N], 0, $L)", System.class, B.of(l), out, s, layer.out());
        c.endControlFlow();
        accumulateRows(c, scope, "z_s += " + layer.inputName() + "_s[i] * W" + l + "^T[i] over inputs i", out,
                W.of(l), layer.in(), layer.out(), "i", "j", this::input, "ForwardVectors", Map.of(out, layer.dst()));
        if (layer.applies()) {
            c.add("// $L = $L, in place\n", A.of(l), layer.activation().formula());
            Scope apply = scope.block();
            String s2 = apply.forLoop(c, "s", 0, "n");
            String row = apply.local(c, num.array(), "row", CodeBlock.of("$N[$N]", out, s2));
            String j = apply.forLoop(c, "j", 0, layer.out());
            c.addStatement("$N[$N] = $L", row, j, layer.activation().value(CodeBlock.of("$N[$N]", row, j)));
            c.endControlFlow();
            c.endControlFlow();
        }
        return c.build();
    }

    @Override
    List<MethodSpec> backwardMethods() {
        return withKernels(layer.blockMethod("layer" + l + "Backward").addJavadoc(layer.backwardDoc()).addCode(backward()));
    }

    private CodeBlock backward() {
        Scope scope = layer.scope(layer.blockParameters());
        CodeBlock.Builder c = CodeBlock.builder();
        int in = layer.in();
        int out = layer.out();
        int tileRows = axpy.tile().rows();
        int inWhole = in - in % tileRows;
        String d = scope.local(c, num.matrix(), "d", CodeBlock.of("$N", D.of(l)));
        String gb = scope.local(c, num.array(), "gb", CodeBlock.of("$N", GB.of(l)));
        Scope bias = scope.block();
        String s = bias.forLoop(c, "s", 0, "n");
        String ds = bias.local(c, num.array(), "ds", CodeBlock.of("$N[$N]", d, s));
        String j = bias.forLoop(c, "j", 0, out);
        c.addStatement("$N[$N] += $N[$N]", gb, j, ds, j);
        c.endControlFlow();
        c.endControlFlow();
        if (inWhole > 0) {
            weightGradientRows(c, scope, d, inWhole);
        }
        if (inWhole < in) {
            c.add("// The last $L input(s), one row at a time.\n", in - inWhole);
            Scope rest = scope.block();
            String i = rest.forLoop(c, "i", inWhole, in);
            String g = rest.local(c, num.array(), "g0", CodeBlock.of("$N[$N]", GW.of(l), i));
            Scope samples = rest.block();
            String s2 = samples.forLoop(c, "s", 0, "n");
            Scope body = samples.block();
            String[][] coef = axpy.coefficients(c, body, 1, 1, (r, k) -> input(s2, i, 0));
            String e = body.local(c, num.array(), "e0", CodeBlock.of("$N[$N]", d, s2));
            axpy.axpyBlock(c, body, new String[] {g}, new String[] {e}, coef, "j", 0, out);
            c.endControlFlow();
            c.endControlFlow();
        }
        if (!layer.first()) {
            inputGradient(c, scope, d);
        }
        return c.build();
    }

    /** {@code d<l-1>_s = f'(z<l-1>_s) * (W d_s)}, by transposed copy and axpys, or by dot products. */
    private void inputGradient(CodeBlock.Builder c, Scope scope, String d) {
        int in = layer.in();
        int out = layer.out();
        String wt = WT.of(l);
        String a = scope.local(c, num.matrix(), "in", CodeBlock.of("$N", A.of(l - 1)));
        String dp = scope.local(c, num.matrix(), "dp", CodeBlock.of("$N", D.of(l - 1)));
        c.add("// $L_s[i] = f'(z$L_s[i]) * (W$L d_s)[i], where (W$L d_s)[i] = W$L^T[i] . d_s.\n", D.of(l - 1),
                l - 1, l, l, l);
        c.beginControlFlow("if (n >= $L)", layer.plan().transposeMinSamples());
        Scope copy = scope.block();
        c.add("// Enough samples to pay for a transpose: copy W$L = $L[$L][$L] out of the stored\n", l, wt, out, in);
        c.add("// W$L^T, then W$L d_s = sum_j d_s[j] * $L[j] is a sum of axpys, which C2 vectorises.\n", l, l, wt);
        Scope rows = copy.block();
        String i = rows.forLoop(c, "i", 0, in);
        String wi = rows.local(c, num.array(), "wi", CodeBlock.of("$N[$N]", W.of(l), i));
        String j = rows.forLoop(c, "j", 0, out);
        c.addStatement("$N[$N][$N] = $N[$N]", wt, j, i, wi, j);
        c.endControlFlow();
        c.endControlFlow();
        Scope clear = copy.block();
        String s = clear.forLoop(c, "s", 0, "n");
        c.addStatement("$T.fill($N[$N], $L)", Arrays.class, dp, s, num.literal(0));
        c.endControlFlow();
        Map<String, String> aliases = new LinkedHashMap<>();
        aliases.put(d, D.of(l));
        aliases.put(dp, D.of(l - 1));
        accumulateRows(c, copy, D.of(l - 1) + "_s += d_s[j] * " + wt + "[j] over units j", dp, wt, out, in, "j",
                "i", (sample, k, o) -> CodeBlock.of("$N[$L][$L]", d, sample, LayerContext.plus(k, o)),
                "InputGradientVectors", aliases);
        Scope apply = copy.block();
        String s2 = apply.forLoop(c, "s", 0, "n");
        String as = apply.local(c, num.array(), "as", CodeBlock.of("$N[$N]", a, s2));
        String ds = apply.local(c, num.array(), "ds", CodeBlock.of("$N[$N]", dp, s2));
        String i2 = apply.forLoop(c, "i", 0, in);
        String ai = apply.local(c, num.type(), "ai", CodeBlock.of("$N[$N]", as, i2));
        c.addStatement("$N[$N] = $L", ds, i2, layer.previous().backward(ai, CodeBlock.of("$N[$N]", ds, i2)));
        c.endControlFlow();
        c.endControlFlow();
        c.nextControlFlow("else");
        c.add("// Few samples: a dot product per stored row and sample (a reduction, which C2 keeps scalar).\n");
        Scope dots = scope.block();
        String i3 = dots.forLoop(c, "i", 0, in);
        String wi3 = dots.local(c, num.array(), "wi", CodeBlock.of("$N[$N]", W.of(l), i3));
        String s3 = dots.forLoop(c, "s", 0, "n");
        String ds3 = dots.local(c, num.array(), "ds", CodeBlock.of("$N[$N]", d, s3));
        String sum = dots.name("sum");
        c.addStatement("$T $N = $L", num.type(), sum, num.literal(0));
        String j3 = dots.forLoop(c, "j", 0, out);
        c.addStatement("$N += $N[$N] * $N[$N]", sum, wi3, j3, ds3, j3);
        c.endControlFlow();
        String ai3 = dots.local(c, num.type(), "ai", CodeBlock.of("$N[$N][$N]", a, s3, i3));
        c.addStatement("$N[$N][$N] = $L", dp, s3, i3, layer.previous().backward(ai3, sum));
        c.endControlFlow();
        c.endControlFlow();
        c.endControlFlow();
    }

    /** {@code final float[] g0 = gw<l>[i]; ...}: the gradient rows of one tile. */
    String[] declareRows(CodeBlock.Builder c, Scope scope, String i) {
        String[] rows = AxpyKernels.names(scope, "g", axpy.tile().rows());
        for (int k = 0; k < rows.length; k++) {
            c.addStatement("final $T $N = $N[$L]", num.array(), rows[k], GW.of(l), LayerContext.plus(i, k));
        }
        return rows;
    }
}
