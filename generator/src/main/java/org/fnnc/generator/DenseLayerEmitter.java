package org.fnnc.generator;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;
import org.fnnc.generator.LayerPlan.Strategy;
import org.fnnc.generator.VectorKernelEmitter.Coefficient;
import org.fnnc.spec.NetworkSpec;

/**
 * Writes one dense layer's forward and backward methods, side by side, as straight-line code or loops
 * according to its {@link LayerPlan}.
 *
 * <p>Names in generated code, for layer {@code l}: {@code w<l>} the weights stored transposed (row {@code i}
 * holds the weights from input {@code i} to every unit), {@code b<l>} the bias, {@code gw<l>}/{@code gb<l>}
 * their gradients, {@code a<l>} the activation (hidden layers) or {@code z<l>} the logits (output layer),
 * {@code d<l>} = dL/dz of the layer. Activations, logits and deltas are scratch for a block of samples:
 * {@code a<l>[s]} is the row of the sample in slot {@code s}. Loop layers run block kernels over all
 * {@code n} samples of a block (register-blocked {@value #BLOCK_ROWS} rows x {@value #BLOCK_SAMPLES} samples);
 * straight-line layers run per sample. The first layer reads sample {@code s} at
 * {@code x[xo + s * INPUTS + i]}.
 */
final class DenseLayerEmitter {

    private static final int TERMS_PER_LINE = 4;
    /**
     * Weight rows (forward) or gradient rows (backward) handled per pass of a block kernel. Measured
     * (784-128-10, float, JDK 17): 4 rows x 2 samples = 8 multiply-adds per loop iteration is the most C2
     * still unrolls and vectorises with its default LoopUnrollLimit; 4 x 4 (16) stayed scalar and ran 4x
     * slower, while 8 x 1 and 2 x 4 were slower than 4 x 2.
     */
    static final int BLOCK_ROWS = 4;
    /** Samples handled per pass of a block kernel. */
    static final int BLOCK_SAMPLES = 2;
    /**
     * Blocks of at least this many samples compute the input gradient from a transposed copy of the weights
     * (vectorised axpys); smaller ones use dot products, which cost less than the transpose.
     */
    static final int TRANSPOSE_MIN_SAMPLES = 4;

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
    /** The Vector API kernels of a loop layer with {@code kernels: vector_api}, else null (scalar loops). */
    private final VectorKernelEmitter vector;
    /** Methods holding one Vector API kernel each, emitted after the forward or backward method calling them. */
    private final List<MethodSpec> kernelMethods = new ArrayList<>();

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
        this.vector = VectorKernelEmitter.applies(spec, plan) ? new VectorKernelEmitter(num) : null;
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

    /** Scratch for the untransposed weights W (canonical [out][in]) of a hidden-input loop layer. */
    static String wt(int l) {
        return "wt" + l;
    }

    /** Whether the layer keeps a {@link #wt} scratch: loop layers with an input gradient. */
    boolean needsTranspose() {
        return !first() && plan.strategy() == Strategy.LOOPS;
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

    /** The call that runs this layer forward over slots 0..n-1, e.g. {@code layer0Forward(x, xo, n)}. */
    String forwardCall() {
        return "layer" + l + "Forward(" + (first() ? "x, xo, " : "") + "n)";
    }

    /** The call that runs this layer backward over slots 0..n-1. */
    String backwardCall() {
        return "layer" + l + "Backward(" + (first() ? "x, xo, " : "") + "n)";
    }

    /** A block method: the first layer reads samples at x[xo + s * INPUTS ..], every layer gets the count n. */
    private MethodSpec.Builder blockMethod(String name) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
        if (first()) {
            m.addParameter(num.array(), "x", Modifier.FINAL).addParameter(TypeName.INT, "xo", Modifier.FINAL);
        }
        return m.addParameter(TypeName.INT, "n", Modifier.FINAL);
    }

