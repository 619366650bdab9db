package org.fnnc.spec;

/** Which arithmetic the generator writes for its kernels (see docs/generator.md, "Vector API kernels"). */
public enum Kernels implements YamlEnum {
    /**
     * Plain Java loops shaped so that C2's auto-vectoriser turns them into SIMD code. Runs on every JVM:
     * the default.
     */
    SCALAR,
    /**
     * Explicit SIMD through the JDK's incubating Vector API ({@code jdk.incubator.vector}): register-blocked
     * kernels that keep outputs in vector registers for loop layers, and training on sample lanes (one vector
     * holds one feature of several samples) for networks of straight-line layers. Opt-in: the JVM that compiles
     * and runs the class needs {@code --add-modules jdk.incubator.vector}.
     */
    VECTOR_API;

    /** The module the {@link #VECTOR_API} kernels use. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
}
