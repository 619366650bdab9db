package org.fnnc.spec;

/**
 * Which arithmetic the generator writes for loop layers (see docs/generator.md, "Vector API kernels").
 * Fully unrolled layers are straight-line scalar code either way.
 */
public enum Kernels implements YamlEnum {
    /**
     * Plain Java loops shaped so that C2's auto-vectoriser turns them into SIMD code. Runs on every JVM:
     * the default.
     */
    SCALAR,
    /**
     * Explicit SIMD through the JDK's incubating Vector API ({@code jdk.incubator.vector}): register-blocked
     * kernels that keep outputs in vector registers. Opt-in: the JVM that compiles and runs the class needs
     * {@code --add-modules jdk.incubator.vector}.
     */
    VECTOR_API;

    /** The module the {@link #VECTOR_API} kernels use. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
}