    /** A per-sample method of straight-line code: sample slot s (the first layer's sample starts at x[xo]). */
    private MethodSpec.Builder method(String name) {
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
        if (first()) {
            m.addParameter(num.array(), "x", Modifier.FINAL).addParameter(TypeName.INT, "xo", Modifier.FINAL);
        }
        return m.addParameter(TypeName.INT, "s", Modifier.FINAL);
    }

    /** Arguments of a per-sample call inside a loop over slots s of a block. */
    private String sampleArgs() {
        return first() ? "x, xo + s * INPUTS, s" : "s";
    }

    /** Arguments passed on from a per-sample method to its parts. */
    private String partArgs() {
        return first() ? "x, xo, s" : "s";
    }

    private String shapes() {
        return "W" + l + " [" + out + " x " + in + "] stored transposed as " + w(l) + "[" + in + "][" + out + "], "
                + inputName() + " [" + in + "], " + b(l) + " and " + dst() + " [" + out + "] per sample";
    }

    private String inputAt(int index) {
        return first() ? (index == 0 ? "x[xo]" : "x[xo + " + index + "]") : "in[" + index + "]";
    }

    /** Per-sample code: {@code in}, the slot's input row (not for the first layer, which reads x). */
    private void declareInput(CodeBlock.Builder c) {
        if (!first()) {
            c.addStatement("final $T in = $L[s]", num.array(), a(l - 1));
        }
    }

    /** Input {@code i + k} of the sample in slot {@code sample} (an expression), inside a block kernel. */
    private String blockInput(String sample, String i, int k) {
        String index = k == 0 ? i : i + " + " + k;
        String row = sample.contains(" ") ? "(" + sample + ")" : sample;
        return first() ? "x[xo + " + row + " * " + in + " + " + index + "]" : a(l - 1) + "[" + sample + "][" + index + "]";
    }

    /** {@code base + k}, or {@code base} for k = 0 (expressions in generated code). */
    static String plus(String base, int k) {
        return k == 0 ? base : base + " + " + k;
    }

    /**
     * {@code acc[r][j] += sum_k coef[r][k] * vec[k][j]} for every unit j: one loop in which every array is
     * indexed by j alone, the shape C2 vectorises; each loaded {@code vec[k][j]} serves every accumulator row
     * and each accumulator is loaded and stored once for all k (register blocking).
     */
    private void axpyBlock(CodeBlock.Builder c, String[] acc, String[] vec, String[][] coef) {
        axpyBlock(c, acc, vec, coef, "j", "0", out);
    }

    /** As above over elements {@code from <= j < len}. */
    private static void axpyBlock(CodeBlock.Builder c, String[] acc, String[] vec, String[][] coef, String j,
                                  String from, int len) {
        c.beginControlFlow("for (int $L = $L; $L < $L; $L++)", j, from, j, len, j);
        for (int r = 0; r < acc.length; r++) {
            List<String> terms = new ArrayList<>();
            for (int k = 0; k < vec.length; k++) {
                terms.add(coef[r][k] + " * " + vec[k] + "[" + j + "]");
            }
            c.addStatement("$L[$L] += $L", acc[r], j, String.join(" + ", terms));
        }
        c.endControlFlow();
    }

