package org.fnnc.generator;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.fnnc.generator.LayerPlan.Strategy;
import org.fnnc.spec.NetworkSpec;

/**
 * Writes one dense layer's forward and backward methods, side by side, as straight-line code or loops
 * according to its {@link LayerPlan}.
 *
 * <p>Names in generated code, for layer {@code l}: {@code w<l>} the weights stored transposed (row {@code i}
 * holds the weights from input {@code i} to every unit), {@code b<l>} the bias, {@code gw<l>}/{@code gb<l>}
 * their gradients, {@code a<l>} the activation (hidden layers) or {@code z<l>} the logits (output layer),
 * {@code d<l>} = dL/dz of the layer. The first layer reads the sample {@code x[xo + i]}.
 */
final class DenseLayerEmitter {

    private static final int TERMS_PER_LINE = 4;

    private final Numeric num;
    private final LayerPlan plan;
    private final int l;
    private final int in;
    private final int out;
    private final boolean output;
    /** This layer's activation, applied in the forward pass (null for the output layer: the loss code applies it). */
    private final ActivationCode activation;
    /** The previous layer's activation, whose derivative the input gradient applies (null for the first layer). */
    private final ActivationCode previous;

    DenseLayerEmitter(NetworkSpec spec, Numeric num, LayerPlan plan) {
        this.num = num;
        this.plan = plan;
        this.l = plan.layer();
        this.in = plan.in();
        this.out = plan.out();
        this.output = l == spec.depth() - 1;
        this.activation = output ? null
                : new ActivationCode(spec.layer(l).activation(), spec.layer(l).alpha(), num);
        this.previous = l == 0 ? null
                : new ActivationCode(spec.layer(l - 1).activation(), spec.layer(l - 1).alpha(), num);
    }

    static String w(int l) {
        return "w" + l;
    }

    static String b(int l) {
        return "b" + l;
    }

    static String gw(int l) {
        return "gw" + l;
    }

    static String gb(int l) {
        return "gb" + l;
    }

    static String a(int l) {
        return "a" + l;
    }

    static String z(int l) {
        return "z" + l;
    }

    static String d(int l) {
        return "d" + l;
    }

    private boolean first() {
        return l == 0;
    }

    /** The array this layer's forward pass writes: its activation, or the logits of the output layer. */
    private String dst() {
        return output ? z(l) : a(l);
    }

    /** Name of this layer's input vector in formulas: x for the first layer, else the previous activation. */
    private String inputName() {
        return first() ? "x" : a(l - 1);
    }

    /** The call that runs this layer forward, e.g. {@code layer0Forward(x, xo)}. */
    String forwardCall() {
        return "layer" + l + "Forward(" + (first() ? "x, xo" : "") + ")";
    }

    /** The call that runs this layer backward. */
    String backwardCall() {
        return "layer" + l + "Backward(" + (first() ? "x, xo" : "") + ")";
    }

