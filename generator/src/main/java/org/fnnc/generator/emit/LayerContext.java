package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.Fields.PerLayer.A;
import static org.fnnc.generator.emit.Fields.PerLayer.B;
import static org.fnnc.generator.emit.Fields.PerLayer.D;
import static org.fnnc.generator.emit.Fields.PerLayer.GW;
import static org.fnnc.generator.emit.Fields.PerLayer.W;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.fnnc.generator.plan.LayerPlan;
import org.fnnc.spec.NetworkSpec;

/**
 * What every layer emitter knows about its layer: the plan, the number type, the activations involved, the
 * field names, and the parts all families share (method shapes, inputs, comments).
 *
 * @param plan       the layer's plan
 * @param num        float or double
 * @param fields     field names of the class
 * @param classNames every field name, which no local may take ({@link Scope})
 * @param activation this layer's activation, applied in its forward pass; null for the output layer, whose
 *                   activation the loss applies
 * @param previous   the previous layer's activation, whose derivative the input gradient applies; null for the
 *                   first layer
 */
record LayerContext(LayerPlan plan, Numeric num, Fields fields, List<String> classNames,
                    ActivationMath.Bound activation, ActivationMath.Bound previous) {

    static LayerContext of(NetworkSpec spec, LayerPlan plan, Numeric num, Fields fields, List<String> classNames) {
        int l = plan.layer();
        boolean output = l == spec.depth() - 1;
        return new LayerContext(plan, num, fields, classNames,
                output ? null : ActivationMath.of(spec.layer(l), num),
                l == 0 ? null : ActivationMath.of(spec.layer(l - 1), num));
    }

    int l() {
        return plan.layer();
    }

    int in() {
        return plan.in();
    }

    int out() {
        return plan.out();
    }

    boolean first() {
        return l() == 0;
    }

    boolean output() {
        return activation == null;
    }

    /** Whether the forward pass applies an activation (hidden layers whose activation is not the identity). */
    boolean applies() {
        return !output() && !activation.isIdentity();
    }

    /** The array this layer's forward pass writes: its activation, or the logits of the output layer. */
    String dst() {
        return fields.out(l());
    }

    /** Name of the input vector in formulas: x for the first layer, else the previous activation. */
    String inputName() {
        return first() ? "x" : A.of(l() - 1);
    }

    /** A new scope for a method with these parameters. */
    Scope scope(String... parameters) {
        return Scope.method(classNames, parameters);
    }

    /** {@code layer<l>Forward(x, xo, n)} or {@code layer<l>Forward(n)}: runs the layer over slots 0..n-1. */
    CodeBlock forwardCall() {
        return blockCall("layer" + l() + "Forward");
    }

    CodeBlock backwardCall() {
        return blockCall("layer" + l() + "Backward");
    }

    /** A call of a block method of this layer from a method with parameters (x, xo,) n. */
    CodeBlock blockCall(String method) {
        return first() ? CodeBlock.of("$N(x, xo, n)", method) : CodeBlock.of("$N(n)", method);
    }

    /** A block method: the first layer reads samples at x[xo + s * INPUTS ..], every layer gets the count n. */
    MethodSpec.Builder blockMethod(String name) {
        return method(name, "n");
    }

    /** A per-sample method of straight-line code: sample slot s (the first layer's sample starts at x[xo]). */
    MethodSpec.Builder sampleMethod(String name) {
        return method(name, "s");
    }

    /** The parameter names of a block method. */
    String[] blockParameters() {
        return parameters("n");
    }

    /** The parameter names of a per-sample method. */
    String[] sampleParameters() {
        return parameters("s");
    }

    /** A private method of this layer: (x, xo,) and the int {@code last}. */
    private MethodSpec.Builder method(String name, String last) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
        if (first()) {
            m.addParameter(num.array(), "x", Modifier.FINAL).addParameter(TypeName.INT, "xo", Modifier.FINAL);
        }
        return m.addParameter(TypeName.INT, last, Modifier.FINAL);
    }

    private String[] parameters(String last) {
        return first() ? new String[] {"x", "xo", last} : new String[] {last};
    }

    /**
     * Input {@code i + k} of the sample in slot {@code sample} (an expression) inside a block method: {@code
     * x[xo + sample * INPUTS + i]} for the first layer, else the previous activation's row.
     */
    CodeBlock blockInput(Object sample, Object i, int k) {
        CodeBlock index = plus(i, k);
        String row = sample.toString();
        if (first()) {
            return CodeBlock.of(row.contains(" ") ? "x[xo + ($L) * $L + $L]" : "x[xo + $L * $L + $L]", sample, in(), index);
        }
        return CodeBlock.of("$N[$L][$L]", A.of(l() - 1), sample, index);
    }

    /** {@code base + k}, or {@code base} for k = 0. */
    static CodeBlock plus(Object base, int k) {
        return k == 0 ? CodeBlock.of("$L", base) : CodeBlock.of("$L + $L", base, k);
    }

    /** Shapes for the forward javadoc. */
    private String shapes() {
        return "W" + l() + " [" + out() + " x " + in() + "] stored transposed as " + W.of(l()) + "[" + in() + "]["
                + out() + "], " + inputName() + " [" + in() + "], " + B.of(l()) + " and " + dst() + " [" + out()
                + "] per sample";
    }

    /** Javadoc of the layer's forward method. */
    CodeBlock forwardDoc() {
        return CodeBlock.of("layers.$L forward: z$L = W$L $L + b$L$L, for the samples in slots 0 to n-1\n<p>Shapes: $L.\n",
                l(), l(), l(), inputName(), l(),
                output() ? " (the output activation is fused with the loss)" : ", " + A.of(l()) + " = " + activation.formula(),
                shapes());
    }

    /** Javadoc of the layer's backward method. */
    CodeBlock backwardDoc() {
        String d = D.of(l());
        CodeBlock.Builder c = CodeBlock.builder()
                .add("layers.$L backward, given $L = dL/dz$L [$L] of the samples in slots 0 to n-1:\n<pre>\n",
                        l(), d, l(), out())
                .add("db$L += sum_s $L_s\n", l(), d)
                .add("dW$L += sum_s $L_s $L_s^T      (stored transposed: $L[i] += $L_s[i] * $L_s)\n", l(), d,
                        inputName(), GW.of(l()), inputName(), d);
        if (!first()) {
            c.add("$L_s = f'(z$L_s) * (W$L^T $L_s)    with $L\n", D.of(l() - 1), l() - 1, l(), d,
                    previous.derivativeFormula());
        }
        c.add("</pre>\n");
        if (first()) {
            c.add("The first layer needs no input gradient.\n");
        }
        return c.build();
    }
}
