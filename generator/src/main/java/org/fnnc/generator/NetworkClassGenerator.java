package org.fnnc.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.fnnc.network.Initializer;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Targets;
import org.fnnc.spec.Activation;
import org.fnnc.spec.InitScheme;
import org.fnnc.spec.InitSpec;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Precision;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.SpecOrigin;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;

/**
 * Generates the Java class for a spec: one final class implementing {@code FloatNetwork} or
 * {@code DoubleNetwork}, with compile-time sizes, scratch arrays allocated once, each layer's forward and
 * backward methods side by side, and the fused output loss. The source compiles warning-free under
 * {@code javac -Xlint:all} and under Janino (no lambdas, generics, var, records or switch expressions).
 */
public final class NetworkClassGenerator {

    /** Samples per block in generated code (the scratch holds this many samples per layer). */
    static final int BLOCK = 16;

    private NetworkClassGenerator() {
    }

    /**
     * Generates the class for {@code spec} with {@link GeneratorOptions#DEFAULT}; throws a {@code SpecException}
     * if its unroll request is impossible or the source would be too large.
     */
    public static GeneratedSource generate(NetworkSpec spec) {
        return generate(spec, GeneratorOptions.DEFAULT);
    }

    /**
     * Generates the class for {@code spec}; throws a {@code SpecException} if its unroll request is impossible
     * or the source exceeds {@link GeneratorOptions#maxSourceBytes()}.
     */
    public static GeneratedSource generate(NetworkSpec spec, GeneratorOptions options) {
        GeneratedSource source = generateUnchecked(spec);
        long bytes = source.text().length(); // ASCII: names are ASCII identifiers, comments are sanitised
        if (bytes > options.maxSourceBytes()) {
            throw new SpecException(spec.origin().diagnostic("", "the generated source of " + spec.name() + " is "
                    + bytes + " bytes, more than the limit of " + options.maxSourceBytes() + " bytes",
                    "unroll less (unroll: loops, or a lower unroll threshold), or raise the limit with "
                            + "GeneratorOptions.withMaxSourceBytes if a source this large is intended"));
        }
        return source;
    }

    private static GeneratedSource generateUnchecked(NetworkSpec spec) {
        UnrollPlan plan = UnrollPlanner.plan(spec);
        Numeric num = Numeric.of(spec.precision());
        ClassName self = ClassName.get(spec.packageName(), spec.name());
        List<DenseLayerEmitter> layers = new ArrayList<>();
        for (LayerPlan lp : plan.layers()) {
            layers.add(new DenseLayerEmitter(spec, num, lp));
        }
        OutputLossEmitter lossCode = new OutputLossEmitter(spec, num);

        LaneKernelEmitter lanes = LaneKernelEmitter.applies(spec, plan) ? new LaneKernelEmitter(spec, num) : null;
        boolean vectorApi = spec.kernels() == Kernels.VECTOR_API;
        TypeSpec.Builder type = TypeSpec.classBuilder(self)
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(num.networkInterface())
                .addJavadoc("$L", classDoc(spec, plan, vectorApi));
        addConstants(type, spec, self);
        if (vectorApi) {
            type.addFields(new VectorCode(num).constants());
        }
        if (lanes != null) {
            type.addFields(lanes.fields());
        }
        addFields(type, spec, num, layers);
        addConstructors(type, spec, num, self);
        addApi(type, spec, num, self, layers, lossCode, lanes);
        for (DenseLayerEmitter layer : layers) {
            type.addMethods(layer.forwardMethods());
            type.addMethods(layer.backwardMethods());
        }
        type.addMethods(lossCode.methods());
        if (lanes != null) {
            type.addMethods(lanes.methods());
        }
        type.addMethods(new SgdStepEmitter(spec, num).methods());
        type.addMethod(specification(spec));

        JavaFile file = JavaFile.builder(spec.packageName(), type.build())
                .addFileComment("$L", fileComment(spec))
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
        return new GeneratedSource(spec, spec.qualifiedName(), file.toString(), plan);
    }

