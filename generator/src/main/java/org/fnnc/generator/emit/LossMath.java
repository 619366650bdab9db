package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.VectorCode.Op.ADD;
import static org.fnnc.generator.emit.VectorCode.Op.DIV;
import static org.fnnc.generator.emit.VectorCode.Op.MAX;
import static org.fnnc.generator.emit.VectorCode.Op.MUL;
import static org.fnnc.generator.emit.VectorCode.Op.SUB;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.function.Function;
import javax.lang.model.element.Modifier;
import org.fnnc.network.Targets;
import org.fnnc.spec.Loss;

/**
 * Every loss the generator knows, each defined once: its formulas, the per-sample method that computes the
 * loss and dL/dz of one sample slot, and the sample-lane code that does the same for VL samples at once, side
 * by side. The output activation is fused with the loss where the math allows: softmax with cross-entropy
 * ({@code dL/dz = softmax(z) - onehot(y)}) and sigmoid with binary cross-entropy ({@code dL/dz = sigmoid(z) - t}),
 * so no softmax Jacobian and no log of a rounded probability is ever formed. Losses are computed from the
 * logits with the max subtracted (log-sum-exp) or in softplus form, and summed in double.
 *
 * <p>A new loss is one constant here (named like its {@link Loss}) and one in the interpreter.
 */
enum LossMath {

