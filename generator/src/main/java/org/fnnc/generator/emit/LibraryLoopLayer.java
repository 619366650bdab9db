package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.Fields.PerLayer.A;
import static org.fnnc.generator.emit.Fields.PerLayer.B;
import static org.fnnc.generator.emit.Fields.PerLayer.D;
import static org.fnnc.generator.emit.Fields.PerLayer.DXB;
import static org.fnnc.generator.emit.Fields.PerLayer.GB;
import static org.fnnc.generator.emit.Fields.PerLayer.GW;
import static org.fnnc.generator.emit.Fields.PerLayer.STEP_LEFT;
import static org.fnnc.generator.emit.Fields.PerLayer.W;
import static org.fnnc.generator.emit.Fields.PerLayer.WS;
import static org.fnnc.generator.emit.Fields.PerLayer.XB;
import static org.fnnc.generator.emit.Fields.PerLayer.YB;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import org.fnnc.kernels.DoubleDense;
import org.fnnc.kernels.DoubleDenseWorkspace;
import org.fnnc.kernels.FloatDense;
import org.fnnc.kernels.FloatDenseWorkspace;
import org.fnnc.spec.Activation;

/**
 * A loop layer that calls fnnc-api's kernel library ({@link FloatDense} or {@link DoubleDense}) with
 * compile-time-constant shapes: the forward pass with bias and activation fused, the weight and bias gradients,
 * and the input gradient with the previous layer's activation derivative fused. The library chooses, once per
 * JVM, between its Vector API register tiles and its scalar loops, so the class itself uses no incubating API
 * and compiles with plain javac.
 *
 * <p>The library works on flat row-major blocks ({@code [n x width]} in one array). The first layer reads the
 * caller's batch in place. Towards its neighbours the layer keeps the per-slot rows every family shares
 * ({@code a<l>}, {@code z<l>}, {@code d<l>}): it gathers its input rows into {@code xb<l>}, copies its output
 * from {@code yb<l>} into its rows and, backward, its dL/dz rows into {@code yb<l>} and its input gradient from
 * {@code dxb<l>} into the previous layer's rows. The copies move {@code n (in + out)} numbers per pass against
 * the {@code n in out} multiply-adds of a loop layer.
 */
final class LibraryLoopLayer extends LayerEmitter {

    private final ClassName dense;
    private final ClassName workspace;

    LibraryLoopLayer(LayerContext layer) {
        super(layer);
        boolean single = num.type().equals(TypeName.FLOAT);
        this.dense = ClassName.get(single ? FloatDense.class : DoubleDense.class);
        this.workspace = ClassName.get(single ? FloatDenseWorkspace.class : DoubleDenseWorkspace.class);
    }