    private static String fileComment(NetworkSpec spec) {
        boolean fromFile = spec.origin() != SpecOrigin.PROGRAMMATIC;
        String source = CommentText.sanitize(spec.origin().sourceName());
        return "Generated by fnnc " + GeneratorVersion.VERSION + " from " + (fromFile ? source : "a spec built in code")
                + ". Do not edit.\n"
                + "Spec hash " + spec.hash() + ".\n"
                + (fromFile ? "Regenerate: mvn generate-sources (fnnc-maven-plugin), or: fnnc generate " + source + " -o <dir>"
                        : "Regenerate: Fnnc.source(spec) at run time, or write the spec to YAML and run fnnc generate") + ".";
    }

    private static String classDoc(NetworkSpec spec, UnrollPlan plan, boolean vectorApi) {
        StringBuilder sb = new StringBuilder();
        sb.append(spec.name()).append(": ").append(spec.input());
        for (LayerSpec layer : spec.layers()) {
            sb.append(" -> ").append(layer.units()).append(' ').append(layer.activation().yamlName());
        }
        sb.append(", loss ").append(spec.loss().yamlName()).append(", ").append(spec.precision().yamlName())
                .append(", ").append(spec.parameterCount()).append(" parameters.\n\n");
        sb.append("<p>Parameters are stored per layer as the transposed weights (one row per input, each row\n")
                .append("holding that input's weights to every unit) and the bias: forward and weight-gradient\n")
                .append("loops are then axpys over rows, which C2 vectorises. Not thread-safe: use {@link #copy()}, or\n")
                .append("{@link #sharingParameters()} for data-parallel gradients.\n\n");
        if (vectorApi) {
            sb.append("<p>Uses the JDK's incubating Vector API (kernels: vector_api): compiling and running\n")
                    .append("this class needs {@code --add-modules jdk.incubator.vector}.\n\n");
        }
        sb.append("<pre>\n");
        sb.append("generator     fnnc ").append(GeneratorVersion.VERSION).append('\n');
        sb.append("spec hash     ").append(spec.hash()).append('\n');
        sb.append("unroll plan   (method budget ").append(BytecodeBudget.METHOD_BUDGET).append(" bytecode bytes)\n");
        for (String line : plan.describe()) {
            sb.append("  ").append(line).append('\n');
        }
        sb.append("spec (canonical form)\n");
        for (String line : spec.canonical().split("\n")) {
            sb.append("  ").append(CommentText.sanitize(line)).append('\n');
        }
        sb.append("</pre>\n");
        return sb.toString();
    }

