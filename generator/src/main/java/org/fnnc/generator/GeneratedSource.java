package org.fnnc.generator;

import java.nio.file.Path;
import org.fnnc.spec.NetworkSpec;

/**
 * A generated Java compilation unit.
 *
 * @param spec          the spec it implements
 * @param qualifiedName the class's fully qualified name
 * @param text          the Java source
 * @param plan          the unroll plan it follows
 */
public record GeneratedSource(NetworkSpec spec, String qualifiedName, String text, UnrollPlan plan) {

    /** Path of the source file relative to a source root, e.g. {@code org/example/MnistMlp.java}. */
    public Path relativePath() {
        return Path.of(qualifiedName.replace('.', '/') + ".java");
    }

    /**
     * Whether the class uses the JDK's incubating Vector API ({@code kernels: vector_api}: loop layers get
     * vector kernels, and a network of straight-line layers gets sample-lane training kernels), so that
     * compiling and running it needs {@code --add-modules jdk.incubator.vector}.
     */
    public boolean usesVectorApi() {
        return LaneKernelEmitter.applies(spec, plan)
                || plan.layers().stream().anyMatch(layer -> VectorKernelEmitter.applies(spec, layer));
    }

    public String simpleName() {
        int dot = qualifiedName.lastIndexOf('.');
        return dot < 0 ? qualifiedName : qualifiedName.substring(dot + 1);
    }
}
