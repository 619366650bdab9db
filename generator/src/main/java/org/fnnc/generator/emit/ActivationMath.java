package org.fnnc.generator.emit;

import static org.fnnc.generator.emit.VectorCode.Op.ADD;
import static org.fnnc.generator.emit.VectorCode.Op.DIV;
import static org.fnnc.generator.emit.VectorCode.Op.MAX;
import static org.fnnc.generator.emit.VectorCode.Op.MUL;
import static org.fnnc.generator.emit.VectorCode.Op.SUB;

import com.palantir.javapoet.CodeBlock;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;

/**
 * Every activation the generator knows, each defined once, in one row: its formula and derivative as comment
 * text, its value {@code a = f(z)} and its backward step {@code d * f'(z)} as scalar Java, and the same two as
 * Vector API code on lanes. The derivative is written from the stored activation {@code a} wherever that is
 * cheaper than from {@code z}: sigmoid' = a(1 - a), tanh' = 1 - a², relu' = a &gt; 0 ? 1 : 0 (so relu'(0) =
 * 0), leaky' = a &gt; 0 ? 1 : alpha (so leaky'(0) = alpha), as the interpreter defines them.
 *
 * <p>A new activation is one row here (named like its {@link Activation}) and one case in the interpreter.
 * Operands are simple names or array elements and may be evaluated twice; {@code alpha} is a literal of the
 * layer's parameter. NaN propagates: {@code Math.max} returns NaN, and a false comparison selects the NaN
 * branch.
 */
enum ActivationMath {

    RELU(Shape.ELEMENTWISE, alpha -> "relu(z) = max(z, 0)", alpha -> "relu' = a > 0 ? 1 : 0",
            (n, z, alpha) -> CodeBlock.of("Math.max($L, $L)", z, n.literal(0)),
            (n, a, d, alpha) -> CodeBlock.of("$L > $L ? $L : $L", a, n.literal(0), d, n.literal(0)),
            (v, n, z, alpha) -> v.withScalar(z, MAX, n.literal(0)),
            (v, n, a, d, alpha) -> v.blendScalar(d, n.literal(0), v.compare(a, "LE", n.literal(0)))),

    /** Vector value: max(z, alpha z) = leaky_relu(z) for 0 &lt;= alpha &lt; 1. */
    LEAKY_RELU(Shape.ELEMENTWISE, alpha -> "leaky_relu(z) = z > 0 ? z : " + alpha + " z",
            alpha -> "leaky_relu' = a > 0 ? 1 : " + alpha,
            (n, z, alpha) -> CodeBlock.of("$L > $L ? $L : $L * $L", z, n.literal(0), z, alpha, z),
            (n, a, d, alpha) -> CodeBlock.of("$L > $L ? $L : $L * ($L)", a, n.literal(0), d, alpha, d),
            (v, n, z, alpha) -> v.binary(z, MAX, v.withScalar(z, MUL, alpha)),
            (v, n, a, d, alpha) -> v.blend(d, v.withScalar(d, MUL, alpha), v.compare(a, "LE", n.literal(0)))),

    SIGMOID(Shape.ELEMENTWISE, alpha -> "sigmoid(z) = 1 / (1 + e^-z)", alpha -> "sigmoid' = a (1 - a)",
            (n, z, alpha) -> n.fromDouble(CodeBlock.of("1.0 / (1.0 + Math.exp(-($L)))", z)),
            (n, a, d, alpha) -> CodeBlock.of("($L) * $L * ($L - $L)", d, a, n.literal(1), a),
            (v, n, z, alpha) -> v.binary(v.broadcast(n.literal(1)), DIV,
                    v.withScalar(v.lanewise(v.unary(z, "neg"), "EXP"), ADD, n.literal(1))),
            (v, n, a, d, alpha) -> v.binary(v.binary(d, MUL, a), MUL,
                    v.binary(v.broadcast(n.literal(1)), SUB, a))),

    TANH(Shape.ELEMENTWISE, alpha -> "tanh(z)", alpha -> "tanh' = 1 - a^2",
            (n, z, alpha) -> n.fromDouble(CodeBlock.of("Math.tanh($L)", z)),
            (n, a, d, alpha) -> CodeBlock.of("($L) * ($L - $L * $L)", d, n.literal(1), a, a),
            (v, n, z, alpha) -> v.lanewise(z, "TANH"),
            (v, n, a, d, alpha) -> v.binary(d, MUL, v.binary(v.broadcast(n.literal(1)), SUB,
                    v.binary(a, MUL, a)))),

    LINEAR(Shape.IDENTITY, alpha -> "linear(z) = z", alpha -> "linear' = 1",
            (n, z, alpha) -> CodeBlock.of("$L", z),
            (n, a, d, alpha) -> CodeBlock.of("$L", d),
            (v, n, z, alpha) -> CodeBlock.of("$L", z),
            (v, n, a, d, alpha) -> CodeBlock.of("$L", d)),

