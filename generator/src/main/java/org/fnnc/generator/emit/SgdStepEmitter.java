package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.Fields.PerLayer.B;
import static org.fnnc.generator.emit.Fields.PerLayer.GB;
import static org.fnnc.generator.emit.Fields.PerLayer.GW;
import static org.fnnc.generator.emit.Fields.PerLayer.STEP_LEFT;
import static org.fnnc.generator.emit.Fields.PerLayer.W;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Modifier;
import org.fnnc.generator.plan.KernelFamily;
import org.fnnc.generator.plan.NetworkPlan;
import org.fnnc.spec.NetworkSpec;

/**
 * Writes the fused plain-SGD step {@code sgdStep}: the gradient arrays are zeroed through the class's own
 * fields (compile-time sizes, no walk over {@code segments()}), the batch is accumulated by
 * {@code accumulateGradients}, and one pass per array turns the gradient sum into the mean and applies it,
 * {@code g = gsum / batch; w -= lr * g}, so a tiny network pays for neither a separate scaling pass nor the
 * interface's generic update. Arithmetic is that of the interface default (the mean is {@code gsum} times
 * {@code 1/batch} rounded to the precision, the step {@code lr} rounded likewise).
 *
 * <p>Kernel-library layers ({@link KernelFamily#LIBRARY_LOOPS}) go further: {@code sgdStep} tells them the batch
 * ({@code stepBatch}, {@code stepScale}, {@code stepRate}, and per layer {@code stepLeft<l>}, the samples still to
 * run backward), so that the first block writes their gradients instead of adding to zeroed arrays and the last
 * block takes the step with {@code weightGradientAndSgd} while each gradient tile is in the cache; zeroing and the
 * update pass then skip those layers. The library promises the same bits as zeroing, accumulating and the pass.
 * A step of one sample goes further still ({@code sgdOneSample}): input gradient and step in one pass over each
 * layer's weights, the weight gradient left in {@code gradients} as an outer product written out when read; the
 * step first discards the outer products a previous one left. A step whose batch is one block (at most
 * {@code BLOCK} samples) likewise steps from each weight gradient without writing it ({@code sgdBlock}) and leaves it
 * as the pending product of the block's inputs and deltas. Such classes also get {@code gradientSum} (the
 * trainer's call: gradients set to the batch's sum), which starts as the step does, without the update.
 */
final class SgdStepEmitter {

    /** Layers with at most this many units get their per-row statements written out instead of a loop. */
    static final int UNROLL_UNITS = 4;

    private final NetworkSpec spec;
    private final NetworkPlan plan;
    private final Numeric num;
    private final List<String> classNames;

    SgdStepEmitter(NetworkSpec spec, NetworkPlan plan, Numeric num, List<String> classNames) {
        this.spec = spec;
        this.plan = plan;
        this.num = num;
        this.classNames = classNames;
    }

    List<MethodSpec> methods() {
        if (!anyFused()) {
            return List.of(sgdStep(), zeroGradients(), applyMeanGradient());
        }
        return List.of(sgdStep(), gradientSum(), zeroGradients(), applyMeanGradient());
    }

    /** Whether layer {@code l} takes its step inside its backward pass (a kernel-library layer). */
    private boolean fused(int l) {
        return plan.layer(l).family() == KernelFamily.LIBRARY_LOOPS;
    }

    private boolean anyFused() {
        for (int l = 0; l < spec.depth(); l++) {
            if (fused(l)) {
                return true;
            }
        }
        return false;
    }

    /** The step's state the kernel-library layers read: the batch, its scale and rate, samples left per layer. */
    List<FieldSpec> fields() {
        if (!anyFused()) {
            return List.of();
        }
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(FieldSpec.builder(int.class, Fields.STEP_BATCH, Modifier.PRIVATE)
                .addJavadoc("Batch size of the sgdStep or gradientSum under way (kernel-library layers write their gradients\n"
                        + "on its first block and, in sgdStep, take the step on its last).\n")
                .build());
        fields.add(FieldSpec.builder(boolean.class, Fields.STEP_UPDATES, Modifier.PRIVATE)
                .addJavadoc("Whether the step under way updates the parameters (sgdStep) or only sums the gradients (gradientSum).\n")
                .build());
        fields.add(FieldSpec.builder(num.type(), Fields.STEP_SCALE, Modifier.PRIVATE)
                .addJavadoc("1 / batch of the sgdStep under way.\n").build());
        fields.add(FieldSpec.builder(num.type(), Fields.STEP_RATE, Modifier.PRIVATE)
                .addJavadoc("Learning rate of the sgdStep under way.\n").build());
        for (int l = 0; l < spec.depth(); l++) {
            if (fused(l)) {
                fields.add(FieldSpec.builder(int.class, STEP_LEFT.of(l), Modifier.PRIVATE)
                        .addJavadoc("Samples of the sgdStep or gradientSum under way that layers.$L has still to run backward;\n"
                                + "0 outside them, where its gradients accumulate.\n", l).build());
            }
        }
        return fields;
    }

