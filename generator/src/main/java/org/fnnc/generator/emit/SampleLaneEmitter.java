package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.Fields.PerLayer.B;
import static org.fnnc.generator.emit.Fields.PerLayer.GB;
import static org.fnnc.generator.emit.Fields.PerLayer.GW;
import static org.fnnc.generator.emit.Fields.PerLayer.LANE_D;
import static org.fnnc.generator.emit.Fields.PerLayer.LANE_GB;
import static org.fnnc.generator.emit.Fields.PerLayer.LANE_GW;
import static org.fnnc.generator.emit.Fields.PerLayer.W;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.fnnc.spec.NetworkSpec;

/**
 * The training path of a plan with sample lanes (small networks, {@code kernels: vector_api}, every layer
 * straight-line): one vector holds one feature of {@code VL} samples, so every multiply-add, activation,
 * exponential and logarithm of the forward pass, the fused loss and the backward pass serves {@code VL}
 * samples at once. A layer of 4 x 16 units has no width to vectorise over, but a batch does.
 *
 * <p>Per block of {@code VL} samples of {@code accumulateGradients}: the inputs (and targets) are transposed into
 * feature-major lane scratch {@code xl[i * VL + s]}; each layer's forward pass is a loop over units of
 * {@code acc = b_j + sum_i in_i * w_ij} on lane vectors; the output loss and dL/dz are computed on lanes (the
 * exponentials and logarithms are the Vector API's, which the JDK compiles to SIMD math routines); the backward
 * pass adds {@code in_i * d_j} into lane accumulators of the weight gradients and forms the input gradient on
 * lanes. The lane accumulators are summed across lanes into the gradients once per batch ({@code flushLanes}).
 * Batches that are not a multiple of {@code VL} finish on the per-sample code; {@code predict} and {@code loss}
 * always run it. The activations and losses are those of {@link ActivationMath} and {@link LossMath}.
 */
final class SampleLaneEmitter {

    private final NetworkSpec spec;
    private final Numeric num;
    private final ClassName vector;
    private final Fields fields;
    private final List<String> classNames;
    private final Output output;
    private final int depth;
    private final VectorCode v;

    SampleLaneEmitter(NetworkSpec spec, Numeric num, Fields fields, List<String> classNames, Output output) {
        this.spec = spec;
        this.num = num;
        this.vector = num.vectorClass();
        this.fields = fields;
        this.classNames = classNames;
        this.output = output;
        this.depth = spec.depth();
        this.v = new VectorCode(num);
    }

    /** Lane scratch, all flat {@code [features][VL]} arrays allocated once. */
    List<FieldSpec> fields() {
        List<FieldSpec> f = new ArrayList<>();
        f.add(laneField(Fields.LANE_INPUTS, spec.input(), "Inputs of a block of VL samples, feature-major: xl[i * VL + s]."));
        f.add(laneField(Fields.LANE_TARGETS, spec.targetWidth(), "Targets of the block, feature-major."));
        for (int l = 0; l < depth; l++) {
            int units = spec.layer(l).units();
            f.add(laneField(fields.laneOut(l), units, l == depth - 1 ? "Logits of the output layer on lanes."
                    : "Activations of layers." + l + " on lanes."));
            f.add(laneField(LANE_D.of(l), units, "dL/dz of layers." + l + " on lanes."));
            f.add(laneField(LANE_GW.of(l), spec.inputsOf(l) * units,
                    "Weight gradient of layers." + l + " per lane, summed over lanes once per batch: [i * units + j][VL]."));
            f.add(laneField(LANE_GB.of(l), units, "Bias gradient of layers." + l + " per lane."));
        }
        return f;
    }