    /**
     * Output layer only, always fused with cross-entropy: {@link LossMath#CROSS_ENTROPY} differentiates it
     * with the loss, and {@code predict} normalises the exponentials of a whole row ({@link Output}).
     */
    SOFTMAX(Shape.ROW, alpha -> "softmax(z)_j = e^(z_j - max z) / sum_k e^(z_k - max z)", null, null, null, null, null);

    /** How the activation applies to a layer's outputs. */
    enum Shape {
        /** Each output alone. */
        ELEMENTWISE,
        /** Each output alone, and f(z) = z: forward passes skip it. */
        IDENTITY,
        /** A whole row at once (softmax): no elementwise value or derivative. */
        ROW
    }

    /** Comment text, given alpha's literal. */
    @FunctionalInterface
    interface Formula {
        String text(String alpha);
    }

    /** {@code f(z)}, scalar. */
    @FunctionalInterface
    interface ScalarValue {
        CodeBlock code(Numeric num, Object z, String alpha);
    }

    /** {@code d * f'(z)}, scalar, from the activation {@code a}. */
    @FunctionalInterface
    interface ScalarBackward {
        CodeBlock code(Numeric num, Object a, Object d, String alpha);
    }

    /** {@code f(z)} on lanes. */
    @FunctionalInterface
    interface VectorValue {
        CodeBlock code(VectorCode v, Numeric num, Object z, String alpha);
    }

    /** {@code d * f'(z)} on lanes, from the activation lanes {@code a}. */
    @FunctionalInterface
    interface VectorBackward {
        CodeBlock code(VectorCode v, Numeric num, Object a, Object d, String alpha);
    }

    /** A row's parts; null where a row-wise activation has none. */
    private record Parts(Formula formula, Formula derivativeFormula, ScalarValue value, ScalarBackward backward,
                         VectorValue vectorValue, VectorBackward vectorBackward) {
    }

    private final Shape shape;
    private final Parts parts;

    ActivationMath(Shape shape, Formula formula, Formula derivativeFormula, ScalarValue value,
                   ScalarBackward backward, VectorValue vectorValue, VectorBackward vectorBackward) {
        this.shape = shape;
        this.parts = new Parts(formula, derivativeFormula, value, backward, vectorValue, vectorBackward);
    }

    /** The definition of {@code activation} (the row of the same name). */
    static ActivationMath of(Activation activation) {
        return valueOf(activation.name());
    }

    /** A layer's activation with its parameter bound: what the emitters use. */
    static Bound of(LayerSpec layer, Numeric num) {
        return new Bound(of(layer.activation()), num, num.literal(layer.alpha()));
    }

    /** Whether {@code f(z) = z}: then forward passes skip applying it. */
    boolean isIdentity() {
        return shape == Shape.IDENTITY;
    }

    /** Whether {@code f} applies to each output alone (all but softmax). */
    boolean isElementwise() {
        return shape != Shape.ROW;
    }

    /** The part of the definition a caller needs; a row-wise activation has no elementwise parts. */
    private <T> T part(T part, String what) {
        if (part == null) {
            throw new IllegalStateException(this + " has no " + what + ": it is fused with the loss");
        }
        return part;
    }

    /** An activation bound to a layer's alpha and the generated code's number type. */
    record Bound(ActivationMath math, Numeric num, String alpha) {

        /** The formula for comments, e.g. {@code relu(z) = max(z, 0)}. */
        String formula() {
            return math.parts.formula().text(alpha);
        }

        /** The derivative for comments, e.g. {@code relu' = a > 0 ? 1 : 0}. */
        String derivativeFormula() {
            return math.part(math.parts.derivativeFormula(), "stand-alone derivative").text(alpha);
        }

        boolean isIdentity() {
            return math.isIdentity();
        }

        /** {@code f(z)}, scalar. */
        CodeBlock value(Object z) {
            return math.part(math.parts.value(), "elementwise value").code(num, z, alpha);
        }

        /** {@code d * f'(z)}, scalar, from the activation value {@code a}. */
        CodeBlock backward(Object a, Object d) {
            return math.part(math.parts.backward(), "stand-alone derivative").code(num, a, d, alpha);
        }

        /** {@code f(z)} on a lane vector. */
        CodeBlock vectorValue(VectorCode v, Object z) {
            return math.part(math.parts.vectorValue(), "elementwise value").code(v, num, z, alpha);
        }

        /** {@code d * f'(z)} on lane vectors, from the activation lanes {@code a}. */
        CodeBlock vectorBackward(VectorCode v, Object a, Object d) {
            return math.part(math.parts.vectorBackward(), "stand-alone derivative").code(v, num, a, d, alpha);
        }
    }
}