    CROSS_ENTROPY("softmaxCrossEntropy", o -> "softmax cross-entropy on lanes: loss = log sum_j e^(z_j - m) + m - z_y with m = max_j z_j,\n"
            + "dL/dz_j = softmax(z)_j - [y == j]") {
        @Override
        CodeBlock call(Output o, Object t, Object b, Object s, Object withGradient) {
            return CodeBlock.of("$N($T.classIndex($L[$L], $L, $L), $L, $L)", method, Targets.class, t, b,
                    o.units(), b, s, withGradient);
        }

        @Override
        MethodSpec method(Output o) {
            Numeric num = o.num();
            Scope scope = o.scope("y", "s", "withGradient");
            CodeBlock.Builder c = CodeBlock.builder();
            String z = scope.local(c, num.array(), "z", CodeBlock.of("$N[s]", o.logits()));
            String max = scope.name("max");
            c.addStatement("$T $N = $N[0]", num.type(), max, z);
            Scope first = scope.block();
            String j = first.forLoop(c, "j", 1, o.units());
            c.addStatement("$N = Math.max($N, $N[$N])", max, max, z, j).endControlFlow();
            c.add("// One exp per output: e^(z_j - max) is kept in d (scratch until normalised) and summed.\n");
            String d = scope.local(c, num.array(), "d", CodeBlock.of("$N[s]", o.deltas()));
            String sum = scope.name("sum");
            c.addStatement("double $N = 0.0", sum);
            Scope exps = scope.block();
            String j2 = exps.forLoop(c, "j", 0, o.units());
            String e = exps.local(c, num.type(), "e", num.fromDouble(CodeBlock.of("Math.exp($N[$N] - $N)", z, j2, max)));
            c.addStatement("$N[$N] = $N", d, j2, e);
            c.addStatement("$N += $N", sum, e);
            c.endControlFlow();
            String logSumExp = scope.name("logSumExp");
            c.addStatement("final double $N = $N + Math.log($N)", logSumExp, max, sum);
            c.beginControlFlow("if (withGradient)");
            c.add("// dL/dz = softmax(z) - onehot(y) = e / sum - onehot(y)\n");
            Scope gradient = scope.block();
            String scale = gradient.local(c, num.type(), "scale", num.fromDouble(CodeBlock.of("1.0 / $N", sum)));
            String j3 = gradient.forLoop(c, "j", 0, o.units());
            c.addStatement("$N[$N] *= $N", d, j3, scale).endControlFlow();
            c.addStatement("$N[y] -= $L", d, num.literal(1));
            c.endControlFlow();
            c.addStatement("return $N - $N[y]", logSumExp, z);
            return MethodSpec.methodBuilder(method).addModifiers(Modifier.PRIVATE).returns(TypeName.DOUBLE)
                    .addParameter(TypeName.INT, "y", Modifier.FINAL)
                    .addParameter(TypeName.INT, "s", Modifier.FINAL)
                    .addParameter(TypeName.BOOLEAN, "withGradient", Modifier.FINAL)
                    .addJavadoc("Fused softmax + cross-entropy for class {@code y}:\n<pre>\n"
                            + "loss  = log sum_j e^z_j - z_y      (log-sum-exp with max z subtracted: finite for any logits)\n"
                            + "dL/dz = softmax(z) - onehot(y)     (written to $L[s] when withGradient; it holds e^(z - max z) otherwise)\n</pre>\n",
                            o.deltas())
                    .addCode(c.build()).build();
        }

        @Override
        void laneTargets(CodeBlock.Builder c, Output o, Scope scope, String s, String from) {
            c.addStatement("$N[$N] = $T.classIndex(t[$N + $N], $L, $N + $N)", Fields.LANE_TARGETS, s, Targets.class,
                    from, s, o.units(), from, s);
        }

        @Override
        CodeBlock laneBody(Output o, VectorCode v, Scope scope) {
            Numeric num = o.num();
            ClassName vector = v.type();
            TypeName mask = ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector", "VectorMask"),
                    num.type().box());
            CodeBlock.Builder c = CodeBlock.builder();
            String m = scope.name("m");
            c.addStatement("$T $N = $L", vector, m, o.laneLoad(v, o.laneLogits(), "0"));
            Scope maxima = scope.block();
            String j = maxima.forLoop(c, "j", 1, o.units());
            c.addStatement("$N = $L", m, v.binary(m, MAX, o.laneLoad(v, o.laneLogits(), j)));
            c.endControlFlow();
            String sum = scope.name("sum");
            c.addStatement("$T $N = $L", vector, sum, v.zero());
            Scope exps = scope.block();
            String j2 = exps.forLoop(c, "j", 0, o.units());
            String e = exps.local(c, vector, "e", v.lanewise(v.binary(o.laneLoad(v, o.laneLogits(), j2), SUB, m), "EXP"));
            c.addStatement("$L", o.laneStore(v, e, o.laneDeltas(), j2));
            c.addStatement("$N = $L", sum, v.binary(sum, ADD, e));
            c.endControlFlow();
            String y = scope.local(c, vector, "y", o.laneLoad(v, Fields.LANE_TARGETS, "0"));
            String inv = scope.local(c, vector, "inv", v.binary(v.broadcast(num.literal(1)), DIV, sum));
            String zy = scope.name("zy");
            c.addStatement("$T $N = $L", vector, zy, v.zero());
            Scope gradient = scope.block();
            String j3 = gradient.forLoop(c, "j", 0, o.units());
            String hit = gradient.local(c, mask, "hit", v.compare(y, "EQ", CodeBlock.of("($L) $N", num.keyword(), j3)));
            c.addStatement("$N = $L", zy, v.blend(zy, o.laneLoad(v, o.laneLogits(), j3), hit));
            String p = gradient.local(c, vector, "p", v.binary(o.laneLoad(v, o.laneDeltas(), j3), MUL, inv));
            c.addStatement("$L", o.laneStore(v, v.binary(p, SUB, v.blendScalar(v.zero(), num.literal(1), hit)), o.laneDeltas(), j3));
            c.endControlFlow();
            String logSumExp = scope.local(c, vector, "logSumExp", v.binary(v.lanewise(sum, "LOG"), ADD, m));
            c.addStatement("return $L", v.reduceAdd(v.binary(logSumExp, SUB, zy)));
            return c.build();
        }
    },

    BINARY_CROSS_ENTROPY("sigmoidBinaryCrossEntropy", o -> "sigmoid binary cross-entropy on lanes, summed over outputs: loss_j = max(z, 0) - z t"
            + " + log(1 + e^-|z|),\ndL/dz_j = sigmoid(z_j) - t_j") {
        @Override
        MethodSpec method(Output o) {
            return o.perOutputLoss(method, (c, scope, z, d, loss, j) -> {
                String zj = scope.name("zj");
                c.addStatement("final double $N = $N[$N]", zj, z, j);
                String tj = scope.name("tj");
                c.addStatement("final double $N = t[to + $N]", tj, j);
                c.addStatement("$N += Math.max($N, 0.0) - $N * $N + Math.log1p(Math.exp(-Math.abs($N)))", loss, zj, zj,
                        tj, zj);
                c.beginControlFlow("if (withGradient)");
                c.addStatement("$N[$N] = $L", d, j,
                        o.num().fromDouble(CodeBlock.of("1.0 / (1.0 + Math.exp(-$N)) - $N", zj, tj)));
                c.endControlFlow();
            }, CodeBlock.of("Fused sigmoid + binary cross-entropy against targets t[to .. to + $L):\n<pre>\n"
                    + "loss  = sum_j max(z_j, 0) - z_j t_j + log(1 + e^-|z_j|)   (softplus form: finite for any logits)\n"
                    + "dL/dz = sigmoid(z) - t                                  (written to $L[s] when withGradient)\n</pre>\n",
                    o.units(), o.deltas()));
        }

        @Override
        CodeBlock laneBody(Output o, VectorCode v, Scope scope) {
            ClassName vector = v.type();
            return o.perOutputLanes(v, scope, (c, outputs, sum, j, zj) -> {
                String tj = outputs.local(c, vector, "tj", o.laneLoad(v, Fields.LANE_TARGETS, j));
                String softplus = outputs.name("softplus");
                c.addStatement("final $T $N = $L", vector, softplus,
                        v.lanewise(v.lanewise(v.unary(v.unary(zj, "abs"), "neg"), "EXP"), "LOG1P"));
                CodeBlock term = v.binary(v.binary(v.withScalar(zj, MAX, o.num().literal(0)), SUB, v.binary(zj, MUL, tj)),
                        ADD, softplus);
                c.addStatement("$N = $L", sum, v.binary(sum, ADD, term));
                c.addStatement("$L", o.laneStore(v, v.binary(o.activation().vectorValue(v, zj), SUB, tj), o.laneDeltas(), j));
            }, total -> total);
        }
    },

    MSE("squaredError", o -> "squared error on lanes: a = " + o.activation().formula() + ", loss = 1/2 sum_j (a_j - t_j)^2,\n"
            + "dL/dz_j = (a_j - t_j) f'(z_j)") {
        @Override
        MethodSpec method(Output o) {
            Numeric num = o.num();
            return o.perOutputLoss(method, (c, scope, z, d, loss, j) -> {
                String zj = scope.local(c, num.type(), "zj", CodeBlock.of("$N[$N]", z, j));
                String aj = scope.local(c, num.type(), "aj", o.activation().value(zj));
                String e = scope.local(c, num.type(), "e", CodeBlock.of("$N - t[to + $N]", aj, j));
                c.addStatement("$N += 0.5 * $N * $N", loss, e, e);
                c.beginControlFlow("if (withGradient)");
                c.addStatement("$N[$N] = $L", d, j, o.activation().backward(aj, e));
                c.endControlFlow();
            }, CodeBlock.of("Squared error against targets t[to .. to + $L), output activation $L:\n<pre>\n"
                    + "loss  = 1/2 sum_j (a_j - t_j)^2\n"
                    + "dL/dz = (a - t) * f'(z)      with $L   (written to $L[s] when withGradient)\n</pre>\n",
                    o.units(), o.activation().formula(), o.activation().derivativeFormula(), o.deltas()));
        }

        @Override
        CodeBlock laneBody(Output o, VectorCode v, Scope scope) {
            ClassName vector = v.type();
            return o.perOutputLanes(v, scope, (c, outputs, sum, j, zj) -> {
                String a = outputs.local(c, vector, "a", o.activation().vectorValue(v, zj));
                String e = outputs.local(c, vector, "e", v.binary(a, SUB, o.laneLoad(v, Fields.LANE_TARGETS, j)));
                c.addStatement("$N = $L", sum, v.fma(e, e, sum));
                c.addStatement("$L", o.laneStore(v, o.activation().vectorBackward(v, a, e), o.laneDeltas(), j));
            }, total -> CodeBlock.of("$L * $L", o.num().literal(0.5), total));
        }
    };

    /** The name of the per-sample method ({@link #method}). */
    final String method;
    /** What {@link #laneBody} computes, for its javadoc. */
    private final Function<Output, String> laneDoc;

    LossMath(String method, Function<Output, String> laneDoc) {
        this.method = method;
        this.laneDoc = laneDoc;
    }

    /** The definition of {@code loss} (the constant of the same name). */
    static LossMath of(Loss loss) {
        return valueOf(loss.name());
    }

    /**
     * The expression computing the loss of batch sample {@code b} (an expression) against targets {@code t},
     * whose forward pass left its logits in slot {@code s} (and dL/dz there if {@code withGradient}): for a
     * loss over the outputs, the method gets the targets and the offset of the sample's first one.
     */
    CodeBlock call(Output o, Object t, Object b, Object s, Object withGradient) {
        return CodeBlock.of("$N($L, ($L) * $L, $L, $L)", method, t, b, o.units(), s, withGradient);
    }

    /** The per-sample loss method {@link #call} calls. */
    abstract MethodSpec method(Output o);

    /**
     * The statements that move the targets of sample {@code from + s} into the lane scratch {@code tl}
     * (feature-major), inside the loop over the block's slots {@code s}: one per output by default.
     */
    void laneTargets(CodeBlock.Builder c, Output o, Scope scope, String s, String from) {
        String j = scope.block().forLoop(c, "j", 0, o.units());
        c.addStatement("$N[$N * $N + $N] = t[($N + $N) * $L + $N]", Fields.LANE_TARGETS, j, VectorCode.LANES, s, from,
                s, o.units(), j);
        c.endControlFlow();
    }

    /** What {@link #laneBody} computes, for its javadoc. */
    String laneDoc(Output o) {
        return laneDoc.apply(o);
    }

    /** The body of {@code lossLanes}: the block's summed loss (returned) and its dL/dz on lanes. */
    abstract CodeBlock laneBody(Output o, VectorCode v, Scope scope);

    /** One output's part of a per-output loss on lanes, with the lane sum, {@code j} and the logits {@code zj}. */
    @FunctionalInterface
    interface PerOutputLanes {
        void add(CodeBlock.Builder c, Scope scope, String sum, String j, String zj);
    }

    /** One output's part of a per-output loss, with the method's {@code z}, {@code d} and {@code loss} in scope. */
    @FunctionalInterface
    interface PerOutput {
        void add(CodeBlock.Builder c, Scope scope, String z, String d, String loss, String j);
    }
}