    /**
     * {@code acc[s][j] += sum_k coef(s, k) * rows[k][j]} for slots {@code s < n}, {@code k < count},
     * {@code j < len}: blocks of {@value #BLOCK_ROWS} rows x {@value #BLOCK_SAMPLES} samples (then the
     * remaining samples and rows), each block one vectorisable loop over j. A block whose coefficients are all
     * zero adds nothing and is skipped. Loop variables are named {@code k} (rows) and {@code j} (elements),
     * which run from {@code from} (an expression).
     */
    private void blockedAxpys(CodeBlock.Builder c, String acc, String rowsMatrix, int count, int len,
                              String k, String j, String from, Coefficient coefficient) {
        int count4 = count - count % BLOCK_ROWS;
        String[] rows = names("r", BLOCK_ROWS);
        if (count4 > 0) {
            c.beginControlFlow("for (int $L = 0; $L < $L; $L += $L)", k, k, count4, k, BLOCK_ROWS);
            for (int q = 0; q < BLOCK_ROWS; q++) {
                c.addStatement("final $T $L = $L[$L]", num.array(), rows[q], rowsMatrix, plus(k, q));
            }
            c.addStatement("int s = 0");
            c.beginControlFlow("for (; s + $L <= n; s += $L)", BLOCK_SAMPLES, BLOCK_SAMPLES);
            String[][] coef = new String[BLOCK_SAMPLES][BLOCK_ROWS];
            String[][] value = new String[BLOCK_SAMPLES][BLOCK_ROWS];
            for (int r = 0; r < BLOCK_SAMPLES; r++) {
                for (int q = 0; q < BLOCK_ROWS; q++) {
                    coef[r][q] = "c" + r + q;
                    value[r][q] = coefficient.at(plus("s", r), k, q);
                }
            }
            declareCoefficients(c, coef, value);
            String[] accRows = names("y", BLOCK_SAMPLES);
            for (int r = 0; r < BLOCK_SAMPLES; r++) {
                c.addStatement("final $T $L = $L[$L]", num.array(), accRows[r], acc, plus("s", r));
            }
            axpyBlock(c, accRows, rows, coef, j, from, len);
            c.endControlFlow();
            c.beginControlFlow("for (; s < n; s++)");
            String[][] coef1 = {coef[0]};
            String[][] value1 = new String[1][BLOCK_ROWS];
            for (int q = 0; q < BLOCK_ROWS; q++) {
                value1[0][q] = coefficient.at("s", k, q);
            }
            declareCoefficients(c, coef1, value1);
            c.addStatement("final $T y0 = $L[s]", num.array(), acc);
            axpyBlock(c, new String[] {"y0"}, rows, coef1, j, from, len);
            c.endControlFlow();
            c.endControlFlow();
        }
        if (count4 < count) {
            c.add("// The last $L row(s), one at a time.\n", count - count4);
            c.beginControlFlow("for (int $L = $L; $L < $L; $L++)", k, count4, k, count, k);
            c.addStatement("final $T r0 = $L[$L]", num.array(), rowsMatrix, k);
            c.beginControlFlow("for (int s = 0; s < n; s++)");
            declareCoefficients(c, new String[][] {{"c00"}}, new String[][] {{coefficient.at("s", k, 0)}});
            c.addStatement("final $T y0 = $L[s]", num.array(), acc);
            axpyBlock(c, new String[] {"y0"}, new String[] {"r0"}, new String[][] {{"c00"}}, j, from, len);
            c.endControlFlow();
            c.endControlFlow();
        }
    }