    @Override
    List<FieldSpec> scratch() {
        List<FieldSpec> fields = new ArrayList<>();
        int in = layer.in();
        int out = layer.out();
        if (!layer.first()) {
            fields.add(flat(XB.of(l), in, "Scratch: the block's inputs " + A.of(l - 1) + " as one matrix [BLOCK x "
                    + in + "], for the kernel library."));
        } else {
            fields.add(flat(XB.of(l), in, "Scratch: a copy of the block's inputs x [BLOCK x " + in + "], an operand of"
                    + " the weight gradient a one-block sgdStep leaves\npending (the caller's x may change before it is"
                    + " read)."));
        }
        fields.add(flat(YB.of(l), out, "Scratch: layers." + l + "'s block as one matrix [BLOCK x " + out + "]: its "
                + (layer.output() ? "logits" : "activations") + " in the forward pass, dL/dz in the backward pass."));
        if (!layer.first()) {
            fields.add(flat(DXB.of(l), in, "Scratch: the input gradient dL/dz" + (l - 1) + " of the block as one"
                    + " matrix [BLOCK x " + in + "]."));
        }
        fields.add(FieldSpec.builder(workspace, WS.of(l), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The kernel library's scratch for layers.$L (packed weight panels, edge tiles).\n", l)
                .initializer("new $T($N, $L, $L)", workspace, Fields.BLOCK, in, out).build());
        return fields;
    }

    private FieldSpec flat(String name, int width, String doc) {
        return FieldSpec.builder(num.array(), name, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L\n", doc)
                .initializer("new $L[$N * $L]", num.keyword(), Fields.BLOCK, width).build();
    }

    @Override
    List<MethodSpec> forwardMethods() {
        Scope scope = layer.scope(layer.blockParameters());
        CodeBlock.Builder c = CodeBlock.builder();
        int in = layer.in();
        int out = layer.out();
        CodeBlock input = input(c, scope, true);
        String y = YB.of(l);
        if (layer.output()) {
            c.add("// $L [n x $L] = $L [n x $L] . $L [$L][$L] + $L, the logits (the loss applies the output activation)\n",
                    y, out, layer.inputName(), in, W.of(l), in, out, B.of(l));
        } else {
            c.add("// $L [n x $L] = $L($L [n x $L] . $L [$L][$L] + $L), bias and activation fused\n", y, out,
                    activationName(layer.activation()), layer.inputName(), in, W.of(l), in, out, B.of(l));
        }
        CodeBlock forward = CodeBlock.of("$T.forward($L, $L, n, $L, $N, $N, $L, $L, $L, $N, 0, $L, $N)", dense, input,
                in, in, W.of(l), B.of(l), out, activation(layer.activation()), alpha(layer.activation()), y, out,
                WS.of(l));
        if (defersStep()) {
            c.add("// A one-sample sgdStep leaves $L's step pending (parameters.deferStep): one sample takes it in\n",
                    W.of(l));
            c.add("// this pass, stepping each row as it reads it where the kernels can; other blocks take it first\n");
            c.beginControlFlow("if (n != 1 || !parameters.forwardAfterDeferredStep($L, $L, $L, $L, $N, 0, $N))", l,
                    input, activation(layer.activation()), alpha(layer.activation()), y, WS.of(l));
            c.addStatement("parameters.settle()");
            c.addStatement("$L", forward);
            c.endControlFlow();
        } else {
            c.addStatement("$L", forward);
        }
        c.add("// $L [n][$L] = $L, row by row\n", layer.dst(), out, y);
        copyToRows(c, scope, y, layer.dst(), out);
        return List.of(layer.blockMethod("layer" + l + "Forward").addJavadoc(layer.forwardDoc())
                .addCode(c.build()).build());
    }

    @Override
    List<MethodSpec> backwardMethods() {
        Scope scope = layer.scope(layer.blockParameters());
        CodeBlock.Builder c = CodeBlock.builder();
        int in = layer.in();
        int out = layer.out();
        String y = YB.of(l);
        c.add("// $L [n x $L] = $L, dL/dz$L of the block as one matrix\n", y, out, D.of(l), l);
        Scope rows = scope.block();
        String s = rows.forLoop(c, "s", 0, "n");
        c.addStatement("$T.arraycopy($N[$N], 0, $N, $N * $L, $L)", System.class, D.of(l), s, y, s, out, out);
        c.endControlFlow();
        CodeBlock input = input(c, scope, false);
        String left = STEP_LEFT.of(l);
        oneSampleStep(c, scope, input, left);
        if (!layer.first()) {
            // Before the weight gradient: within sgdStep, the last block's weight gradient also takes the step.
            String dx = DXB.of(l);
            c.add("// $L [n x $L] = $L($L) * ($L . $L^T), the derivative fused, computed from the activations\n",
                    dx, in, derivativeName(layer.previous()), A.of(l - 1), y, W.of(l));
            c.addStatement("$T.inputGradient($N, 0, $L, n, $L, $N, $L, $L, $L, $N, 0, $L, $N, 0, $L, $N)", dense, y,
                    out, out, W.of(l), in, activation(layer.previous()), alpha(layer.previous()), XB.of(l), in, dx,
                    in, WS.of(l));
            c.add("// $L [n][$L] = $L, row by row\n", D.of(l - 1), in, dx);
            copyToRows(c, scope, dx, D.of(l - 1), in);
        }
        c.add("// $L [$L][$L] += $L^T . $L, $L [$L] += sum_s $L_s\n", GW.of(l), in, out, layer.inputName(), y,
                GB.of(l), out, y);
        c.beginControlFlow("if ($N == 0)", left);
        c.addStatement("$T.weightGradient($L, $L, n, $L, $N, 0, $L, $L, $N, $N, $N)", dense, input, in, in, y, out,
                out, GW.of(l), GB.of(l), WS.of(l));
        blockStep(c, input, left);
        c.nextControlFlow("else");
        c.add("// Within sgdStep or gradientSum: the first block writes the gradients (no zeroing pass); in sgdStep\n");
        c.add("// the last one also turns them into the mean and steps, $L -= $L * $L, tile by tile while each is in\n",
                W.of(l), Fields.STEP_RATE, GW.of(l));
        c.add("// the cache.\n");
        String accumulate = scope.local(c, TypeName.BOOLEAN, "accumulate",
                CodeBlock.of("$N != $N", left, Fields.STEP_BATCH));
        c.beginControlFlow("if ($N == n && $N)", left, Fields.STEP_UPDATES);
        c.addStatement("$T.weightGradientAndSgd($L, $L, n, $L, $N, 0, $L, $L, $N, $N, $N, $N, $N, $N, $N, $N)", dense,
                input, in, in, y, out, out, GW.of(l), GB.of(l), accumulate, Fields.STEP_SCALE, Fields.STEP_RATE,
                W.of(l), B.of(l), WS.of(l));
        c.nextControlFlow("else");
        c.addStatement("$T.weightGradient($L, $L, n, $L, $N, 0, $L, $L, $N, $N, $N, $N)", dense, input, in, in, y,
                out, out, GW.of(l), GB.of(l), accumulate, WS.of(l));
        c.endControlFlow();
        c.addStatement("$N -= n", left);
        c.endControlFlow();
        return List.of(layer.blockMethod("layer" + l + "Backward").addJavadoc(layer.backwardDoc())
                .addCode(c.build()).build());
    }

    /**
     * An sgdStep whose batch is this one block: the step from the weight gradient without writing it
     * ({@code sgdBlock}), the gradient left as the pending product of the block's inputs and deltas
     * ({@code setBlockProduct}), computed only if something reads it. The inputs and deltas stay in the class's
     * scratch, which the next forward pass keeps first; the first layer copies the caller's block, which pays while
     * the copy ({@code n x in}) is smaller than the gradient ({@code in x out}).
     */
    private void blockStep(CodeBlock.Builder c, CodeBlock input, String left) {
        int in = layer.in();
        int out = layer.out();
        String y = YB.of(l);
        // after "stepLeft == 0": within a step, whose first block this is if it is the whole batch
        CodeBlock whole = CodeBlock.of("n == $N && $N", Fields.STEP_BATCH, Fields.STEP_UPDATES);
        if (layer.first()) {
            c.nextControlFlow("else if ($L && n < $L)", whole, out);
        } else {
            c.nextControlFlow("else if ($L)", whole);
        }
        c.add("// The whole sgdStep is this block: $L -= $L * ($L * $L^T . $L), $L likewise, without\n",
                W.of(l), Fields.STEP_RATE, Fields.STEP_SCALE, layer.inputName(), y, B.of(l));
        c.add("// writing $L, which stays that product until something reads it\n", GW.of(l));
        CodeBlock operand = input;
        if (layer.first()) {
            c.add("// (of a copy of x, the caller's: smaller than $L while n < $L)\n", GW.of(l), out);
            c.addStatement("$T.arraycopy(x, xo, $N, 0, n * $L)", System.class, XB.of(l), in);
            operand = CodeBlock.of("$N, 0", XB.of(l));
        }
        c.addStatement("$T.sgdBlock($L, $L, n, $L, $N, 0, $L, $L, $N, $N, $N, $N, $N, $N)", dense, input, in, in, y,
                out, out, GB.of(l), Fields.STEP_SCALE, Fields.STEP_RATE, W.of(l), B.of(l), WS.of(l));
        c.addStatement("$N.setBlockProduct($L, $L, $L, n, $N, 0, $L, $N, $N)", Fields.GRADIENTS, l, operand, in, y,
                out, Fields.STEP_SCALE, WS.of(l));
        c.addStatement("$N = 0", left);
    }

    /**
     * A one-sample sgdStep: the input gradient and the step of the weights and bias in one pass over the weight
     * rows, the weight gradient left as the outer product of the layer's input and deltas (a batch of one is a
     * rank-1 update, bound by memory: this reads and writes each row once instead of reading it three times and
     * writing the gradient too).
     */
    private void oneSampleStep(CodeBlock.Builder c, Scope scope, CodeBlock input, String left) {
        int in = layer.in();
        int out = layer.out();
        String y = YB.of(l);
        c.beginControlFlow("if ($N == 1 && $N == 1 && $N)", Fields.STEP_BATCH, left, Fields.STEP_UPDATES);
        if (defersStep()) {
            c.add("// A one-sample sgdStep: $L -= $L * $L now; $L -= $L * (x^T . $L) is deferred to the next forward\n",
                    B.of(l), Fields.STEP_RATE, y, W.of(l), Fields.STEP_RATE, y);
            c.add("// pass, which then reads and writes each row once (a step here would read and write every row,\n");
            c.add("// and the pass read it again); the gradient $L stays that outer product until something reads it\n",
                    GW.of(l));
            c.addStatement("$T.sgdBiasOneSample($N, 0, $L, $N, $N, $N)", dense, y, out, B.of(l), GB.of(l),
                    Fields.STEP_RATE);
            c.addStatement("parameters.deferStep($L, $N, $L, $N, 0)", l, Fields.STEP_RATE, input, y);
        } else if (layer.first()) {
            c.add("// A one-sample sgdStep in one pass over the rows: $L -= $L * (x^T . $L), $L -= $L * $L; the\n",
                    W.of(l), Fields.STEP_RATE, y, B.of(l), Fields.STEP_RATE, y);
            c.add("// gradient $L stays that outer product until something reads it\n", GW.of(l));
            c.addStatement("$T.sgdOneSample($L, $L, $N, 0, $L, $N, $N, $N, $N, $T.LINEAR, $L, null, 0, $N)", dense,
                    input, in, y, out, W.of(l), B.of(l), GB.of(l), Fields.STEP_RATE, Activation.class, num.literal(0),
                    WS.of(l));
        } else {
            String dx = DXB.of(l);
            c.add("// A one-sample sgdStep in one pass over the rows: $L = $L($L) * ($L . $L^T) with the weights\n", dx,
                    derivativeName(layer.previous()), A.of(l - 1), y, W.of(l));
            c.add("// before the step, $L -= $L * ($L^T . $L), $L -= $L * $L; the gradient $L stays that outer\n",
                    W.of(l), Fields.STEP_RATE, XB.of(l), y, B.of(l), Fields.STEP_RATE, y, GW.of(l));
            c.add("// product until something reads it\n");
            c.addStatement("$T.sgdOneSample($L, $L, $N, 0, $L, $N, $N, $N, $N, $L, $L, $N, 0, $N)", dense, input, in,
                    y, out, W.of(l), B.of(l), GB.of(l), Fields.STEP_RATE, activation(layer.previous()),
                    alpha(layer.previous()), dx, WS.of(l));
        }
        c.addStatement("$N.setOuterProduct($L, $L, $N, 0)", Fields.GRADIENTS, l, input, y);
        if (!layer.first()) {
            copyToRows(c, scope, DXB.of(l), D.of(l - 1), in);
        }
        c.addStatement("$N = 0", left);
        c.addStatement("return");
        c.endControlFlow();
    }

    /**
     * Whether a one-sample sgdStep defers this layer's weight step to its next forward pass
     * ({@code FloatParameters.deferStep}): the first layer of a float network, whose step needs no input gradient,
     * so that the step and the pass can share one read and write of each row.
     */
    private boolean defersStep() {
        return layer.first() && num.type().equals(TypeName.FLOAT);
    }

    /**
     * The layer's input block as the library's first two arguments ({@code array, offset}): the caller's batch at
     * {@code x[xo ..]} for the first layer, else {@code xb<l>}, into which the forward pass ({@code gather})
     * copies the previous layer's activation rows.
     */
    private CodeBlock input(CodeBlock.Builder c, Scope scope, boolean gather) {
        if (layer.first()) {
            return CodeBlock.of("x, xo");
        }
        String xb = XB.of(l);
        if (gather) {
            c.add("// $L [n x $L] = $L, the block's inputs as one matrix\n", xb, layer.in(), A.of(l - 1));
            Scope rows = scope.block();
            String s = rows.forLoop(c, "s", 0, "n");
            c.addStatement("$T.arraycopy($N[$N], 0, $N, $N * $L, $L)", System.class, A.of(l - 1), s, xb, s,
                    layer.in(), layer.in());
            c.endControlFlow();
        }
        return CodeBlock.of("$N, 0", xb);
    }

    /** {@code rows[s][0 .. width) = flat[s * width ..]} for the block's slots. */
    private static void copyToRows(CodeBlock.Builder c, Scope scope, String flat, String rows, int width) {
        Scope block = scope.block();
        String s = block.forLoop(c, "s", 0, "n");
        c.addStatement("$T.arraycopy($N, $N * $L, $N[$N], 0, $L)", System.class, flat, s, width, rows, s, width);
        c.endControlFlow();
    }

    /** The library's activation constant: {@code Activation.RELU}, or {@code LINEAR} for logits (null). */
    private static CodeBlock activation(ActivationMath.Bound activation) {
        return CodeBlock.of("$T.$L", Activation.class, activation == null ? Activation.LINEAR.name()
                : activation.math().name());
    }

    /** The activation's parameter (leaky_relu's slope, else 0) as a literal of the class's number type. */
    private CodeBlock alpha(ActivationMath.Bound activation) {
        return CodeBlock.of("$L", activation == null ? num.literal(0) : activation.alpha());
    }

    private static String activationName(ActivationMath.Bound activation) {
        return activation.math().name().toLowerCase(Locale.ROOT);
    }

    private static String derivativeName(ActivationMath.Bound activation) {
        return activation.math().name().toLowerCase(Locale.ROOT) + "'";
    }
}