    private MethodSpec.Builder method(String name) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
        if (first()) {
            m.addParameter(num.array(), "x", Modifier.FINAL).addParameter(TypeName.INT, "xo", Modifier.FINAL);
        }
        return m;
    }

    private String shapes() {
        return "W" + l + " [" + out + " x " + in + "] stored transposed as " + w(l) + "[" + in + "][" + out + "], "
                + inputName() + " [" + in + "], " + b(l) + " and " + dst() + " [" + out + "]";
    }

    private String inputAt(String index) {
        return first() ? "x[xo + " + index + "]" : "in[" + index + "]";
    }

    private String inputAt(int index) {
        return first() ? (index == 0 ? "x[xo]" : "x[xo + " + index + "]") : "in[" + index + "]";
    }

    private void declareInput(CodeBlock.Builder c) {
        if (!first()) {
            c.addStatement("final $T in = $L", num.array(), a(l - 1));
        }
    }

    // ---------------------------------------------------------------- forward

    List<MethodSpec> forwardMethods() {
        String doc = "layers." + l + " forward: z" + l + " = W" + l + " " + inputName() + " + b" + l
                + (output ? " (the output activation is fused with the loss)" : ", " + a(l) + " = " + activation.formula())
                + "\n<p>Shapes: " + shapes() + ".\n";
        List<MethodSpec> methods = new ArrayList<>();
        if (plan.strategy() == Strategy.LOOPS) {
            methods.add(method("layer" + l + "Forward").addJavadoc(doc).addCode(forwardLoops()).build());
            return methods;
        }
        int parts = plan.forwardParts();
        if (parts == 1) {
            methods.add(method("layer" + l + "Forward").addJavadoc(doc).addCode(forwardUnrolled(0, out)).build());
            return methods;
        }
        CodeBlock.Builder dispatch = CodeBlock.builder();
        for (int p = 0; p < parts; p++) {
            int j0 = p * plan.unitsPerPart();
            int j1 = Math.min(out, j0 + plan.unitsPerPart());
            String name = "layer" + l + "ForwardUnits" + j0 + "To" + (j1 - 1);
            dispatch.addStatement("$L($L)", name, first() ? "x, xo" : "");
            methods.add(method(name).addJavadoc("Units " + j0 + " to " + (j1 - 1) + " of layers." + l
                    + " forward (split to stay under the JIT's method size limit).\n")
                    .addCode(forwardUnrolled(j0, j1)).build());
        }
        methods.add(0, method("layer" + l + "Forward").addJavadoc(doc).addCode(dispatch.build()).build());
        return methods;
    }

    private CodeBlock forwardLoops() {
        CodeBlock.Builder c = CodeBlock.builder();
        declareInput(c);
        c.addStatement("final $T z = $L", num.array(), dst());
        c.addStatement("$T.arraycopy($L, 0, z, 0, $L)", System.class, b(l), out);
        c.add("// z += " + inputName() + "[i] * W" + l + "^T[i] for each input i: an axpy over one weight row,"
                + " which C2 vectorises.\n");
        c.add("// Zero inputs (blank pixels, inactive relus) add nothing and are skipped.\n");
        c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
        c.addStatement("final $T xi = $L", num.type(), inputAt("i"));
        c.beginControlFlow("if (xi == $L)", num.literal(0)).addStatement("continue").endControlFlow();
        c.addStatement("final $T wi = $L[i]", num.array(), w(l));
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        c.addStatement("z[j] += xi * wi[j]");
        c.endControlFlow();
        c.endControlFlow();
        if (!output) {
            c.add("// " + a(l) + " = " + activation.formula() + ", in place\n");
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("z[j] = $L", activation.apply("z[j]"));
            c.endControlFlow();
        }
        return c.build();
    }

    private CodeBlock forwardUnrolled(int j0, int j1) {
        CodeBlock.Builder c = CodeBlock.builder();
        declareInput(c);
        for (int i = 0; i < in; i++) {
            c.addStatement("final $T in$L = $L", num.type(), i, inputAt(i));
        }
        for (int i = 0; i < in; i++) {
            c.addStatement("final $T row$L = $L[$L]", num.array(), i, w(l), i);
        }
        c.addStatement("final $T b = $L", num.array(), b(l));
        c.addStatement("final $T z = $L", num.array(), dst());
        for (int j = j0; j < j1; j++) {
            List<String> terms = new ArrayList<>();
            terms.add("b[" + j + "]");
            for (int i = 0; i < in; i++) {
                terms.add("in" + i + " * row" + i + "[" + j + "]");
            }
            c.addStatement("z[$L] = $L", j, wrapSum(terms));
            if (!output && !activationIsIdentity()) {
                c.addStatement("z[$L] = $L", j, activation.apply("z[" + j + "]"));
            }
        }
        return c.build();
    }

    private boolean activationIsIdentity() {
        return activation.formula().startsWith("linear");
    }

    /** {@code t0 + t1 + ...}, a few terms per line so long sums stay readable. */
    private static String wrapSum(List<String> terms) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < terms.size(); k++) {
            if (k > 0) {
                sb.append(k % TERMS_PER_LINE == 0 ? "\n+ " : " + ");
            }
            sb.append(terms.get(k));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- backward

    List<MethodSpec> backwardMethods() {
        String doc = "layers." + l + " backward, given " + d(l) + " = dL/dz" + l + " [" + out + "]:\n"
                + "<pre>\n"
                + "db" + l + " += " + d(l) + "\n"
                + "dW" + l + " += " + d(l) + " " + inputName() + "^T      (stored transposed: " + gw(l)
                + "[i] += " + inputName() + "[i] * " + d(l) + ")\n"
                + (first() ? "" : d(l - 1) + " = f'(z" + (l - 1) + ") * (W" + l + "^T " + d(l) + ")    with "
                        + previous.derivativeFormula() + "\n")
                + "</pre>\n"
                + (first() ? "The first layer needs no input gradient.\n" : "");
        List<MethodSpec> methods = new ArrayList<>();
        if (plan.strategy() == Strategy.LOOPS) {
            methods.add(method("layer" + l + "Backward").addJavadoc(doc).addCode(backwardLoops()).build());
            return methods;
        }
        CodeBlock.Builder dispatch = CodeBlock.builder();
        List<MethodSpec> parts = new ArrayList<>();
        int rowsPerPart = plan.rowsPerPart();
        int count = plan.backwardParts();
        for (int p = 0; p < count; p++) {
            int i0 = p * rowsPerPart;
            int i1 = Math.min(in, i0 + rowsPerPart);
            String suffix = count == 1 ? "" : "Rows" + i0 + "To" + (i1 - 1);
            String name = "layer" + l + "WeightGradient" + suffix;
            dispatch.addStatement("$L($L)", name, first() ? "x, xo" : "");
            parts.add(method(name).addJavadoc("dW" + l + " rows " + i0 + " to " + (i1 - 1)
                    + (p == 0 ? " and db" + l : "") + " of layers." + l + " backward.\n")
                    .addCode(weightGradientUnrolled(i0, i1, p == 0)).build());
        }
        if (!first()) {
            for (int p = 0; p < count; p++) {
                int i0 = p * rowsPerPart;
                int i1 = Math.min(in, i0 + rowsPerPart);
                String suffix = count == 1 ? "" : "Rows" + i0 + "To" + (i1 - 1);
                String name = "layer" + l + "InputGradient" + suffix;
                dispatch.addStatement("$L()", name);
                parts.add(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                        .addJavadoc(d(l - 1) + "[" + i0 + " to " + (i1 - 1) + "] of layers." + l + " backward.\n")
                        .addCode(inputGradientUnrolled(i0, i1)).build());
            }
        }
        methods.add(method("layer" + l + "Backward").addJavadoc(doc).addCode(dispatch.build()).build());
        methods.addAll(parts);
        return methods;
    }

    private CodeBlock backwardLoops() {
        CodeBlock.Builder c = CodeBlock.builder();
        declareInput(c);
        c.addStatement("final $T d = $L", num.array(), d(l));
        c.addStatement("final $T gb = $L", num.array(), gb(l));
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        c.addStatement("gb[j] += d[j]");
        c.endControlFlow();
        c.add("// gw[i] += " + inputName() + "[i] * d: an axpy per stored row; zero inputs add nothing.\n");
        c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
        c.addStatement("final $T xi = $L", num.type(), inputAt("i"));
        c.beginControlFlow("if (xi == $L)", num.literal(0)).addStatement("continue").endControlFlow();
        c.addStatement("final $T gi = $L[i]", num.array(), gw(l));
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        c.addStatement("gi[j] += xi * d[j]");
        c.endControlFlow();
        c.endControlFlow();
        if (!first()) {
            c.add("// " + d(l - 1) + "[i] = f'(z" + (l - 1) + "[i]) * (W" + l + "^T[i] . d): a dot product per stored row\n");
            c.addStatement("final $T dp = $L", num.array(), d(l - 1));
            c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
            c.addStatement("final $T wi = $L[i]", num.array(), w(l));
            c.addStatement("$T s = $L", num.type(), num.literal(0));
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("s += wi[j] * d[j]");
            c.endControlFlow();
            c.addStatement("final $T ai = in[i]", num.type());
            c.addStatement("dp[i] = $L", previous.backward("ai", "s"));
            c.endControlFlow();
        }
        return c.build();
    }

    private void declareDeltas(CodeBlock.Builder c) {
        c.addStatement("final $T d = $L", num.array(), d(l));
        for (int j = 0; j < out; j++) {
            c.addStatement("final $T d_$L = d[$L]", num.type(), j, j);
        }
    }

    private CodeBlock weightGradientUnrolled(int i0, int i1, boolean withBias) {
        CodeBlock.Builder c = CodeBlock.builder();
        declareInput(c);
        declareDeltas(c);
        if (withBias) {
            c.addStatement("final $T gb = $L", num.array(), gb(l));
            for (int j = 0; j < out; j++) {
                c.addStatement("gb[$L] += d_$L", j, j);
            }
        }
        for (int i = i0; i < i1; i++) {
            c.addStatement("final $T in$L = $L", num.type(), i, inputAt(i));
            c.addStatement("final $T g$L = $L[$L]", num.array(), i, gw(l), i);
            for (int j = 0; j < out; j++) {
                c.addStatement("g$L[$L] += in$L * d_$L", i, j, i, j);
            }
        }
        return c.build();
    }

    private CodeBlock inputGradientUnrolled(int i0, int i1) {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("final $T in = $L", num.array(), a(l - 1));
        c.addStatement("final $T dp = $L", num.array(), d(l - 1));
        declareDeltas(c);
        for (int i = i0; i < i1; i++) {
            c.addStatement("final $T row$L = $L[$L]", num.array(), i, w(l), i);
            List<String> terms = new ArrayList<>();
            for (int j = 0; j < out; j++) {
                terms.add("row" + i + "[" + j + "] * d_" + j);
            }
            c.addStatement("final $T s$L = $L", num.type(), i, wrapSum(terms));
            c.addStatement("final $T a$L_$L = in[$L]", num.type(), l - 1, i, i);
            c.addStatement("dp[$L] = $L", i, previous.backward("a" + (l - 1) + "_" + i, "s" + i));
        }
        return c.build();
    }
}
