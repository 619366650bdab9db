package org.fnnc.generator;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.fnnc.network.Targets;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * Writes the output layer's activation and its loss, fused where the math allows: softmax with
 * cross-entropy ({@code dL/dz = softmax(z) - onehot(y)}) and sigmoid with binary cross-entropy
 * ({@code dL/dz = sigmoid(z) - t}), so no softmax Jacobian and no log of a rounded probability is ever
 * formed. Losses are computed from the logits with the max subtracted (log-sum-exp) or in softplus form, and
 * summed in double.
 */
final class OutputLossEmitter {

    private final Numeric num;
    private final Loss loss;
    private final LayerSpec layer;
    private final int o;
    private final int out;
    private final ActivationCode activation;

    OutputLossEmitter(NetworkSpec spec, Numeric num) {
        this.num = num;
        this.loss = spec.loss();
        this.layer = spec.outputLayer();
        this.o = spec.depth() - 1;
        this.out = layer.units();
        this.activation = new ActivationCode(layer.activation(), layer.alpha(), num);
    }

    private String z() {
        return DenseLayerEmitter.z(o) + "[s]";
    }

    private String d() {
        return DenseLayerEmitter.d(o) + "[s]";
    }

    /**
     * The expression computing the loss of batch sample {@code b} (an expression), whose forward pass left its
     * logits in slot {@code s} (and dL/dz there if {@code g}).
     */
    String lossCall(String t, String b, String s, String g) {
        switch (loss) {
            case CROSS_ENTROPY:
                return "softmaxCrossEntropy($T.classIndex(" + t + "[" + b + "], " + out + ", " + b + "), " + s + ", " + g + ")";
            case BINARY_CROSS_ENTROPY:
                return "sigmoidBinaryCrossEntropy(" + t + ", (" + b + ") * " + out + ", " + s + ", " + g + ")";
            case MSE:
                return "squaredError(" + t + ", (" + b + ") * " + out + ", " + s + ", " + g + ")";
            default:
                throw new AssertionError(loss);
        }
    }

    /** Type argument for {@link #lossCall}'s {@code $T}, if any. */
    Object[] lossCallArgs() {
        return loss == Loss.CROSS_ENTROPY ? new Object[] {Targets.class} : new Object[0];
    }

    List<MethodSpec> methods() {
        return List.of(outputActivation(), lossMethod());
    }