    /**
     * {@code acc[s][j] += sum_k coef(s, k) * rows[k][j]} over all slots, rows and elements: the Vector API
     * kernel plus scalar loops for the columns it leaves, or the scalar kernel alone. {@code what} describes
     * the sum for the comment.
     */
    private void accumulateRows(CodeBlock.Builder c, String what, String acc, String rowsMatrix, int count, int len,
                                String k, String j, Coefficient coefficient, String kernelName, CodeBlock aliases) {
        if (vector == null) {
            c.add("// " + what + ": axpys over rows, which C2 vectorises.\n");
            c.add("// Register blocking: $L rows x $L samples per pass, so each loaded row element serves $L samples\n",
                    BLOCK_ROWS, BLOCK_SAMPLES, BLOCK_SAMPLES);
            c.add("// and each accumulator is loaded and stored once per $L rows. Blocks of zero coefficients add nothing: skipped.\n",
                    BLOCK_ROWS);
            blockedAxpys(c, acc, rowsMatrix, count, len, k, j, "0", coefficient);
            return;
        }
        c.add("// " + what + ": Vector API kernel, then scalar loops for the last columns; blocks of fewer than\n");
        c.add("// $L samples take the scalar kernel alone (measured faster at batch 1).\n", VectorKernelEmitter.SAMPLES);
        CodeBlock.Builder kernel = CodeBlock.builder().add(aliases);
        vector.accumulateRows(kernel, acc, rowsMatrix, count, len, k, j, coefficient);
        String method = kernelMethod(kernelName, what, kernel.build());
        c.addStatement("final int jv = n >= $L ? $L : 0", VectorKernelEmitter.SAMPLES, VectorKernelEmitter.vectorColumns(len));
        c.beginControlFlow("if (jv > 0)");
        c.addStatement("$L($L)", method, first() ? "x, xo, n" : "n");
        c.endControlFlow();
        c.beginControlFlow("if (jv < $L)", len);
        c.add("// The columns the vectors left: scalar loops.\n");
        blockedAxpys(c, acc, rowsMatrix, count, len, k, j, "jv", coefficient);
        c.endControlFlow();
    }

    /**
     * Registers a block method holding one Vector API kernel and returns its name. C2 turns vectors into
     * registers only if it inlines every Vector API call, and it inlines at most ~8,000 bytecode bytes into one
     * compilation; one kernel per method keeps each compilation far below that.
     */
    private String kernelMethod(String suffix, String what, CodeBlock body) {
        String name = "layer" + l + suffix;
        kernelMethods.add(blockMethod(name).addJavadoc("$L, Vector API kernel (layers.$L, slots 0 to n-1).\n", what, l)
                .addCode(body).build());
        return name;
    }

    /** Declares coef[r][k] = the expression, and emits {@code if (all zero) continue;}. */
    private void declareCoefficients(CodeBlock.Builder c, String[][] names, String[][] values) {
        List<String> zero = new ArrayList<>();
        for (int r = 0; r < names.length; r++) {
            for (int k = 0; k < names[r].length; k++) {
                c.addStatement("final $T $L = $L", num.type(), names[r][k], values[r][k]);
                zero.add(names[r][k] + " == " + num.literal(0));
            }
        }
        c.beginControlFlow("if ($L)", String.join(" && ", zero)).addStatement("continue").endControlFlow();
    }

    private static String[] names(String prefix, int count) {
        String[] n = new String[count];
        for (int k = 0; k < count; k++) {
            n[k] = prefix + k;
        }
        return n;
    }

    // ---------------------------------------------------------------- forward

    /** The kernel methods registered since the last call, in order. */
    private List<MethodSpec> takeKernelMethods() {
        List<MethodSpec> taken = List.copyOf(kernelMethods);
        kernelMethods.clear();
        return taken;
    }