    private FieldSpec laneField(String name, int features, String doc) {
        return FieldSpec.builder(num.array(), name, Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("$L\n", doc)
                .initializer("new $L[$L * $N]", num.keyword(), features, VectorCode.LANES).build();
    }

    /** A lane vector of feature {@code index} of a lane array. */
    private CodeBlock load(String array, Object index) {
        return output.laneLoad(v, array, index);
    }

    private CodeBlock store(Object value, String array, Object index) {
        return output.laneStore(v, value, array, index);
    }

    private Scope scope(String... parameters) {
        return Scope.method(classNames, parameters);
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

    /**
     * The statements {@code accumulateGradients} runs before its per-sample blocks: whole lane blocks, from
     * sample 0 on; {@code first} (a local of the caller, declared here) is where the per-sample blocks go on.
     */
    CodeBlock accumulateLanes(String first) {
        return CodeBlock.builder()
                .add("// Whole blocks of VL samples on sample lanes (kernels: vector_api); the rest per sample below.\n")
                .addStatement("int $N = 0", first)
                .beginControlFlow("for (; $N + $N <= batch; $N += $N)", first, VectorCode.LANES, first, VectorCode.LANES)
                .addStatement("sum += laneBlock(x, t, $N)", first)
                .endControlFlow()
                .beginControlFlow("if ($N > 0)", first)
                .addStatement("flushLanes()")
                .endControlFlow()
                .build();
    }

    private MethodSpec block() {
        Scope scope = scope("x", "t", "first");
        CodeBlock.Builder c = CodeBlock.builder();
        int in = spec.input();
        c.add("// Transpose the block to feature-major lanes.\n");
        Scope samples = scope.block();
        String s = samples.forLoop(c, "s", 0, VectorCode.LANES);
        String xo = samples.name("xo");
        c.addStatement("final int $N = (first + $N) * $L", xo, s, in);
        Scope features = samples.block();
        String i = features.forLoop(c, "i", 0, in);
        c.addStatement("$N[$N * $N + $N] = x[$N + $N]", Fields.LANE_INPUTS, i, VectorCode.LANES, s, xo, i);
        c.endControlFlow();
        output.loss().laneTargets(c, output, samples, s, "first");
        c.endControlFlow();
        for (int l = 0; l < depth; l++) {
            c.addStatement("layer$LForwardLanes()", l);
        }
        String loss = scope.name("loss");
        c.addStatement("final double $N = lossLanes()", loss);
        for (int l = depth - 1; l >= 0; l--) {
            c.addStatement("layer$LBackwardLanes()", l);
        }
        c.addStatement("return $N", loss);
        return MethodSpec.methodBuilder("laneBlock").addModifiers(Modifier.PRIVATE).returns(double.class)
                .addParameter(num.array(), "x", Modifier.FINAL).addParameter(num.array(), "t", Modifier.FINAL)
                .addParameter(int.class, "first", Modifier.FINAL)
                .addJavadoc("Samples first to first+VL-1 on lanes: forward, loss and dL/dz, backward into the lane\n"
                        + "accumulators; returns the block's summed loss. Target class indices are checked as in\n"
                        + "the per-sample code.\n")
                .addCode(c.build()).build();
    }

    private MethodSpec forward(int l) {
        int in = spec.inputsOf(l);
        boolean isOutput = l == depth - 1;
        ActivationMath.Bound activation = ActivationMath.of(spec.layer(l), num);
        Scope scope = scope();
        CodeBlock.Builder c = CodeBlock.builder();
        String j = scope.forLoop(c, "j", 0, spec.layer(l).units());
        String acc = scope.name("acc");
        c.addStatement("$T $N = $L", vector, acc, v.broadcast(CodeBlock.of("$N[$N]", B.of(l), j)));
        Scope inputs = scope.block();
        String i = inputs.forLoop(c, "i", 0, in);
        c.addStatement("$N = $L", acc, v.fma(load(fields.laneIn(l), i), v.broadcast(CodeBlock.of("$N[$N][$N]",
                W.of(l), i, j)), acc));
        c.endControlFlow();
        if (!isOutput && !activation.isIdentity()) {
            String a = scope.local(c, vector, "a", activation.vectorValue(v, acc));
            c.addStatement("$L", store(a, fields.laneOut(l), j));
        } else {
            c.addStatement("$L", store(acc, fields.laneOut(l), j));
        }
        c.endControlFlow();
        return MethodSpec.methodBuilder("layer" + l + "ForwardLanes").addModifiers(Modifier.PRIVATE)
                .addJavadoc("layers.$L forward on lanes: $L = $L, for each unit j.\n", l, isOutput ? "z_j" : "a_j",
                        isOutput ? "b_j + sum_i in_i w_ij (the loss applies the output activation)"
                                : activation.formula() + " of b_j + sum_i in_i w_ij")
                .addCode(c.build()).build();
    }

    private MethodSpec loss() {
        return MethodSpec.methodBuilder("lossLanes").addModifiers(Modifier.PRIVATE).returns(double.class)
                .addJavadoc("The block's summed loss and its dL/dz, $L.\n", output.loss().laneDoc(output))
                .addCode(output.loss().laneBody(output, v, scope())).build();
    }

    private MethodSpec backward(int l) {
        int in = spec.inputsOf(l);
        int out = spec.layer(l).units();
        String gbl = LANE_GB.of(l);
        String gwl = LANE_GW.of(l);
        String dl = LANE_D.of(l);
        Scope scope = scope();
        CodeBlock.Builder c = CodeBlock.builder();
        Scope bias = scope.block();
        String j = bias.forLoop(c, "j", 0, out);
        c.addStatement("$L", store(v.binary(load(gbl, j), VectorCode.Op.ADD, load(dl, j)), gbl, j));
        c.endControlFlow();
        Scope weights = scope.block();
        String i = weights.forLoop(c, "i", 0, in);
        String ai = weights.local(c, vector, "ai", load(fields.laneIn(l), i));
        String j2 = weights.forLoop(c, "j", 0, out);
        String k = weights.name("k");
        c.addStatement("final int $N = $N * $L + $N", k, i, out, j2);
        c.addStatement("$L", store(v.fma(ai, load(dl, j2), load(gwl, k)), gwl, k));
        c.endControlFlow();
        c.endControlFlow();
        if (l > 0) {
            ActivationMath.Bound previous = ActivationMath.of(spec.layer(l - 1), num);
            Scope inputs = scope.block();
            String i2 = inputs.forLoop(c, "i", 0, in);
            String acc = inputs.name("acc");
            c.addStatement("$T $N = $L", vector, acc, v.zero());
            String j3 = inputs.forLoop(c, "j", 0, out);
            c.addStatement("$N = $L", acc, v.fma(load(dl, j3), v.broadcast(CodeBlock.of("$N[$N][$N]", W.of(l), i2, j3)),
                    acc));
            c.endControlFlow();
            String a = inputs.local(c, vector, "a", load(fields.laneOut(l - 1), i2));
            c.addStatement("$L", store(previous.vectorBackward(v, a, acc), LANE_D.of(l - 1), i2));
            c.endControlFlow();
        }
        return MethodSpec.methodBuilder("layer" + l + "BackwardLanes").addModifiers(Modifier.PRIVATE)
                .addJavadoc("layers.$L backward on lanes: gbl += d, gwl[i][j] += in_i d_j$L.\n", l,
                        l > 0 ? ", d" + (l - 1) + "_i = f'(z" + (l - 1) + "_i) sum_j w_ij d_j" : "")
                .addCode(c.build()).build();
    }

    /** {@code laneSum(lanes, k)}: four interleaved partial sums over the lanes. */
    private MethodSpec laneSum() {
        Scope scope = scope("lanes", "k");
        String o = scope.name("o");
        String[] p = AxpyKernels.names(scope, "p", 4);
        String q = scope.name("q");
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("final int $N = k * $N", o, VectorCode.LANES);
        for (String partial : p) {
            c.addStatement("$T $N = $L", num.type(), partial, num.literal(0));
        }
        c.addStatement("int $N = 0", q);
        c.beginControlFlow("for (; $N + 4 <= $N; $N += 4)", q, VectorCode.LANES, q);
        for (int k = 0; k < 4; k++) {
            c.addStatement("$N += lanes[$N + $L]", p[k], o, LayerContext.plus(q, k));
        }
        c.endControlFlow();
        c.beginControlFlow("for (; $N < $N; $N++)", q, VectorCode.LANES, q);
        c.addStatement("$N += lanes[$N + $N]", p[0], o, q);
        c.endControlFlow();
        c.addStatement("return ($N + $N) + ($N + $N)", p[0], p[1], p[2], p[3]);
        return MethodSpec.methodBuilder("laneSum").addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(num.type())
                .addParameter(num.array(), "lanes", Modifier.FINAL).addParameter(int.class, "k", Modifier.FINAL)
                .addJavadoc("The sum of feature k's VL lanes, in four interleaved partial sums.\n")
                .addCode(c.build()).build();
    }

    private MethodSpec flush() {
        Scope scope = scope();
        CodeBlock.Builder c = CodeBlock.builder();
        c.add("// Scalar sums, many independent chains at once: reduceLanes(ADD) on float lanes keeps Java's\n");
        c.add("// left-to-right order, one dependent add per lane, and made the flush 3 us of a 4 us iris step.\n");
        for (int l = 0; l < depth; l++) {
            int in = spec.inputsOf(l);
            int out = spec.layer(l).units();
            Scope weights = scope.block();
            String i = weights.forLoop(c, "i", 0, in);
            String g = weights.local(c, num.array(), "g", CodeBlock.of("$N[$N]", GW.of(l), i));
            String j = weights.forLoop(c, "j", 0, out);
            c.addStatement("$N[$N] += laneSum($N, $N * $L + $N)", g, j, LANE_GW.of(l), i, out, j);
            c.endControlFlow();
            c.endControlFlow();
            Scope bias = scope.block();
            String j2 = bias.forLoop(c, "j", 0, out);
            c.addStatement("$N[$N] += laneSum($N, $N)", GB.of(l), j2, LANE_GB.of(l), j2);
            c.endControlFlow();
            c.addStatement("$T.fill($N, $L)", Arrays.class, LANE_GW.of(l), num.literal(0));
            c.addStatement("$T.fill($N, $L)", Arrays.class, LANE_GB.of(l), num.literal(0));
        }
        return MethodSpec.methodBuilder("flushLanes").addModifiers(Modifier.PRIVATE)
                .addJavadoc("Adds the lane accumulators, summed across lanes, to the gradients and clears them.\n")
                .addCode(c.build()).build();
    }
}
