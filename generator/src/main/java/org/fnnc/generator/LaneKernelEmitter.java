package org.fnnc.generator;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.fnnc.network.Targets;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * Training kernels for small networks with {@code kernels: vector_api} whose layers are all straight-line
 * code: one vector holds one feature of {@code VL} samples ("sample lanes"), so every multiply-add, activation,
 * exponential and logarithm of the forward pass, the fused loss and the backward pass serves {@code VL} samples
 * at once. A layer of 4 x 16 units has no width to vectorise over, but a batch does.
 *
 * <p>Per block of {@code VL} samples of {@code accumulateGradients}: the inputs (and targets) are transposed into
 * feature-major lane scratch {@code xl[i * VL + s]}; each layer's forward pass is a loop over units of
 * {@code acc = b_j + sum_i in_i * w_ij} on lane vectors; the output loss and dL/dz are computed on lanes (the
 * exponentials and logarithms are the Vector API's, which the JDK compiles to SIMD math routines); the backward
 * pass adds {@code in_i * d_j} into lane accumulators of the weight gradients and forms the input gradient on
 * lanes. The lane accumulators are summed across lanes into the gradients once per batch ({@code flushLanes}).
 * Batches that are not a multiple of {@code VL} finish on the per-sample code; {@code predict} and {@code loss}
 * always run it. Each loop holds a few vector operations, so C2 inlines every Vector API call (see
 * {@link VectorKernelEmitter} for what happens when it does not).
 */
final class LaneKernelEmitter {

    private final NetworkSpec spec;
    private final Numeric num;
    private final ClassName vector;
    private final TypeName mask;
    private final int depth;
    /** Vector API expressions, every call on an exact receiver (see {@link VectorCode}). */
    private final VectorCode v;

    LaneKernelEmitter(NetworkSpec spec, Numeric num) {
        this.spec = spec;
        this.num = num;
        this.vector = num.vectorClass();
        this.mask = ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector", "VectorMask"),
                num == Numeric.FLOAT ? ClassName.get(Float.class) : ClassName.get(Double.class));
        this.depth = spec.depth();
        this.v = new VectorCode(num);
    }

    /** Whether {@code plan} gets sample-lane kernels: {@code kernels: vector_api} and no loop layer. */
    static boolean applies(NetworkSpec spec, UnrollPlan plan) {
        return spec.kernels() == Kernels.VECTOR_API
                && plan.layers().stream().allMatch(layer -> layer.strategy() == LayerPlan.Strategy.FULL);
    }

    private static final ClassName OPS = VectorCode.OPS;

    private String in(int l) {
        return l == 0 ? "xl" : "al" + (l - 1);
    }

    private static String out(int l) {
        return "al" + l;
    }

    private static String delta(int l) {
        return "dl" + l;
    }

    /** Lane scratch, all flat {@code [features][VL]} arrays allocated once. */
    List<FieldSpec> fields() {
        List<FieldSpec> f = new ArrayList<>();
        f.add(laneField("xl", spec.input(), "Inputs of a block of VL samples, feature-major: xl[i * VL + s]."));
        f.add(laneField("tl", spec.targetWidth(), "Targets of the block, feature-major."));
        for (int l = 0; l < depth; l++) {
            int units = spec.layer(l).units();
            f.add(laneField(out(l), units, l == depth - 1 ? "Logits of the output layer on lanes."
                    : "Activations of layers." + l + " on lanes."));
            f.add(laneField(delta(l), units, "dL/dz of layers." + l + " on lanes."));
            f.add(laneField("gwl" + l, spec.inputsOf(l) * units,
                    "Weight gradient of layers." + l + " per lane, summed over lanes once per batch: [i * units + j][VL]."));
            f.add(laneField("gbl" + l, units, "Bias gradient of layers." + l + " per lane."));
        }
        return f;
    }

    private FieldSpec laneField(String name, int features, String doc) {
        return FieldSpec.builder(num.array(), name, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L\n", doc)
                .initializer("new $L[$L * $L]", num.keyword(), features, VectorCode.LANES).build();
    }

    /** A lane vector loaded from {@code array[index * VL]}. */
    private CodeBlock load(String array, String index) {
        return v.load(array, CodeBlock.of("$L * $L", index, VectorCode.LANES));
    }

    private CodeBlock broadcast(String value) {
        return v.broadcast(value);
    }

    /** {@code vector.intoArray(array, index * VL)}. */
    private CodeBlock store(Object vector, String array, String index) {
        return v.store(vector, array, CodeBlock.of("$L * $L", index, VectorCode.LANES));
    }

    /** The methods: one block, per-layer forward and backward on lanes, the loss, and the flush. */
    List<MethodSpec> methods() {
        List<MethodSpec> m = new ArrayList<>();
        m.add(block());
        for (int l = 0; l < depth; l++) {
            m.add(forward(l));
            m.add(backward(l));
        }
        m.add(loss());
        m.add(flush());
        m.add(laneSum());
        return m;
    }

    /** The statements {@code accumulateGradients} runs before its per-sample blocks: whole lane blocks. */
    CodeBlock accumulateLanes() {
        return CodeBlock.builder()
                .add("// Whole blocks of VL samples on sample lanes (kernels: vector_api); the rest per sample below.\n")
                .addStatement("int b0 = 0")
                .beginControlFlow("for (; b0 + $L <= batch; b0 += $L)", VectorCode.LANES, VectorCode.LANES)
                .addStatement("sum += laneBlock(x, t, b0)")
                .endControlFlow()
                .beginControlFlow("if (b0 > 0)")
                .addStatement("flushLanes()")
                .endControlFlow()
                .build();
    }

    private MethodSpec block() {
        CodeBlock.Builder c = CodeBlock.builder();
        int in = spec.input();
        c.add("// Transpose the block to feature-major lanes.\n");
        c.beginControlFlow("for (int s = 0; s < $L; s++)", VectorCode.LANES);
        c.addStatement("final int xo = (b0 + s) * $L", in);
        c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
        c.addStatement("xl[i * $L + s] = x[xo + i]", VectorCode.LANES);
        c.endControlFlow();
        if (spec.loss() == Loss.CROSS_ENTROPY) {
            c.addStatement("tl[s] = $T.classIndex(t[b0 + s], $L, b0 + s)", Targets.class, spec.outputSize());
        } else {
            c.beginControlFlow("for (int j = 0; j < $L; j++)", spec.outputSize());
            c.addStatement("tl[j * $L + s] = t[(b0 + s) * $L + j]", VectorCode.LANES, spec.outputSize());
            c.endControlFlow();
        }
        c.endControlFlow();
        for (int l = 0; l < depth; l++) {
            c.addStatement("layer$LForwardLanes()", l);
        }
        c.addStatement("final double loss = lossLanes()");
        for (int l = depth - 1; l >= 0; l--) {
            c.addStatement("layer$LBackwardLanes()", l);
        }
        c.addStatement("return loss");
        return MethodSpec.methodBuilder("laneBlock").addModifiers(Modifier.PRIVATE).returns(double.class)
                .addParameter(num.array(), "x", Modifier.FINAL).addParameter(num.array(), "t", Modifier.FINAL)
                .addParameter(int.class, "b0", Modifier.FINAL)
                .addJavadoc("Samples b0 to b0+VL-1 on lanes: forward, loss and dL/dz, backward into the lane\n"
                        + "accumulators; returns the block's summed loss. Target class indices are checked as in\n"
                        + "the per-sample code.\n")
                .addCode(c.build()).build();
    }

    private MethodSpec forward(int l) {
        LayerSpec layer = spec.layer(l);
        int in = spec.inputsOf(l);
        boolean output = l == depth - 1;
        CodeBlock.Builder c = CodeBlock.builder();
        c.beginControlFlow("for (int j = 0; j < $L; j++)", layer.units());
        c.addStatement("$T acc = $L", vector, broadcast(DenseLayerEmitter.b(l) + "[j]"));
        c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
        c.addStatement("acc = $L", v.fma(load(in(l), "i"), broadcast(DenseLayerEmitter.w(l) + "[i][j]"), "acc"));
        c.endControlFlow();
        if (!output && layer.activation() != Activation.LINEAR) {
            c.addStatement("final $T a = $L", vector, activate(layer, "acc"));
            c.addStatement("$L", store("a", out(l), "j"));
        } else {
            c.addStatement("$L", store("acc", out(l), "j"));
        }
        c.endControlFlow();
        return MethodSpec.methodBuilder("layer" + l + "ForwardLanes").addModifiers(Modifier.PRIVATE)
                .addJavadoc("layers.$L forward on lanes: $L = $L, for each unit j.\n", l, output ? "z_j" : "a_j",
                        output ? "b_j + sum_i in_i w_ij (the loss applies the output activation)"
                                : activationFormula(layer) + " of b_j + sum_i in_i w_ij")
                .addCode(c.build()).build();
    }

    private String activationFormula(LayerSpec layer) {
        return new ActivationCode(layer.activation(), layer.alpha(), num).formula();
    }

    /** {@code f(z)} on a lane vector named {@code z} (a simple name, possibly evaluated twice). */
    private CodeBlock activate(LayerSpec layer, String z) {
        switch (layer.activation()) {
            case RELU:
                return v.maxScalar(z, num.literal(0));
            case LEAKY_RELU: // max(z, alpha z) = leaky_relu(z) for 0 <= alpha < 1
                return v.max(z, v.mulScalar(z, num.literal(layer.alpha())));
            case SIGMOID:
                return v.div(broadcast(num.literal(1)), v.addScalar(v.lanewise(v.neg(z), "EXP"), num.literal(1)));
            case TANH:
                return v.lanewise(z, "TANH");
            case LINEAR:
                return CodeBlock.of("$L", z);
            default:
                throw new IllegalStateException(layer.activation() + " is applied by the output loss code");
        }
    }

    /** {@code s * f'(z)} from the activation lanes {@code a} (simple names), as {@link ActivationCode#backward}. */
    private CodeBlock derivative(LayerSpec layer, String a, String s) {
        String zero = num.literal(0);
        String one = num.literal(1);
        CodeBlock notPositive = v.compare(a, "LE", zero);
        switch (layer.activation()) {
            case RELU:
                return v.blendScalar(s, zero, notPositive);
            case LEAKY_RELU:
                return v.blend(s, v.mulScalar(s, num.literal(layer.alpha())), notPositive);
            case SIGMOID:
                return v.mul(v.mul(s, a), v.sub(broadcast(one), a));
            case TANH:
                return v.mul(s, v.sub(broadcast(one), v.mul(a, a)));
            case LINEAR:
                return CodeBlock.of("$L", s);
            default:
                throw new IllegalStateException(layer.activation() + " has no stand-alone derivative");
        }
    }

    private MethodSpec loss() {
        int o = depth - 1;
        int out = spec.outputSize();
        LayerSpec layer = spec.outputLayer();
        String z = out(o);
        String d = delta(o);
        String lanes = VectorCode.LANES;
        CodeBlock.Builder c = CodeBlock.builder();
        String doc;
        switch (spec.loss()) {
            case CROSS_ENTROPY -> {
                doc = "softmax cross-entropy on lanes: loss = log sum_j e^(z_j - m) + m - z_y with m = max_j z_j,\n"
                        + "dL/dz_j = softmax(z)_j - [y == j]";
                c.addStatement("$T m = $L", vector, load(z, "0"));
                c.beginControlFlow("for (int j = 1; j < $L; j++)", out);
                c.addStatement("m = $L", v.max("m", load(z, "j")));
                c.endControlFlow();
                c.addStatement("$T sum = $L", vector, v.zero());
                c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
                c.addStatement("final $T e = $L", vector, v.lanewise(v.sub(load(z, "j"), "m"), "EXP"));
                c.addStatement("$L", store("e", d, "j"));
                c.addStatement("sum = $L", v.add("sum", "e"));
                c.endControlFlow();
                c.addStatement("final $T y = $L", vector, load("tl", "0"));
                c.addStatement("final $T inv = $L", vector, v.div(broadcast(num.literal(1)), "sum"));
                c.addStatement("$T zy = $L", vector, v.zero());
                c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
                c.addStatement("final $T hit = $L", mask, v.compare("y", "EQ", CodeBlock.of("($L) j", num.keyword())));
                c.addStatement("zy = $L", v.blend("zy", load(z, "j"), "hit"));
                c.addStatement("final $T p = $L", vector, v.mul(load(d, "j"), "inv"));
                c.addStatement("$L", store(v.sub("p", v.blendScalar(v.zero(), num.literal(1), "hit")), d, "j"));
                c.endControlFlow();
                c.addStatement("final $T logSumExp = $L", vector, v.add(v.lanewise("sum", "LOG"), "m"));
                c.addStatement("return $L", v.reduceAdd(v.sub("logSumExp", "zy")));
            }
            case BINARY_CROSS_ENTROPY -> {
                doc = "sigmoid binary cross-entropy on lanes, summed over outputs: loss_j = max(z, 0) - z t + log(1 + e^-|z|),\n"
                        + "dL/dz_j = sigmoid(z_j) - t_j";
                c.addStatement("$T sum = $L", vector, v.zero());
                c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
                c.addStatement("final $T zj = $L", vector, load(z, "j"));
                c.addStatement("final $T tj = $L", vector, load("tl", "j"));
                c.addStatement("final $T softplus = $L", vector,
                        v.lanewise(v.lanewise(v.neg(v.abs("zj")), "EXP"), "LOG1P"));
                c.addStatement("sum = $L", v.add("sum", v.add(v.sub(v.maxScalar("zj", num.literal(0)), v.mul("zj", "tj")),
                        "softplus")));
                c.addStatement("$L", store(v.sub(activate(layer, "zj"), "tj"), d, "j"));
                c.endControlFlow();
                c.addStatement("return $L", v.reduceAdd("sum"));
            }
            case MSE -> {
                ActivationCode f = new ActivationCode(layer.activation(), layer.alpha(), num);
                doc = "squared error on lanes: a = " + f.formula() + ", loss = 1/2 sum_j (a_j - t_j)^2,\n"
                        + "dL/dz_j = (a_j - t_j) f'(z_j)";
                c.addStatement("$T sum = $L", vector, v.zero());
                c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
                c.addStatement("final $T zj = $L", vector, load(z, "j"));
                c.addStatement("final $T a = $L", vector, activate(layer, "zj"));
                c.addStatement("final $T e = $L", vector, v.sub("a", load("tl", "j")));
                c.addStatement("sum = $L", v.fma("e", "e", "sum"));
                c.addStatement("$L", store(derivative(layer, "a", "e"), d, "j"));
                c.endControlFlow();
                c.addStatement("return $L * $L", num.literal(0.5), v.reduceAdd("sum"));
            }
            default -> throw new AssertionError(spec.loss());
        }
        return MethodSpec.methodBuilder("lossLanes").addModifiers(Modifier.PRIVATE).returns(double.class)
                .addJavadoc("The block's summed loss and its dL/dz, $L.\n", doc)
                .addCode(c.build()).build();
    }

    private MethodSpec backward(int l) {
        int in = spec.inputsOf(l);
        int out = spec.layer(l).units();
        String lanes = VectorCode.LANES;
        CodeBlock.Builder c = CodeBlock.builder();
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        c.addStatement("$L", store(v.add(load("gbl" + l, "j"), load(delta(l), "j")), "gbl" + l, "j"));
        c.endControlFlow();
        c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
        c.addStatement("final $T ai = $L", vector, load(in(l), "i"));
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        c.addStatement("final int k = i * $L + j", out);
        c.addStatement("$L", store(v.fma("ai", load(delta(l), "j"), load("gwl" + l, "k")), "gwl" + l, "k"));
        c.endControlFlow();
        c.endControlFlow();
        if (l > 0) {
            LayerSpec previous = spec.layer(l - 1);
            c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
            c.addStatement("$T acc = $L", vector, v.zero());
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("acc = $L", v.fma(load(delta(l), "j"), broadcast(DenseLayerEmitter.w(l) + "[i][j]"), "acc"));
            c.endControlFlow();
            c.addStatement("final $T a = $L", vector, load(out(l - 1), "i"));
            c.addStatement("$L", store(derivative(previous, "a", "acc"), delta(l - 1), "i"));
            c.endControlFlow();
        }
        return MethodSpec.methodBuilder("layer" + l + "BackwardLanes").addModifiers(Modifier.PRIVATE)
                .addJavadoc("layers.$L backward on lanes: gbl += d, gwl[i][j] += in_i d_j$L.\n", l,
                        l > 0 ? ", d" + (l - 1) + "_i = f'(z" + (l - 1) + "_i) sum_j w_ij d_j" : "")
                .addCode(c.build()).build();
    }

    private MethodSpec laneSum() {
        return MethodSpec.methodBuilder("laneSum").addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(num.type())
                .addParameter(num.array(), "lanes", Modifier.FINAL).addParameter(int.class, "k", Modifier.FINAL)
                .addJavadoc("The sum of feature k's VL lanes, in four interleaved partial sums.\n")
                .addStatement("final int o = k * $L", VectorCode.LANES)
                .addStatement("$T s0 = $L", num.type(), num.literal(0))
                .addStatement("$T s1 = $L", num.type(), num.literal(0))
                .addStatement("$T s2 = $L", num.type(), num.literal(0))
                .addStatement("$T s3 = $L", num.type(), num.literal(0))
                .addStatement("int q = 0")
                .beginControlFlow("for (; q + 4 <= $L; q += 4)", VectorCode.LANES)
                .addStatement("s0 += lanes[o + q]")
                .addStatement("s1 += lanes[o + q + 1]")
                .addStatement("s2 += lanes[o + q + 2]")
                .addStatement("s3 += lanes[o + q + 3]")
                .endControlFlow()
                .beginControlFlow("for (; q < $L; q++)", VectorCode.LANES)
                .addStatement("s0 += lanes[o + q]")
                .endControlFlow()
                .addStatement("return (s0 + s1) + (s2 + s3)")
                .build();
    }

    private MethodSpec flush() {
        CodeBlock.Builder c = CodeBlock.builder();
        c.add("// Scalar sums, many independent chains at once: reduceLanes(ADD) on float lanes keeps Java's\n");
        c.add("// left-to-right order, one dependent add per lane, and made the flush 3 us of a 4 us iris step.\n");
        for (int l = 0; l < depth; l++) {
            int in = spec.inputsOf(l);
            int out = spec.layer(l).units();
            c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
            c.addStatement("final $T g = $L[i]", num.array(), DenseLayerEmitter.gw(l));
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("g[j] += laneSum(gwl$L, i * $L + j)", l, out);
            c.endControlFlow();
            c.endControlFlow();
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("$L[j] += laneSum(gbl$L, j)", DenseLayerEmitter.gb(l), l);
            c.endControlFlow();
            c.addStatement("$T.fill(gwl$L, $L)", Arrays.class, l, num.literal(0));
            c.addStatement("$T.fill(gbl$L, $L)", Arrays.class, l, num.literal(0));
        }
        return MethodSpec.methodBuilder("flushLanes").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Adds the lane accumulators, summed across lanes, to the gradients and clears them.\n")
                .addCode(c.build()).build();
    }
}
