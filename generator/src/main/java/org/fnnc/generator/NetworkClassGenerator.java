package org.fnnc.generator;

import org.fnnc.generator.emit.ClassEmitter;
import org.fnnc.generator.plan.NetworkPlan;
import org.fnnc.generator.plan.Planner;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecException;

/**
 * Generates the Java class for a spec in two steps: the {@link Planner} turns the spec into a
 * {@link NetworkPlan} (package {@code org.fnnc.generator.plan}: every decision about the code, made once), and
 * the {@link ClassEmitter} turns the plan into source (package {@code org.fnnc.generator.emit}). The class is
 * compiled elsewhere: by javac in a build (fnnc-maven-plugin, {@code fnnc generate}) or by Janino at run time
 * (fnnc-compiler).
 */
public final class NetworkClassGenerator {

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
        NetworkPlan plan = Planner.plan(spec);
        String text = ClassEmitter.emit(spec, plan);
        long bytes = text.length(); // ASCII: names are ASCII identifiers, comments are sanitised
        if (bytes > options.maxSourceBytes()) {
            throw new SpecException(spec.origin().diagnostic("", "the generated source of " + spec.name() + " is "
                    + bytes + " bytes, more than the limit of " + options.maxSourceBytes() + " bytes",
                    "unroll less (unroll: loops, or a lower unroll threshold), or raise the limit with "
                            + "GeneratorOptions.withMaxSourceBytes if a source this large is intended"));
        }
        return new GeneratedSource(spec, spec.qualifiedName(), text, plan);
    }
}
