package org.fnnc.kernels;

/**
 * Keeps the vector kernels' entry points out of their callers' compilations (hazard 6 in docs/kernels.md).
 *
 * <p>On JDK 17, a vector kernel that C2 inlines deep into a caller can lose the Vector API's intrinsics: the API's
 * own force-inlined chain under the kernel then crosses {@code MaxInlineLevel} (15), and every vector in it is boxed
 * (784-128-10 trained one sample at a time allocated 1.8 MB per step and ran 20 times slower). How deep a kernel
 * lands depends on the caller and on which method C2 compiles as the root, and varies from one JVM to the next; a
 * method that C2 compiles on its own starts at depth 0, where the chain fits. An application cannot mark a method
 * out of line (HotSpot's {@code @DontInline} is honoured in the JDK's own classes only, {@code -XX:CompileCommand}
 * belongs to the user's command line), but C2 does not inline a callee of more than {@code FreqInlineSize} (325)
 * bytecode bytes, however hot the call. So every entry point of the vector kernels begins with
 * <pre>
 *     if (OutOfLine.NEVER) {
 *         OutOfLine.pad(new byte[] {0, 0, ...});    // 64 zeros: 327 bytecode bytes
 *     }
 * </pre>
 * The branch never runs, and C2 folds {@link #NEVER} and drops it (no machine code in the compiled kernel), but its
 * bytes count. {@code KernelAllocationTest} checks that every entry point exceeds the running JVM's
 * {@code FreqInlineSize} and that C2 inlines none of them in a probe's JVM. The cost is one call per kernel call.
 */
final class OutOfLine {

    /** False, but not a compile-time constant: javac keeps the branches it guards. */
    static final boolean NEVER = Boolean.FALSE.booleanValue();

    private OutOfLine() {
    }

    /** Never called: its argument is the padding. */
    static void pad(byte[] padding) {
        throw new AssertionError("OutOfLine.pad runs only if OutOfLine.NEVER is true");
    }
}
