package org.fnnc.generator;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.fnnc.spec.NetworkSpec;

/**
 * Writes the fused plain-SGD step {@code sgdStep}: the gradient arrays are zeroed through the class's own
 * fields (compile-time sizes, no walk over {@code segments()}), the batch is accumulated by
 * {@code accumulateGradients}, and one pass per array turns the gradient sum into the mean and applies it,
 * {@code g = gsum / batch; w -= lr * g}, so a tiny network pays for neither a separate scaling pass nor the
 * interface's generic update. Arithmetic is that of the interface default (the mean is {@code gsum} times
 * {@code 1/batch} rounded to the precision, the step {@code lr} rounded likewise).
 */
final class SgdStepEmitter {

    /** Layers with at most this many units get their per-row statements written out instead of a loop. */
    static final int UNROLL_UNITS = 4;

    private final NetworkSpec spec;
    private final Numeric num;

    SgdStepEmitter(NetworkSpec spec, Numeric num) {
        this.spec = spec;
        this.num = num;
    }

    List<MethodSpec> methods() {
        return List.of(sgdStep(), zeroGradients(), applyMeanGradient());
    }

    private MethodSpec sgdStep() {
        String t = num.keyword();
        return MethodSpec.methodBuilder("sgdStep").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(num.type())
                .addJavadoc("One plain SGD step, fused: zero the gradients, accumulate the batch, then per array\n"
                        + "{@code g = gsum / batch; p -= learningRate * g}. Leaves the mean gradient in {@link #gradients()}.\n")
                .addParameter(num.array(), "x", Modifier.FINAL).addParameter(num.array(), "t", Modifier.FINAL)
                .addParameter(TypeName.INT, "batch", Modifier.FINAL)
                .addParameter(TypeName.DOUBLE, "learningRate", Modifier.FINAL)
                .addStatement("zeroGradients()")
                .addStatement("final $L sum = accumulateGradients(x, t, batch)", t)
                .addStatement("applyMeanGradient($L, $L)", num.fromDouble("1.0 / batch"), num.fromDouble("learningRate"))
                .addStatement("return sum / batch").build();
    }

    private MethodSpec zeroGradients() {
        CodeBlock.Builder c = CodeBlock.builder();
        String zero = num.literal(0);
        for (int l = 0; l < spec.depth(); l++) {
            int in = spec.inputsOf(l);
            int out = spec.layer(l).units();
            String gw = DenseLayerEmitter.gw(l);
            String gb = DenseLayerEmitter.gb(l);
            c.add("// $L [$L][$L], $L [$L]\n", gw, in, out, gb, out);
            c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
            c.addStatement("final $T g = $L[i]", num.array(), gw);
            overUnits(c, out, "g[#] = " + zero);
            c.endControlFlow();
            overUnits(c, out, gb + "[#] = " + zero);
        }
        return MethodSpec.methodBuilder("zeroGradients").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Sets every gradient array to zero (fixed sizes, through the fields).\n")
                .addCode(c.build()).build();
    }

    private MethodSpec applyMeanGradient() {
        CodeBlock.Builder c = CodeBlock.builder();
        c.add("// Per element: g = gsum * invBatch (the mean, kept in the gradients); p -= step * g.\n");
        for (int l = 0; l < spec.depth(); l++) {
            int in = spec.inputsOf(l);
            int out = spec.layer(l).units();
            String w = DenseLayerEmitter.w(l);
            String gw = DenseLayerEmitter.gw(l);
            c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
            c.addStatement("final $T p = $L[i]", num.array(), w);
            c.addStatement("final $T g = $L[i]", num.array(), gw);
            update(c, out, "p[#]", "g[#]");
            c.endControlFlow();
            update(c, out, DenseLayerEmitter.b(l) + "[#]", DenseLayerEmitter.gb(l) + "[#]");
        }
        return MethodSpec.methodBuilder("applyMeanGradient").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Turns the gradient sums into means and takes the SGD step with them, one pass per array.\n")
                .addParameter(num.type(), "invBatch", Modifier.FINAL)
                .addParameter(num.type(), "step", Modifier.FINAL)
                .addCode(c.build()).build();
    }

    /** {@code p = p - step * (g = g * invBatch)} for the {@code out} units ({@code #} in p and g is the unit). */
    private void update(CodeBlock.Builder c, int out, String p, String g) {
        overUnits(c, out, g + " *= invBatch", p + " -= step * " + g);
    }

    /**
     * The statements for every unit {@code #} in [0, out): written out one by one for layers of at most
     * {@link #UNROLL_UNITS} units (a loop of 1-4 iterations costs more than its body), else a loop over j.
     */
    private static void overUnits(CodeBlock.Builder c, int out, String... statements) {
        if (out <= UNROLL_UNITS) {
            for (int j = 0; j < out; j++) {
                for (String statement : statements) {
                    c.addStatement("$L", statement.replace("#", Integer.toString(j)));
                }
            }
            return;
        }
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        for (String statement : statements) {
            c.addStatement("$L", statement.replace("#", "j"));
        }
        c.endControlFlow();
    }
}
