package org.fnnc.generator.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import javax.lang.model.element.Modifier;
import org.fnnc.spec.Activation;
import org.fnnc.spec.InitScheme;
import org.fnnc.spec.InitSpec;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;

/**
 * Writes {@code specification()}: the spec rebuilt in code, so the class needs no spec file at run time. The
 * training settings are spelled by name through {@link TrainingSpec#builder()}, only those that differ from
 * {@link TrainingSpec#DEFAULT}, one per line: {@code .training(TrainingSpec.builder().learningRate(0.05).epochs(6).build())}.
 */
final class SpecificationEmitter {

    private final NetworkSpec spec;

    SpecificationEmitter(NetworkSpec spec) {
        this.spec = spec;
    }

    MethodSpec method() {
        CodeBlock.Builder c = CodeBlock.builder();
        c.add("return $T.builder($S)\n", NetworkSpec.class, spec.name()).indent().indent();
        c.add(".packageName($S)\n", spec.packageName());
        c.add(".input($L)\n", spec.input());
        for (LayerSpec layer : spec.layers()) {
            c.add(".layer(new $T($L, $T.$N, $L, $T.$N))\n", LayerSpec.class, layer.units(), Activation.class,
                    layer.activation().name(), layer.alpha(), UnrollMode.class, layer.unroll().name());
        }
        c.add(".loss($T.$N)\n", Loss.class, spec.loss().name());
        c.add(".precision($T.$N)\n", Precision.class, spec.precision().name());
        InitSpec init = spec.init();
        c.add(".init(new $T($T.$N, $LL, $L))\n", InitSpec.class, InitScheme.class, init.scheme().name(),
                init.seed(), init.scale());
        if (!spec.training().equals(TrainingSpec.DEFAULT)) {
            c.add(".training($L)\n", training(spec.training()));
        }
        c.add(".unroll(new $T($T.$N, $L))\n", UnrollSpec.class, UnrollMode.class, spec.unroll().mode().name(),
                spec.unroll().threshold());
        if (spec.kernels() != Kernels.AUTO) {
            c.add(".kernels($T.$N)\n", Kernels.class, spec.kernels().name());
        }
        c.add(".build();\n").unindent().unindent();
        return MethodSpec.methodBuilder("specification").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(NetworkSpec.class)
                .addJavadoc("The spec this class was generated from.\n")
                .addCode(c.build()).build();
    }

    /**
     * {@code TrainingSpec.builder().name(value)...build()} for the settings that differ from the default, each
     * setter named as its record component (so a setting added to the record needs nothing here).
     */
    static CodeBlock training(TrainingSpec t) {
        CodeBlock.Builder c = CodeBlock.builder().add("$T.builder()$>$>", TrainingSpec.class);
        for (RecordComponent component : TrainingSpec.class.getRecordComponents()) {
            Object value = valueOf(component, t);
            if (!value.equals(valueOf(component, TrainingSpec.DEFAULT))) {
                c.add("\n.$N($L)", component.getName(), literal(value));
            }
        }
        return c.add("\n.build()$<$<").build();
    }

    private static Object valueOf(RecordComponent component, TrainingSpec t) {
        try {
            return component.getAccessor().invoke(t);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read TrainingSpec." + component.getName(), e);
        }
    }

    /** A Java literal of a setting's value: an enum constant, a long, or a number. */
    private static CodeBlock literal(Object value) {
        if (value instanceof Enum<?> e) {
            return CodeBlock.of("$T.$N", e.getDeclaringClass(), e.name());
        }
        if (value instanceof Long l) {
            return CodeBlock.of("$LL", l);
        }
        if (value instanceof Integer || value instanceof Double) {
            return CodeBlock.of("$L", value);
        }
        throw new IllegalStateException("no literal for a " + value.getClass().getSimpleName() + " setting");
    }
}