    private static void addConstants(TypeSpec.Builder type, NetworkSpec spec, ClassName self) {
        type.addField(FieldSpec.builder(TypeName.INT, "INPUTS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Features per sample.\n").initializer("$L", spec.input()).build());
        type.addField(FieldSpec.builder(TypeName.INT, "OUTPUTS", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Outputs per sample.\n").initializer("$L", spec.outputSize()).build());
        type.addField(FieldSpec.builder(TypeName.INT, "TARGET_WIDTH", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Targets per sample: $L.\n", spec.loss() == Loss.CROSS_ENTROPY ? "the class index" : "one per output")
                .initializer("$L", spec.targetWidth()).build());
        type.addField(FieldSpec.builder(String.class, "SPEC_HASH", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("SHA-256 of the spec's canonical form.\n").initializer("$S", spec.hash()).build());
        type.addField(FieldSpec.builder(String.class, "ARCHITECTURE_HASH", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("SHA-256 of the architecture (input, layers, loss): what saved weights are checked against.\n")
                .initializer("$S", spec.architectureHash()).build());
        type.addField(FieldSpec.builder(String.class, "GENERATOR_VERSION", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .initializer("$S", GeneratorVersion.VERSION).build());
        type.addField(FieldSpec.builder(TypeName.INT, "BLOCK", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Samples per block: batches run in blocks of this many samples, layer by layer, so each\n"
                        + "weight row loaded from cache serves several samples.\n")
                .initializer("$L", BLOCK).build());
        type.addField(FieldSpec.builder(NetworkSpec.class, "SPEC", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("specification()").build());
    }

    private static void addFields(TypeSpec.Builder type, NetworkSpec spec, Numeric num, List<DenseLayerEmitter> layers) {
        type.addField(NetworkSpec.class, "spec", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(String.class, "source", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(num.parametersClass(), "parameters", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(num.parametersClass(), "gradients", Modifier.PRIVATE, Modifier.FINAL);
        int o = spec.depth() - 1;
        for (int l = 0; l < spec.depth(); l++) {
            int in = spec.inputsOf(l);
            int out = spec.layer(l).units();
            type.addField(FieldSpec.builder(num.matrix(), DenseLayerEmitter.w(l), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("layers.$L.weight transposed: [$L inputs][$L units].\n", l, in, out).build());
            type.addField(FieldSpec.builder(num.array(), DenseLayerEmitter.b(l), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("layers.$L.bias [$L].\n", l, out).build());
            type.addField(FieldSpec.builder(num.matrix(), DenseLayerEmitter.gw(l), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Gradient of layers.$L.weight, transposed like $L.\n", l, DenseLayerEmitter.w(l)).build());
            type.addField(FieldSpec.builder(num.array(), DenseLayerEmitter.gb(l), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("Gradient of layers.$L.bias.\n", l).build());
            String act = l == o ? DenseLayerEmitter.z(l) : DenseLayerEmitter.a(l);
            type.addField(FieldSpec.builder(num.matrix(), act, Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("$L", l == o ? "Logits of the output layer, one row per sample slot of a block [BLOCK][" + out + "].\n"
                            : "Activation of layers." + l + ", one row per sample slot of a block [BLOCK][" + out + "].\n")
                    .initializer("new $L[BLOCK][$L]", num.keyword(), out).build());
            type.addField(FieldSpec.builder(num.matrix(), DenseLayerEmitter.d(l), Modifier.PRIVATE, Modifier.FINAL)
                    .addJavadoc("dL/dz of layers.$L, one row per sample slot of a block [BLOCK][$L].\n", l, out)
                    .initializer("new $L[BLOCK][$L]", num.keyword(), out).build());
            if (layers.get(l).needsTranspose()) {
                type.addField(FieldSpec.builder(num.matrix(), DenseLayerEmitter.wt(l), Modifier.PRIVATE, Modifier.FINAL)
                        .addJavadoc("Scratch: layers.$L.weight untransposed [$L units][$L inputs], for the input gradient.\n", l, out, in)
                        .initializer("new $L[$L][$L]", num.keyword(), out, in).build());
            }
        }
    }

    private static void addConstructors(TypeSpec.Builder type, NetworkSpec spec, Numeric num, ClassName self) {
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A network with freshly initialised parameters ($L init, seed $L).\n",
                        spec.init().scheme().yamlName(), spec.init().seed())
                .addStatement("this(SPEC, null)").build());
        CodeBlock.Builder c = CodeBlock.builder();
        c.beginControlFlow("if (!ARCHITECTURE_HASH.equals(spec.architectureHash()) || spec.precision() != $T.$L)",
                Precision.class, spec.precision().name());
        c.addStatement("throw new IllegalArgumentException($S + spec)",
                spec.name() + " implements " + spec.toString().substring(spec.qualifiedName().length() + 1) + ", not ");
        c.endControlFlow();
        c.addStatement("this.spec = spec");
        c.addStatement("this.source = source");
        c.addStatement("final $T layout = $T.of(spec)", ParameterLayout.class, ParameterLayout.class);
        c.beginControlFlow("if (shared == null)");
        c.addStatement("this.parameters = new $T(layout)", num.parametersClass());
        c.addStatement("$T.initialize(spec, parameters)", Initializer.class);
        c.nextControlFlow("else");
        c.addStatement("this.parameters = shared");
        c.endControlFlow();
        c.addStatement("this.gradients = new $T(layout)", num.parametersClass());
        for (int l = 0; l < spec.depth(); l++) {
            c.addStatement("this.$L = parameters.weights($L)", DenseLayerEmitter.w(l), l);
            c.addStatement("this.$L = parameters.bias($L)", DenseLayerEmitter.b(l), l);
            c.addStatement("this.$L = gradients.weights($L)", DenseLayerEmitter.gw(l), l);
            c.addStatement("this.$L = gradients.bias($L)", DenseLayerEmitter.gb(l), l);
        }
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
                .addJavadoc("A network for {@code spec}, which must have this class's architecture and precision;\n"
                        + "{@code source} is this class's source text, or null. Used by the run-time compiler.\n")
                .addParameter(NetworkSpec.class, "spec", Modifier.FINAL)
                .addParameter(String.class, "source", Modifier.FINAL)
                .addStatement("this(spec, source, null)").build());
        type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addJavadoc("A network over {@code shared} parameters (freshly initialised ones if null), with its own\n"
                        + "gradients and scratch.\n")
                .addParameter(NetworkSpec.class, "spec", Modifier.FINAL)
                .addParameter(String.class, "source", Modifier.FINAL)
                .addParameter(num.parametersClass(), "shared", Modifier.FINAL)
                .addCode(c.build()).build());
    }

    private static void addApi(TypeSpec.Builder type, NetworkSpec spec, Numeric num, ClassName self,
                               List<DenseLayerEmitter> layers, OutputLossEmitter lossCode, LaneKernelEmitter lanes) {
        TypeName arr = num.array();
        String outputs = "OUTPUTS";
        type.addMethod(override("spec", ClassName.get(NetworkSpec.class)).addStatement("return spec").build());
        type.addMethod(override("parameters", num.parametersClass()).addStatement("return parameters").build());
        type.addMethod(override("gradients", num.parametersClass()).addStatement("return gradients").build());
        type.addMethod(override("source", ParameterizedTypeName.get(Optional.class, String.class))
                .addStatement("return $T.ofNullable(source)", Optional.class).build());
        type.addMethod(override("copy", self)
                .addStatement("final $T copy = new $T(spec, source)", self, self)
                .addStatement("copy.parameters.copyFrom(parameters)")
                .addStatement("return copy").build());
        type.addMethod(override("sharingParameters", self)
                .addJavadoc("A network over these very parameter arrays, with its own gradients and scratch.\n")
                .addStatement("return new $T(spec, source, parameters)", self).build());

        CodeBlock.Builder fwd = CodeBlock.builder();
        for (DenseLayerEmitter layer : layers) {
            fwd.addStatement(layer.forwardCall());
        }
        type.addMethod(MethodSpec.methodBuilder("forward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Forward pass of n <= BLOCK samples at x[xo ..), sample s into slot s of the scratch.\n")
                .addParameter(arr, "x", Modifier.FINAL).addParameter(TypeName.INT, "xo", Modifier.FINAL)
                .addParameter(TypeName.INT, "n", Modifier.FINAL)
                .addCode(fwd.build()).build());
        CodeBlock.Builder bwd = CodeBlock.builder();
        for (int l = layers.size() - 1; l >= 0; l--) {
            bwd.addStatement(layers.get(l).backwardCall());
        }
        type.addMethod(MethodSpec.methodBuilder("backward").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Backward pass of the block at x[xo ..), after forward and the output deltas: adds its gradients.\n")
                .addParameter(arr, "x", Modifier.FINAL).addParameter(TypeName.INT, "xo", Modifier.FINAL)
                .addParameter(TypeName.INT, "n", Modifier.FINAL)
                .addCode(bwd.build()).build());

        type.addMethod(override("predict", TypeName.VOID)
                .addParameter(arr, "x", Modifier.FINAL).addParameter(TypeName.INT, "batch", Modifier.FINAL)
                .addParameter(arr, "out", Modifier.FINAL)
                .addStatement("$T.checkOutput(x.length, INPUTS, out.length, $L, batch)", Targets.class, outputs)
                .beginControlFlow("for (int b0 = 0; b0 < batch; b0 += BLOCK)")
                .addStatement("final int n = Math.min(BLOCK, batch - b0)")
                .addStatement("forward(x, b0 * INPUTS, n)")
                .beginControlFlow("for (int s = 0; s < n; s++)")
                .addStatement("outputActivation(out, (b0 + s) * $L, s)", outputs)
                .endControlFlow()
                .endControlFlow().build());

        String lossOnly = lossCode.lossCall("t", "b0 + s", "s", "false");
        String lossGrad = lossCode.lossCall("t", "b0 + s", "s", "true");
        Object[] args = lossCode.lossCallArgs();
        String ret = num == Numeric.FLOAT ? "(float) " : "";
        type.addMethod(override("loss", num.type())
                .addParameter(arr, "x", Modifier.FINAL).addParameter(arr, "t", Modifier.FINAL)
                .addParameter(TypeName.INT, "batch", Modifier.FINAL)
                .addStatement("$T.checkBatch(x.length, INPUTS, t.length, TARGET_WIDTH, batch)", Targets.class)
                .addStatement("double sum = 0.0")
                .beginControlFlow("for (int b0 = 0; b0 < batch; b0 += BLOCK)")
                .addStatement("final int n = Math.min(BLOCK, batch - b0)")
                .addStatement("forward(x, b0 * INPUTS, n)")
                .beginControlFlow("for (int s = 0; s < n; s++)")
                .addStatement("sum += " + lossOnly, args)
                .endControlFlow()
                .endControlFlow()
                .addStatement("return $L(sum / batch)", ret).build());
        MethodSpec.Builder accumulate = override("accumulateGradients", num.type())
                .addParameter(arr, "x", Modifier.FINAL).addParameter(arr, "t", Modifier.FINAL)
                .addParameter(TypeName.INT, "batch", Modifier.FINAL)
                .addStatement("$T.checkBatch(x.length, INPUTS, t.length, TARGET_WIDTH, batch)", Targets.class)
                .addStatement("double sum = 0.0");
        if (lanes != null) {
            accumulate.addCode(lanes.accumulateLanes());
        }
        type.addMethod(accumulate
                .addCode("// Block by block: forward every layer, the fused loss and output deltas per sample, then backward.\n")
                .beginControlFlow(lanes != null ? "for (; b0 < batch; b0 += BLOCK)" : "for (int b0 = 0; b0 < batch; b0 += BLOCK)")
                .addStatement("final int n = Math.min(BLOCK, batch - b0)")
                .addStatement("forward(x, b0 * INPUTS, n)")
                .beginControlFlow("for (int s = 0; s < n; s++)")
                .addStatement("sum += " + lossGrad, args)
                .endControlFlow()
                .addStatement("backward(x, b0 * INPUTS, n)")
                .endControlFlow()
                .addStatement("return $Lsum", ret).build());
    }

    private static MethodSpec.Builder override(String name, TypeName returns) {
        return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
    }

    /** {@code specification()}: the spec rebuilt in code, so the class needs no spec file at run time. */
    private static MethodSpec specification(NetworkSpec spec) {
        CodeBlock.Builder c = CodeBlock.builder();
        c.add("return $T.builder($S)\n", NetworkSpec.class, spec.name()).indent().indent();
        c.add(".packageName($S)\n", spec.packageName());
        c.add(".input($L)\n", spec.input());
        for (LayerSpec layer : spec.layers()) {
            c.add(".layer(new $T($L, $T.$L, $L, $T.$L))\n", LayerSpec.class, layer.units(), Activation.class,
                    layer.activation().name(), layer.alpha(), UnrollMode.class, layer.unroll().name());
        }
        c.add(".loss($T.$L)\n", Loss.class, spec.loss().name());
        c.add(".precision($T.$L)\n", Precision.class, spec.precision().name());
        InitSpec init = spec.init();
        c.add(".init(new $T($T.$L, $LL, $L))\n", InitSpec.class, InitScheme.class, init.scheme().name(),
                init.seed(), init.scale());
        TrainingSpec t = spec.training();
        c.add(".training(new $T($T.$L, $L, $L, $L, $L, $L, $L, $L, $L, $T.$L, $L, $L, $L, $LL, $L))\n",
                TrainingSpec.class, OptimizerKind.class, t.optimizer().name(), t.learningRate(), t.batchSize(),
                t.epochs(), t.momentum(), t.beta1(), t.beta2(), t.epsilon(), t.weightDecay(), Schedule.class,
                t.schedule().name(), t.stepSize(), t.gamma(), t.minLearningRate(), t.seed(), t.patience());
        c.add(".unroll(new $T($T.$L, $L))\n", UnrollSpec.class, UnrollMode.class, spec.unroll().mode().name(),
                spec.unroll().threshold());
        if (spec.kernels() != Kernels.SCALAR) {
            c.add(".kernels($T.$L)\n", Kernels.class, spec.kernels().name());
        }
        c.add(".build();\n").unindent().unindent();
        return MethodSpec.methodBuilder("specification").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(NetworkSpec.class)
                .addJavadoc("The spec this class was generated from.\n")
                .addCode(c.build()).build();
    }
}
