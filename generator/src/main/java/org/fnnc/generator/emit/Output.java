package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.Fields.PerLayer.D;
import static org.fnnc.generator.emit.Fields.PerLayer.LANE_D;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;
import org.fnnc.spec.NetworkSpec;

/**
 * The output layer's activation and loss: {@code outputActivation} (what {@code predict} returns) and the
 * per-sample loss method of the spec's {@link LossMath}, plus what the loss definitions need to write code.
 *
 * @param loss       the loss
 * @param num        float or double
 * @param units      outputs
 * @param o          the output layer's index
 * @param activation the output layer's activation
 * @param fields     field names
 * @param classNames every field name, which no local may take
 */
record Output(LossMath loss, Numeric num, int units, int o, ActivationMath.Bound activation, Fields fields,
              List<String> classNames) {

    static Output of(NetworkSpec spec, Numeric num, Fields fields, List<String> classNames) {
        return new Output(LossMath.of(spec.loss()), num, spec.outputSize(), spec.depth() - 1,
                ActivationMath.of(spec.outputLayer(), num), fields, classNames);
    }

    /** The logits field {@code z<o>}. */
    String logits() {
        return fields.out(o);
    }

    /** The output deltas field {@code d<o>}. */
    String deltas() {
        return D.of(o);
    }

    String laneLogits() {
        return fields.laneOut(o);
    }

    String laneDeltas() {
        return LANE_D.of(o);
    }

    Scope scope(String... parameters) {
        return Scope.method(classNames, parameters);
    }

    /** The loss of batch sample {@code b} whose logits are in slot {@code s}; dL/dz too if {@code withGradient}. */
    CodeBlock call(Object t, Object b, Object s, Object withGradient) {
        return loss.call(this, t, b, s, withGradient);
    }

    List<MethodSpec> methods() {
        return List.of(outputActivation(), loss.method(this));
    }

    private MethodSpec outputActivation() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("outputActivation").addModifiers(Modifier.PRIVATE)
                .addParameter(num.array(), "out", Modifier.FINAL)
                .addParameter(TypeName.INT, "oo", Modifier.FINAL)
                .addParameter(TypeName.INT, "s", Modifier.FINAL)
                .addJavadoc("out[oo + j] = $L for the logits $L[s] [$L].\n", activation.formula(), logits(), units);
        Scope scope = scope("out", "oo", "s");
        CodeBlock.Builder c = CodeBlock.builder();
        String z = scope.local(c, num.array(), "z", CodeBlock.of("$N[s]", logits()));
        if (!activation.math().isElementwise()) {
            // softmax: normalise the exponentials of the whole row
            String max = scope.name("max");
            c.addStatement("$T $N = $N[0]", num.type(), max, z);
            Scope first = scope.block();
            String j = first.forLoop(c, "j", 1, units);
            c.addStatement("$N = Math.max($N, $N[$N])", max, max, z, j).endControlFlow();
            String sum = scope.name("sum");
            c.addStatement("double $N = 0.0", sum);
            Scope exps = scope.block();
            String j2 = exps.forLoop(c, "j", 0, units);
            String e = exps.name("e");
            c.addStatement("final double $N = Math.exp($N[$N] - $N)", e, z, j2, max);
            c.addStatement("out[oo + $N] = $L", j2, num.fromDouble(e));
            c.addStatement("$N += $N", sum, e);
            c.endControlFlow();
            String scale = scope.name("scale");
            c.addStatement("final double $N = 1.0 / $N", scale, sum);
            Scope normalise = scope.block();
            String j3 = normalise.forLoop(c, "j", 0, units);
            c.addStatement("out[oo + $N] = $L", j3, num.fromDouble(CodeBlock.of("out[oo + $N] * $N", j3, scale)))
                    .endControlFlow();
        } else {
            Scope outputs = scope.block();
            String j = outputs.forLoop(c, "j", 0, units);
            String zj = outputs.local(c, num.type(), "zj", CodeBlock.of("$N[$N]", z, j));
            c.addStatement("out[oo + $N] = $L", j, activation.value(zj));
            c.endControlFlow();
        }
        return m.addCode(c.build()).build();
    }

    /**
     * A loss that is a sum over outputs against targets {@code t[to ..]}: {@code body} runs once per output
     * {@code j} with {@code z}, {@code d} and the double accumulator {@code loss} in scope.
     */
    MethodSpec perOutputLoss(String name, LossMath.PerOutput body, CodeBlock doc) {
        Scope scope = scope("t", "to", "s", "withGradient");
        CodeBlock.Builder c = CodeBlock.builder();
        String z = scope.local(c, num.array(), "z", CodeBlock.of("$N[s]", logits()));
        String d = scope.local(c, num.array(), "d", CodeBlock.of("$N[s]", deltas()));
        String loss = scope.name("loss");
        c.addStatement("double $N = 0.0", loss);
        Scope outputs = scope.block();
        String j = outputs.forLoop(c, "j", 0, units);
        body.add(c, outputs, z, d, loss, j);
        c.endControlFlow();
        c.addStatement("return $N", loss);
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).returns(TypeName.DOUBLE)
                .addParameter(num.array(), "t", Modifier.FINAL)
                .addParameter(TypeName.INT, "to", Modifier.FINAL)
                .addParameter(TypeName.INT, "s", Modifier.FINAL)
                .addParameter(TypeName.BOOLEAN, "withGradient", Modifier.FINAL)
                .addJavadoc(doc)
                .addCode(c.build()).build();
    }

    /**
     * The body of a lane loss that is a sum over outputs: {@code body} runs once per output {@code j} with the
     * logits lanes {@code zj} and the lane sum in scope; the method returns {@code result} of the sum of the lanes.
     */
    CodeBlock perOutputLanes(VectorCode v, Scope scope, LossMath.PerOutputLanes body,
                             UnaryOperator<CodeBlock> result) {
        CodeBlock.Builder c = CodeBlock.builder();
        String sum = scope.name("sum");
        c.addStatement("$T $N = $L", v.type(), sum, v.zero());
        Scope outputs = scope.block();
        String j = outputs.forLoop(c, "j", 0, units);
        String zj = outputs.local(c, v.type(), "zj", laneLoad(v, laneLogits(), j));
        body.add(c, outputs, sum, j, zj);
        c.endControlFlow();
        c.addStatement("return $L", result.apply(v.reduceAdd(sum)));
        return c.build();
    }

    /** A lane vector of feature {@code index} of the lane array: {@code array[index * VL ..]}. */
    CodeBlock laneLoad(VectorCode v, String array, Object index) {
        return v.load(array, CodeBlock.of("$L * $N", index, VectorCode.LANES));
    }

    /** Stores {@code vector} as feature {@code index} of the lane array. */
    CodeBlock laneStore(VectorCode v, Object vector, String array, Object index) {
        return v.store(vector, array, CodeBlock.of("$L * $N", index, VectorCode.LANES));
    }
}