    private MethodSpec sgdStep() {
        Scope scope = Scope.method(classNames, "x", "t", "batch", "learningRate");
        String sum = scope.name("sum");
        return MethodSpec.methodBuilder("sgdStep").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(num.type())
                .addJavadoc("One plain SGD step, fused: zero the gradients, accumulate the batch, then per array\n"
                        + "{@code g = gsum / batch; p -= learningRate * g}. Leaves the mean gradient in {@link #gradients()}.\n")
                .addParameter(num.array(), "x", Modifier.FINAL).addParameter(num.array(), "t", Modifier.FINAL)
                .addParameter(TypeName.INT, "batch", Modifier.FINAL)
                .addParameter(TypeName.DOUBLE, "learningRate", Modifier.FINAL)
                .addCode(stepBody(sum)).build();
    }

    private CodeBlock stepBody(String sum) {
        CodeBlock.Builder c = CodeBlock.builder();
        if (anyFused()) {
            c.add("// Every gradient is written afresh: products the last one-block step left pending are void.\n");
            c.addStatement("$N.discardProducts()", Fields.GRADIENTS);
        }
        c.addStatement("zeroGradients()");
        if (!anyFused()) {
            c.addStatement("final $T $N = accumulateGradients(x, t, batch)", num.type(), sum);
        } else {
            c.add("// The kernel-library layers write their gradients on the first block and step on the last.\n");
            c.addStatement("$N = batch", Fields.STEP_BATCH);
            c.addStatement("$N = true", Fields.STEP_UPDATES);
            c.addStatement("$N = $L", Fields.STEP_SCALE, num.fromDouble("1.0 / batch"));
            c.addStatement("$N = $L", Fields.STEP_RATE, num.fromDouble("learningRate"));
            c.add(samplesLeft("batch"));
            c.addStatement("$T $N", num.type(), sum);
            c.beginControlFlow("try");
            c.addStatement("$N = accumulateGradients(x, t, batch)", sum);
            c.nextControlFlow("finally");
            c.add("// Also after a bad target: later calls accumulate again.\n");
            c.add(samplesLeft("0"));
            c.endControlFlow();
        }
        c.addStatement("applyMeanGradient($L, $L)", num.fromDouble("1.0 / batch"), num.fromDouble("learningRate"));
        c.addStatement("return $N / batch", sum);
        return c.build();
    }

    /**
     * {@code gradientSum}, for classes with kernel-library layers: sets the gradients to the batch's sum as zeroing
     * and {@code accumulateGradients} would, but those layers write theirs on the first block instead of adding
     * to zeroed arrays (what a trainer calls before its own update; the interface default zeroes them all).
     */
    private MethodSpec gradientSum() {
        CodeBlock.Builder c = CodeBlock.builder();
        c.beginControlFlow("if (batch <= 0)");
        c.add("// nothing for the layers to write: zero everything (accumulateGradients rejects a negative batch)\n");
        c.addStatement("$N.fill(0.0)", Fields.GRADIENTS);
        c.addStatement("return accumulateGradients(x, t, batch)");
        c.endControlFlow();
        c.add("// Every gradient is written afresh: products the last one-block step left pending are void.\n");
        c.addStatement("$N.discardProducts()", Fields.GRADIENTS);
        c.addStatement("zeroGradients()");
        c.add("// The kernel-library layers write their gradients on the first block and take no step.\n");
        c.addStatement("$N = batch", Fields.STEP_BATCH);
        c.addStatement("$N = false", Fields.STEP_UPDATES);
        c.add(samplesLeft("batch"));
        c.beginControlFlow("try");
        c.addStatement("return accumulateGradients(x, t, batch)");
        c.nextControlFlow("finally");
        c.add("// Also after a bad target: later calls accumulate again.\n");
        c.add(samplesLeft("0"));
        c.endControlFlow();
        return MethodSpec.methodBuilder("gradientSum").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(num.type())
                .addJavadoc("Sets {@link #gradients()} to the sum of the batch's per-sample gradients; returns the sum of the losses.\n")
                .addParameter(num.array(), "x", Modifier.FINAL).addParameter(num.array(), "t", Modifier.FINAL)
                .addParameter(TypeName.INT, "batch", Modifier.FINAL)
                .addCode(c.build()).build();
    }

