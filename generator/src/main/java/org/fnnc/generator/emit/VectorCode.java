package org.fnnc.generator.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Vector API expressions in generated code ({@code kernels: vector_api}), written so that C2 compiles every
 * call without a type profile.
 *
 * <p>C2 keeps a vector in a register only if it inlines every Vector API call that touches it, and most of
 * those calls are virtual: {@code v.fma(a, b)} ends in the abstract {@code lanewise}, implemented once per
 * vector class ({@code Float512Vector}, ...). C2 binds such a call statically only when it knows the
 * receiver's exact class at the time it parses the call; otherwise it binds it from a type profile. Which
 * profile exists is an accident of timing: a generated method that was only ever run by the C1 tier that
 * does not profile, or a JDK method that is always inlined (its profile counts as immature), has none, and C2
 * then leaves the call virtual and allocates every vector it touches. Measured (Zen 5): the sample-lane
 * kernels of a 4-16-3 network allocated 1,920-10,176 bytes per training step in some runs on JDK 17 and 25,
 * and the lane and loop kernels 4.5 KB (JDK 25) to 420 KB (JDK 17) per call in every run with
 * {@code -XX:-UseTypeProfile}.
 *
 * <p>So every vector operand, receiver or argument, is cast to the species' vector class ({@link #exact}):
 * a {@code Class.cast} with a constant class, which C2 turns into a cast to the exact class while parsing (it
 * is an intrinsic, not subject to inlining budgets, and folds away once the vector's class is known). A
 * vector that was not just cast - fresh from {@code fromArray}, {@code broadcast} or {@code zero}, the result
 * of a call C2 inlines late (past its node budget), or a local that lives across a loop header - is known
 * only as {@code FloatVector}; a vector intrinsic also refuses an argument of unknown class (seen for
 * {@code a.mul(a)}). A helper method would read better but is not reliably inlined in a large compilation.
 * With every operand cast, the generated Vector API code allocates nothing with or without type profiles
 * ({@code AllocationTest} runs both ways).
 */
final class VectorCode {

    /** Name of the species constant in generated code. */
    static final String SPECIES = "VS";
    /** Name of the lane-count constant in generated code. */
    static final String LANES = "VL";
    /** Name of the constant holding the species' vector class in generated code. */
    static final String VECTOR_CLASS = "VC";
    /** {@code jdk.incubator.vector.VectorOperators} (named, not referenced: the generator runs without the module). */
    static final ClassName OPS = ClassName.get("jdk.incubator.vector", "VectorOperators");

    private final Numeric num;
    private final ClassName vector;

    VectorCode(Numeric num) {
        this.num = num;
        this.vector = num.vectorClass();
    }

    /** {@code FloatVector} or {@code DoubleVector}. */
    ClassName type() {
        return vector;
    }

    /** The class constants: the species, its lane count and its vector class. */
    List<FieldSpec> constants() {
        List<FieldSpec> fields = new ArrayList<>();
        fields.add(FieldSpec.builder(num.vectorSpecies(), SPECIES, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Vector API species of the kernels: the widest vectors this CPU runs well\n"
                        + "(kernels: vector_api; needs --add-modules jdk.incubator.vector).\n")
                .initializer("$T.SPECIES_PREFERRED", vector).build());
        fields.add(FieldSpec.builder(int.class, LANES, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Lanes per vector.\n")
                .initializer("$L.length()", SPECIES).build());
        fields.add(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(Class.class),
                                WildcardTypeName.subtypeOf(Object.class)),
                        VECTOR_CLASS, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("The species' vector class. Every Vector API call is made on a vector cast to it, so that\n"
                        + "C2 knows the receiver's exact class and inlines the call without a type profile (a call\n"
                        + "it leaves virtual allocates every vector it touches).\n")
                .initializer("$L.vectorType()", SPECIES).build());
        return fields;
    }

    /** {@code expr} (a vector) cast to the species' vector class: every vector operand is written so. */
    CodeBlock exact(Object expr) {
        return CodeBlock.of("(($T) $L.cast($L))", vector, VECTOR_CLASS, expr);
    }

    /** The lane-wise arithmetic of two vectors, or of a vector and a scalar ({@link #withScalar}). */
    enum Op {
        ADD("add"), SUB("sub"), MUL("mul"), DIV("div"), MAX("max");

        private final String method;

        Op(String method) {
            this.method = method;
        }
    }

    /** {@code a op b}, both vectors. */
    CodeBlock binary(Object a, Op op, Object b) {
        return CodeBlock.of("$L.$N($L)", exact(a), op.method, exact(b));
    }

    /** {@code a op s}, {@code s} a scalar. */
    CodeBlock withScalar(Object a, Op op, Object s) {
        return CodeBlock.of("$L.$N($L)", exact(a), op.method, s);
    }

    /** {@code a.neg()} or {@code a.abs()}. */
    CodeBlock unary(Object a, String method) {
        return CodeBlock.of("$L.$N()", exact(a), method);
    }

    /** {@code a * b + c}, fused (one rounding). */
    CodeBlock fma(Object a, Object b, Object c) {
        return CodeBlock.of("$L.fma($L, $L)", exact(a), exact(b), exact(c));
    }

    /** {@code a.lanewise(VectorOperators.OP)}, e.g. {@code EXP}. */
    CodeBlock lanewise(Object a, String op) {
        return CodeBlock.of("$L.lanewise($T.$L)", exact(a), OPS, op);
    }

    /** {@code mask ? b : a} per lane. */
    CodeBlock blend(Object a, Object b, Object mask) {
        return CodeBlock.of("$L.blend($L, $L)", exact(a), exact(b), mask);
    }

    /** {@code mask ? s : a} per lane, {@code s} a scalar. */
    CodeBlock blendScalar(Object a, Object s, Object mask) {
        return CodeBlock.of("$L.blend($L, $L)", exact(a), s, mask);
    }

    /** The mask of lanes where {@code a OP s} ({@code op} a {@code VectorOperators} comparison, e.g. {@code LE}). */
    CodeBlock compare(Object a, String op, Object s) {
        return CodeBlock.of("$L.compare($T.$L, $L)", exact(a), OPS, op, s);
    }

    /** The sum of {@code a}'s lanes. */
    CodeBlock reduceAdd(Object a) {
        return CodeBlock.of("$L.reduceLanes($T.ADD)", exact(a), OPS);
    }

    /** {@code a.intoArray(array, offset)}. */
    CodeBlock store(Object a, Object array, Object offset) {
        return CodeBlock.of("$L.intoArray($L, $L)", exact(a), array, offset);
    }

    /** {@code FloatVector.fromArray(VS, array, offset)} (offset an expression). */
    CodeBlock load(Object array, Object offset) {
        return CodeBlock.of("$T.fromArray($L, $L, $L)", vector, SPECIES, array, offset);
    }

    /** {@code FloatVector.broadcast(VS, value)}. */
    CodeBlock broadcast(Object value) {
        return CodeBlock.of("$T.broadcast($L, $L)", vector, SPECIES, value);
    }

    /** {@code FloatVector.zero(VS)}. */
    CodeBlock zero() {
        return CodeBlock.of("$T.zero($L)", vector, SPECIES);
    }

}
