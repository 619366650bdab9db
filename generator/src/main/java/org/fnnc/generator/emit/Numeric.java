package org.fnnc.generator.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.FloatParameters;
import org.fnnc.spec.Precision;

/** Spelling of the generated code's number type: {@code float} or {@code double}, literals and casts. */
enum Numeric {
    FLOAT("float", "f", FloatNetwork.class, FloatParameters.class),
    DOUBLE("double", "", DoubleNetwork.class, DoubleParameters.class);

    private final String keyword;
    private final String suffix;
    private final ClassName networkInterface;
    private final ClassName parametersClass;

    Numeric(String keyword, String suffix, Class<?> networkInterface, Class<?> parametersClass) {
        this.keyword = keyword;
        this.suffix = suffix;
        this.networkInterface = ClassName.get(networkInterface);
        this.parametersClass = ClassName.get(parametersClass);
    }

    static Numeric of(Precision p) {
        return p == Precision.FLOAT ? FLOAT : DOUBLE;
    }

    /** {@code float} or {@code double}. */
    String keyword() {
        return keyword;
    }

    TypeName type() {
        return this == FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
    }

    TypeName array() {
        return ArrayTypeName.of(type());
    }

    TypeName matrix() {
        return ArrayTypeName.of(array());
    }

    ClassName networkInterface() {
        return networkInterface;
    }

    ClassName parametersClass() {
        return parametersClass;
    }

    /**
     * The Vector API class of this type, {@code jdk.incubator.vector.FloatVector} or {@code DoubleVector}
     * (named, not referenced: the generator itself runs without the incubator module).
     */
    ClassName vectorClass() {
        return ClassName.get("jdk.incubator.vector", this == FLOAT ? "FloatVector" : "DoubleVector");
    }

    /** {@code VectorSpecies<Float>} or {@code VectorSpecies<Double>}. */
    TypeName vectorSpecies() {
        return ParameterizedTypeName.get(ClassName.get("jdk.incubator.vector", "VectorSpecies"),
                this == FLOAT ? ClassName.get(Float.class) : ClassName.get(Double.class));
    }

    /** A literal of this type: {@code 0.01f} or {@code 0.01}. */
    String literal(double value) {
        return this == FLOAT ? Float.toString((float) value) + suffix : Double.toString(value);
    }

    /**
     * {@code expr} (a double-valued expression) narrowed to this type: {@code (float) e} for a simple name,
     * {@code (float) (e)} otherwise; unchanged for double.
     */
    CodeBlock fromDouble(Object expr) {
        if (this == DOUBLE) {
            return CodeBlock.of("$L", expr);
        }
        boolean simpleName = expr.toString().matches("[A-Za-z_][A-Za-z0-9_]*");
        return CodeBlock.of(simpleName ? "(float) $L" : "(float) ($L)", expr);
    }
}