    /** {@code stepLeft<l> = value} for every kernel-library layer: {@code batch} to start a step, 0 after it. */
    private CodeBlock samplesLeft(String value) {
        CodeBlock.Builder c = CodeBlock.builder();
        for (int l = 0; l < spec.depth(); l++) {
            if (fused(l)) {
                c.addStatement("$N = $L", STEP_LEFT.of(l), value);
            }
        }
        return c.build();
    }

    private MethodSpec zeroGradients() {
        Scope scope = Scope.method(classNames);
        CodeBlock.Builder c = CodeBlock.builder();
        String zero = num.literal(0);
        for (int l = 0; l < spec.depth(); l++) {
            if (fused(l)) {
                c.add("// layers.$L: the kernel library writes its gradients on the step's first block\n", l);
                continue;
            }
            int in = spec.inputsOf(l);
            int out = spec.layer(l).units();
            String gw = GW.of(l);
            String gb = GB.of(l);
            c.add("// $L [$L][$L], $L [$L]\n", gw, in, out, gb, out);
            Scope rows = scope.block();
            String i = rows.forLoop(c, "i", 0, in);
            String g = rows.local(c, num.array(), "g", CodeBlock.of("$N[$N]", gw, i));
            overUnits(c, rows, out, j -> List.of(CodeBlock.of("$N[$L] = $L", g, j, zero)));
            c.endControlFlow();
            overUnits(c, scope.block(), out, j -> List.of(CodeBlock.of("$N[$L] = $L", gb, j, zero)));
        }
        return MethodSpec.methodBuilder("zeroGradients").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Sets every gradient array to zero (fixed sizes, through the fields).\n")
                .addCode(c.build()).build();
    }

    private MethodSpec applyMeanGradient() {
        Scope scope = Scope.method(classNames, "invBatch", "step");
        CodeBlock.Builder c = CodeBlock.builder();
        c.add("// Per element: g = gsum * invBatch (the mean, kept in the gradients); p -= step * g.\n");
        for (int l = 0; l < spec.depth(); l++) {
            if (fused(l)) {
                c.add("// layers.$L: stepped by the kernel library on the last block\n", l);
                continue;
            }
            int in = spec.inputsOf(l);
            int out = spec.layer(l).units();
            Scope rows = scope.block();
            String i = rows.forLoop(c, "i", 0, in);
            String p = rows.local(c, num.array(), "p", CodeBlock.of("$N[$N]", W.of(l), i));
            String g = rows.local(c, num.array(), "g", CodeBlock.of("$N[$N]", GW.of(l), i));
            update(c, rows, out, p, g);
            c.endControlFlow();
            update(c, scope.block(), out, B.of(l), GB.of(l));
        }
        return MethodSpec.methodBuilder("applyMeanGradient").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Turns the gradient sums into means and takes the SGD step with them, one pass per array.\n")
                .addParameter(num.type(), "invBatch", Modifier.FINAL)
                .addParameter(num.type(), "step", Modifier.FINAL)
                .addCode(c.build()).build();
    }

    /** {@code p[j] -= step * (g[j] *= invBatch)} for the {@code out} units, as two statements. */
    private void update(CodeBlock.Builder c, Scope scope, int out, String p, String g) {
        overUnits(c, scope, out, j -> List.of(CodeBlock.of("$N[$L] *= invBatch", g, j),
                CodeBlock.of("$N[$L] -= step * $N[$L]", p, j, g, j)));
    }

    /**
     * The statements for every unit {@code j} in [0, out): written out one by one for layers of at most
     * {@link #UNROLL_UNITS} units (a loop of 1-4 iterations costs more than its body), else a loop over j.
     * {@code statements} gives a unit's statements for its index (a literal or the loop variable).
     */
    private static void overUnits(CodeBlock.Builder c, Scope scope, int out, Function<Object, List<CodeBlock>> statements) {
        if (out <= UNROLL_UNITS) {
            for (int j = 0; j < out; j++) {
                for (CodeBlock statement : statements.apply(j)) {
                    c.addStatement("$L", statement);
                }
            }
            return;
        }
        String j = scope.block().forLoop(c, "j", 0, out);
        for (CodeBlock statement : statements.apply(CodeBlock.of("$N", j))) {
            c.addStatement("$L", statement);
        }
        c.endControlFlow();
    }
}
