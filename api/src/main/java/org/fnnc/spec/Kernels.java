package org.fnnc.spec;

/** Which arithmetic the generator writes for its loop layers (see docs/generator.md and docs/kernels.md). */
public enum Kernels implements YamlEnum {
    /**
     * The default: loop layers call fnnc-api's precompiled kernel library ({@code org.fnnc.kernels}) with
     * compile-time-constant shapes. The library runs its Vector API register tiles when the JVM has
     * {@code jdk.incubator.vector} in the boot layer and its scalar loops otherwise (chosen once, when it
     * loads). The generated class itself needs no module and no compiler flags.
     */
    AUTO,
    /**
     * Plain Java loops written into the class, shaped so that C2's auto-vectoriser turns them into SIMD code.
     * Runs on every JVM.
     */
    SCALAR,
    /**
     * Explicit SIMD through the JDK's incubating Vector API ({@code jdk.incubator.vector}) written into the
     * class: register-blocked kernels that keep outputs in vector registers for loop layers, and training on
     * sample lanes (one vector holds one feature of several samples) for networks of straight-line layers.
     * Opt-in: the JVM that compiles and runs the class needs {@code --add-modules jdk.incubator.vector}.
     */
    VECTOR_API;

    /** The module the {@link #VECTOR_API} kernels, and the library's vector kernels under {@link #AUTO}, use. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
}