    private MethodSpec outputActivation() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("outputActivation").addModifiers(Modifier.PRIVATE)
                .addParameter(num.array(), "out", Modifier.FINAL)
                .addParameter(TypeName.INT, "oo", Modifier.FINAL)
                .addParameter(TypeName.INT, "s", Modifier.FINAL)
                .addJavadoc("out[oo + j] = $L for the logits $L [$L].\n", activation.formula(), z(), out);
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("final $T z = $L", num.array(), z());
        if (layer.activation() == Activation.SOFTMAX) {
            c.addStatement("$T max = z[0]", num.type());
            c.beginControlFlow("for (int j = 1; j < $L; j++)", out).addStatement("max = Math.max(max, z[j])").endControlFlow();
            c.addStatement("double sum = 0.0");
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("final double e = Math.exp(z[j] - max)");
            c.addStatement("out[oo + j] = $L", num.fromDouble("e"));
            c.addStatement("sum += e");
            c.endControlFlow();
            c.addStatement("final double scale = 1.0 / sum");
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out).addStatement("out[oo + j] = $L", num.fromDouble("out[oo + j] * scale")).endControlFlow();
        } else {
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("final $T zj = z[j]", num.type());
            c.addStatement("out[oo + j] = $L", activation.apply("zj"));
            c.endControlFlow();
        }
        return m.addCode(c.build()).build();
    }

    private MethodSpec lossMethod() {
        switch (loss) {
            case CROSS_ENTROPY:
                return softmaxCrossEntropy();
            case BINARY_CROSS_ENTROPY:
                return sigmoidBinaryCrossEntropy();
            case MSE:
                return squaredError();
            default:
                throw new AssertionError(loss);
        }
    }

    private MethodSpec softmaxCrossEntropy() {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("final $T z = $L", num.array(), z());
        c.addStatement("$T max = z[0]", num.type());
        c.beginControlFlow("for (int j = 1; j < $L; j++)", out).addStatement("max = Math.max(max, z[j])").endControlFlow();
        c.add("// One exp per output: e^(z_j - max) is kept in d (scratch until normalised) and summed.\n");
        c.addStatement("final $T d = $L", num.array(), d());
        c.addStatement("double sum = 0.0");
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        c.addStatement("final $T e = $L", num.type(), num.fromDouble("Math.exp(z[j] - max)"));
        c.addStatement("d[j] = e");
        c.addStatement("sum += e");
        c.endControlFlow();
        c.addStatement("final double logSumExp = max + Math.log(sum)");
        c.beginControlFlow("if (withGradient)");
        c.add("// dL/dz = softmax(z) - onehot(y) = e / sum - onehot(y)\n");
        c.addStatement("final $T scale = $L", num.type(), num.fromDouble("1.0 / sum"));
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out).addStatement("d[j] *= scale").endControlFlow();
        c.addStatement("d[y] -= $L", num.literal(1));
        c.endControlFlow();
        c.addStatement("return logSumExp - z[y]");
        return MethodSpec.methodBuilder("softmaxCrossEntropy").addModifiers(Modifier.PRIVATE).returns(TypeName.DOUBLE)
                .addParameter(TypeName.INT, "y", Modifier.FINAL)
                .addParameter(TypeName.INT, "s", Modifier.FINAL)
                .addParameter(TypeName.BOOLEAN, "withGradient", Modifier.FINAL)
                .addJavadoc("Fused softmax + cross-entropy for class {@code y}:\n<pre>\n"
                        + "loss  = log sum_j e^z_j - z_y      (log-sum-exp with max z subtracted: finite for any logits)\n"
                        + "dL/dz = softmax(z) - onehot(y)     (written to $L when withGradient; it holds e^(z - max z) otherwise)\n</pre>\n", d())
                .addCode(c.build()).build();
    }

    private MethodSpec sigmoidBinaryCrossEntropy() {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("final double zj = z[j]");
        c.addStatement("final double tj = t[to + j]");
        c.addStatement("loss += Math.max(zj, 0.0) - zj * tj + Math.log1p(Math.exp(-Math.abs(zj)))");
        c.beginControlFlow("if (withGradient)");
        c.addStatement("d[j] = $L", num.fromDouble("1.0 / (1.0 + Math.exp(-zj)) - tj"));
        c.endControlFlow();
        return perOutputLoss("sigmoidBinaryCrossEntropy", c.build(),
                "Fused sigmoid + binary cross-entropy against targets t[to .. to + $L):\n<pre>\n"
                        + "loss  = sum_j max(z_j, 0) - z_j t_j + log(1 + e^-|z_j|)   (softplus form: finite for any logits)\n"
                        + "dL/dz = sigmoid(z) - t                                  (written to $L when withGradient)\n</pre>\n",
                out, d());
    }

    private MethodSpec squaredError() {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("final $T zj = z[j]", num.type());
        c.addStatement("final $T aj = $L", num.type(), activation.apply("zj"));
        c.addStatement("final $T e = aj - t[to + j]", num.type());
        c.addStatement("loss += 0.5 * e * e");
        c.beginControlFlow("if (withGradient)");
        c.addStatement("d[j] = $L", activation.backward("aj", "e"));
        c.endControlFlow();
        return perOutputLoss("squaredError", c.build(),
                "Squared error against targets t[to .. to + $L), output activation $L:\n<pre>\n"
                        + "loss  = 1/2 sum_j (a_j - t_j)^2\n"
                        + "dL/dz = (a - t) * f'(z)      with $L   (written to $L when withGradient)\n</pre>\n",
                out, activation.formula(), activation.derivativeFormula(), d());
    }

    /**
     * A loss that is a sum over outputs against targets {@code t[to ..]}: {@code body} runs once per output
     * {@code j} with {@code z}, {@code d} and the double accumulator {@code loss} in scope.
     */
    private MethodSpec perOutputLoss(String name, CodeBlock body, String doc, Object... docArgs) {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("final $T z = $L", num.array(), z());
        c.addStatement("final $T d = $L", num.array(), d());
        c.addStatement("double loss = 0.0");
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        c.add(body);
        c.endControlFlow();
        c.addStatement("return loss");
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE).returns(TypeName.DOUBLE)
                .addParameter(num.array(), "t", Modifier.FINAL)
                .addParameter(TypeName.INT, "to", Modifier.FINAL)
                .addParameter(TypeName.INT, "s", Modifier.FINAL)
                .addParameter(TypeName.BOOLEAN, "withGradient", Modifier.FINAL)
                .addJavadoc(doc, docArgs)
                .addCode(c.build()).build();
    }
}
