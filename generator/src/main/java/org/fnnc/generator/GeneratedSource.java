package org.fnnc.generator;

import java.nio.file.Path;
import org.fnnc.generator.plan.NetworkPlan;
import org.fnnc.spec.NetworkSpec;

/**
 * A generated Java compilation unit.
 *
 * @param spec          the spec it implements
 * @param qualifiedName the class's fully qualified name
 * @param text          the Java source
 * @param plan          the plan it follows
 */
public record GeneratedSource(NetworkSpec spec, String qualifiedName, String text, NetworkPlan plan) {

    /** Path of the source file relative to a source root, e.g. {@code org/example/MnistMlp.java}. */
    public Path relativePath() {
        return Path.of(qualifiedName.replace('.', '/') + ".java");
    }

    /**
     * Whether the class uses the JDK's incubating Vector API, so that compiling and running it needs
     * {@code --add-modules jdk.incubator.vector}: exactly when the spec asks for {@code kernels: vector_api}, since
     * a network either has a loop layer (vector loops) or only straight-line layers (sample lanes).
     */
    public boolean usesVectorApi() {
        return plan.usesVectorApi();
    }

    public String simpleName() {
        int dot = qualifiedName.lastIndexOf('.');
        return dot < 0 ? qualifiedName : qualifiedName.substring(dot + 1);
    }
}