    List<MethodSpec> forwardMethods() {
        String doc = "layers." + l + " forward: z" + l + " = W" + l + " " + inputName() + " + b" + l
                + (output ? " (the output activation is fused with the loss)" : ", " + a(l) + " = " + activation.formula())
                + ", for the samples in slots 0 to n-1\n<p>Shapes: " + shapes() + ".\n";
        List<MethodSpec> methods = new ArrayList<>();
        if (plan.strategy() == Strategy.LOOPS) {
            methods.add(blockMethod("layer" + l + "Forward").addJavadoc(doc).addCode(forwardLoops()).build());
            methods.addAll(takeKernelMethods());
            return methods;
        }
        String sample = "layer" + l + "ForwardSample";
        methods.add(blockMethod("layer" + l + "Forward").addJavadoc(doc)
                .beginControlFlow("for (int s = 0; s < n; s++)")
                .addStatement("$L($L)", sample, sampleArgs())
                .endControlFlow().build());
        int parts = plan.forwardParts();
        if (parts == 1) {
            methods.add(method(sample).addJavadoc("layers." + l + " forward of the sample in slot s, straight-line.\n")
                    .addCode(forwardUnrolled(0, out)).build());
            return methods;
        }
        CodeBlock.Builder dispatch = CodeBlock.builder();
        List<MethodSpec> partMethods = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int j0 = p * plan.unitsPerPart();
            int j1 = Math.min(out, j0 + plan.unitsPerPart());
            String name = "layer" + l + "ForwardUnits" + j0 + "To" + (j1 - 1);
            dispatch.addStatement("$L($L)", name, partArgs());
            partMethods.add(method(name).addJavadoc("Units " + j0 + " to " + (j1 - 1) + " of layers." + l
                    + " forward (split to stay under the JIT's method size limit).\n")
                    .addCode(forwardUnrolled(j0, j1)).build());
        }
        methods.add(method(sample).addJavadoc("layers." + l + " forward of the sample in slot s, straight-line.\n")
                .addCode(dispatch.build()).build());
        methods.addAll(partMethods);
        return methods;
    }

    private CodeBlock forwardLoops() {
        CodeBlock.Builder c = CodeBlock.builder();
        c.addStatement("final $T z = $L", num.matrix(), dst());
        c.beginControlFlow("for (int s = 0; s < n; s++)");
        c.addStatement("$T.arraycopy($L, 0, z[s], 0, $L)", System.class, b(l), out);
        c.endControlFlow();
        accumulateRows(c, "z_s += " + inputName() + "_s[i] * W" + l + "^T[i] over inputs i", "z", w(l), in, out,
                "i", "j", this::blockInput, "ForwardVectors",
                CodeBlock.builder().addStatement("final $T z = $L", num.matrix(), dst()).build());
        if (!output && !activationIsIdentity()) {
            c.add("// " + a(l) + " = " + activation.formula() + ", in place\n");
            c.beginControlFlow("for (int s = 0; s < n; s++)");
            c.addStatement("final $T zs = z[s]", num.array());
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("zs[j] = $L", activation.apply("zs[j]"));
            c.endControlFlow();
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
        c.addStatement("final $T z = $L[s]", num.array(), dst());
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
        String doc = "layers." + l + " backward, given " + d(l) + " = dL/dz" + l + " [" + out + "] of the samples in slots 0 to n-1:\n"
                + "<pre>\n"
                + "db" + l + " += sum_s " + d(l) + "_s\n"
                + "dW" + l + " += sum_s " + d(l) + "_s " + inputName() + "_s^T      (stored transposed: " + gw(l)
                + "[i] += " + inputName() + "_s[i] * " + d(l) + "_s)\n"
                + (first() ? "" : d(l - 1) + "_s = f'(z" + (l - 1) + "_s) * (W" + l + "^T " + d(l) + "_s)    with "
                        + previous.derivativeFormula() + "\n")
                + "</pre>\n"
                + (first() ? "The first layer needs no input gradient.\n" : "");
        List<MethodSpec> methods = new ArrayList<>();
        if (plan.strategy() == Strategy.LOOPS) {
            methods.add(blockMethod("layer" + l + "Backward").addJavadoc(doc).addCode(backwardLoops()).build());
            methods.addAll(takeKernelMethods());
            return methods;
        }
        String sample = "layer" + l + "BackwardSample";
        methods.add(blockMethod("layer" + l + "Backward").addJavadoc(doc)
                .beginControlFlow("for (int s = 0; s < n; s++)")
                .addStatement("$L($L)", sample, sampleArgs())
                .endControlFlow().build());
        CodeBlock.Builder dispatch = CodeBlock.builder();
        List<MethodSpec> parts = new ArrayList<>();
        int rowsPerPart = plan.rowsPerPart();
        int count = plan.backwardParts();
        for (int p = 0; p < count; p++) {
            int i0 = p * rowsPerPart;
            int i1 = Math.min(in, i0 + rowsPerPart);
            String suffix = count == 1 ? "" : "Rows" + i0 + "To" + (i1 - 1);
            String name = "layer" + l + "WeightGradient" + suffix;
            dispatch.addStatement("$L($L)", name, partArgs());
            parts.add(method(name).addJavadoc("dW" + l + " rows " + i0 + " to " + (i1 - 1)
                    + (p == 0 ? " and db" + l : "") + " of layers." + l + " backward, sample in slot s.\n")
                    .addCode(weightGradientUnrolled(i0, i1, p == 0)).build());
        }
        if (!first()) {
            for (int p = 0; p < count; p++) {
                int i0 = p * rowsPerPart;
                int i1 = Math.min(in, i0 + rowsPerPart);
                String suffix = count == 1 ? "" : "Rows" + i0 + "To" + (i1 - 1);
                String name = "layer" + l + "InputGradient" + suffix;
                dispatch.addStatement("$L(s)", name);
                parts.add(MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE)
                        .addParameter(TypeName.INT, "s", Modifier.FINAL)
                        .addJavadoc(d(l - 1) + "[" + i0 + " to " + (i1 - 1) + "] of layers." + l + " backward, sample in slot s.\n")
                        .addCode(inputGradientUnrolled(i0, i1)).build());
            }
        }
        methods.add(method(sample).addJavadoc("layers." + l + " backward of the sample in slot s, straight-line.\n")
                .addCode(dispatch.build()).build());
        methods.addAll(parts);
        return methods;
    }

    private CodeBlock backwardLoops() {
        CodeBlock.Builder c = CodeBlock.builder();
        int in4 = in - in % BLOCK_ROWS;
        c.addStatement("final $T d = $L", num.matrix(), d(l));
        c.addStatement("final $T gb = $L", num.array(), gb(l));
        c.beginControlFlow("for (int s = 0; s < n; s++)");
        c.addStatement("final $T ds = d[s]", num.array());
        c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
        c.addStatement("gb[j] += ds[j]");
        c.endControlFlow();
        c.endControlFlow();
        String[] rows = names("g", BLOCK_ROWS);
        if (in4 > 0 && vector != null) {
            weightGradientVector(c, rows, in4);
        } else if (in4 > 0) {
            c.add("// gw[i] += " + inputName() + "_s[i] * d_s over samples s: axpys over gradient rows, which C2 vectorises.\n");
            c.add("// Register blocking: $L gradient rows x $L samples per pass, so each loaded d_s[j] serves $L rows\n",
                    BLOCK_ROWS, BLOCK_SAMPLES, BLOCK_ROWS);
            c.add("// and each gw[i][j] is loaded and stored once per $L samples. Blocks of zero inputs add nothing: skipped.\n",
                    BLOCK_SAMPLES);
            c.beginControlFlow("for (int i = 0; i < $L; i += $L)", in4, BLOCK_ROWS);
            declareRows(c, rows);
            weightGradientScalar(c, rows);
            c.endControlFlow();
        }
        if (in4 < in) {
            c.add("// The last $L input(s), one row at a time.\n", in - in4);
            c.beginControlFlow("for (int i = $L; i < $L; i++)", in4, in);
            c.addStatement("final $T g0 = $L[i]", num.array(), gw(l));
            c.beginControlFlow("for (int s = 0; s < n; s++)");
            declareCoefficients(c, new String[][] {{"c00"}}, new String[][] {{blockInput("s", "i", 0)}});
            c.addStatement("final $T e0 = d[s]", num.array());
            axpyBlock(c, new String[] {"g0"}, new String[] {"e0"}, new String[][] {{"c00"}});
            c.endControlFlow();
            c.endControlFlow();
        }
        if (!first()) {
            c.addStatement("final $T in = $L", num.matrix(), a(l - 1));
            c.addStatement("final $T dp = $L", num.matrix(), d(l - 1));
            c.add("// " + d(l - 1) + "_s[i] = f'(z" + (l - 1) + "_s[i]) * (W" + l + " d_s)[i], where (W" + l + " d_s)[i] = W" + l + "^T[i] . d_s.\n");
            c.beginControlFlow("if (n >= $L)", TRANSPOSE_MIN_SAMPLES);
            c.add("// Enough samples to pay for a transpose: copy W" + l + " = " + wt(l) + "[" + out + "][" + in + "] out of the stored\n");
            c.add("// W" + l + "^T, then W" + l + " d_s = sum_j d_s[j] * " + wt(l) + "[j] is a sum of axpys, which C2 vectorises.\n");
            c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
            c.addStatement("final $T wi = $L[i]", num.array(), w(l));
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("$L[j][i] = wi[j]", wt(l));
            c.endControlFlow();
            c.endControlFlow();
            c.beginControlFlow("for (int s = 0; s < n; s++)");
            c.addStatement("$T.fill(dp[s], $L)", Arrays.class, num.literal(0));
            c.endControlFlow();
            accumulateRows(c, d(l - 1) + "_s += d_s[j] * " + wt(l) + "[j] over units j", "dp", wt(l), out, in, "j", "i",
                    (sample, k, o) -> "d[" + sample + "][" + plus(k, o) + "]", "InputGradientVectors",
                    CodeBlock.builder().addStatement("final $T d = $L", num.matrix(), d(l))
                            .addStatement("final $T dp = $L", num.matrix(), d(l - 1)).build());
            c.beginControlFlow("for (int s = 0; s < n; s++)");
            c.addStatement("final $T as = in[s]", num.array());
            c.addStatement("final $T ds = dp[s]", num.array());
            c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
            c.addStatement("final $T ai = as[i]", num.type());
            c.addStatement("ds[i] = $L", previous.backward("ai", "ds[i]"));
            c.endControlFlow();
            c.endControlFlow();
            c.nextControlFlow("else");
            c.add("// Few samples: a dot product per stored row and sample (a reduction, which C2 keeps scalar).\n");
            c.beginControlFlow("for (int i = 0; i < $L; i++)", in);
            c.addStatement("final $T wi = $L[i]", num.array(), w(l));
            c.beginControlFlow("for (int s = 0; s < n; s++)");
            c.addStatement("final $T ds = d[s]", num.array());
            c.addStatement("$T sum = $L", num.type(), num.literal(0));
            c.beginControlFlow("for (int j = 0; j < $L; j++)", out);
            c.addStatement("sum += wi[j] * ds[j]");
            c.endControlFlow();
            c.addStatement("final $T ai = in[s][i]", num.type());
            c.addStatement("dp[s][i] = $L", previous.backward("ai", "sum"));
            c.endControlFlow();
            c.endControlFlow();
            c.endControlFlow();
        }
        return c.build();
    }

    /**
     * Inside the loop over blocks of {@value #BLOCK_ROWS} gradient rows {@code rows}: pairs of samples, then
     * the last sample, each one vectorisable loop over the units.
     */
    private void weightGradientScalar(CodeBlock.Builder c, String[] rows) {
        c.addStatement("int s = 0");
        c.beginControlFlow("for (; s + $L <= n; s += $L)", BLOCK_SAMPLES, BLOCK_SAMPLES);
        String[][] coef = new String[BLOCK_ROWS][BLOCK_SAMPLES];
        String[][] value = new String[BLOCK_ROWS][BLOCK_SAMPLES];
        for (int r = 0; r < BLOCK_ROWS; r++) {
            for (int k = 0; k < BLOCK_SAMPLES; k++) {
                coef[r][k] = "c" + r + k;
                value[r][k] = blockInput(plus("s", k), "i", r);
            }
        }
        declareCoefficients(c, coef, value);
        String[] vec = names("e", BLOCK_SAMPLES);
        for (int k = 0; k < BLOCK_SAMPLES; k++) {
            c.addStatement("final $T $L = d[$L]", num.array(), vec[k], plus("s", k));
        }
        axpyBlock(c, rows, vec, coef);
        c.endControlFlow();
        c.beginControlFlow("for (; s < n; s++)");
        String[][] coef1 = new String[BLOCK_ROWS][1];
        String[][] value1 = new String[BLOCK_ROWS][1];
        for (int r = 0; r < BLOCK_ROWS; r++) {
            coef1[r][0] = coef[r][0];
            value1[r][0] = value[r][0];
        }
        declareCoefficients(c, coef1, value1);
        c.addStatement("final $T e0 = d[s]", num.array());
        axpyBlock(c, rows, new String[] {"e0"}, coef1);
        c.endControlFlow();
    }

    /** {@code final float[] g0 = gw<l>[i]; ...}: the gradient rows of one register block. */
    private void declareRows(CodeBlock.Builder c, String[] rows) {
        for (int k = 0; k < rows.length; k++) {
            c.addStatement("final $T $L = $L[$L]", num.array(), rows[k], gw(l), plus("i", k));
        }
    }

    /**
     * Weight-gradient rows 0 to {@code in4 - 1}: the Vector API kernel in a method of its own (see
     * {@link #kernelMethod}), then scalar loops for the columns it leaves.
     */
    private void weightGradientVector(CodeBlock.Builder c, String[] rows, int in4) {
        // the kernel's register block is a block of gradient rows g0..g3
        assert VectorKernelEmitter.SAMPLES == BLOCK_ROWS;
        String what = "gw[i] += " + inputName() + "_s[i] * d_s over samples s";
        c.add("// " + what + ": Vector API kernel, then scalar loops for the last columns; blocks of fewer than\n");
        c.add("// $L samples take the scalar kernel alone (measured faster at batch 1).\n", VectorKernelEmitter.SAMPLES);
        CodeBlock.Builder kernel = CodeBlock.builder();
        kernel.addStatement("final $T d = $L", num.matrix(), d(l));
        kernel.beginControlFlow("for (int i = 0; i < $L; i += $L)", in4, BLOCK_ROWS);
        declareRows(kernel, rows);
        vector.accumulateOuter(kernel, "d", out, this::blockInput);
        kernel.endControlFlow();
        String method = kernelMethod("WeightGradientVectors", what, kernel.build());
        // jg, not jv: the input gradient below declares jv in an enclosed block
        c.addStatement("final int jg = n >= $L ? $L : 0", VectorKernelEmitter.SAMPLES, VectorKernelEmitter.vectorColumns(out));
        c.beginControlFlow("if (jg > 0)");
        c.addStatement("$L($L)", method, first() ? "x, xo, n" : "n");
        c.endControlFlow();
        c.beginControlFlow("if (jg < $L)", out);
        c.beginControlFlow("for (int i = 0; i < $L; i += $L)", in4, BLOCK_ROWS);
        declareRows(c, rows);
        c.beginControlFlow("for (int s = 0; s < n; s++)");
        String[][] coef = new String[BLOCK_ROWS][1];
        String[][] value = new String[BLOCK_ROWS][1];
        for (int r = 0; r < BLOCK_ROWS; r++) {
            coef[r][0] = "c" + r + "0";
            value[r][0] = blockInput("s", "i", r);
        }
        declareCoefficients(c, coef, value);
        c.addStatement("final $T e0 = d[s]", num.array());
        axpyBlock(c, rows, new String[] {"e0"}, coef, "j", "jg", out);
        c.endControlFlow();
        c.endControlFlow();
        c.endControlFlow();
    }

    private void declareDeltas(CodeBlock.Builder c) {
        c.addStatement("final $T d = $L[s]", num.array(), d(l));
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
        c.addStatement("final $T in = $L[s]", num.array(), a(l - 1));
        c.addStatement("final $T dp = $L[s]", num.array(), d(l - 1));
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
