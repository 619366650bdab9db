package org.fnnc.generator.plan;

/**
 * The JVM limits the planner designs for, and its size model of generated code.
 *
 * <p>HotSpot never JIT-compiles a method over 8,000 bytecode bytes ({@code DontCompileHugeMethods}); such a
 * method runs interpreted, 25–60× slower. The planner therefore keeps every generated method under
 * {@link #METHOD_BUDGET} bytes, using a size model fitted to the code this generator emits (javac and Janino
 * emit the same sizes to within a few percent) and verified by {@code MethodSizeTest} on compiled classes.
 */
public final class BytecodeBudget {

    /** HotSpot's {@code HugeMethodLimit}: larger methods are never compiled by C1 or C2. */
    public static final int HUGE_METHOD_LIMIT = 8000;

    /** Largest method the planner will emit, leaving headroom under {@link #HUGE_METHOD_LIMIT}. */
    public static final int METHOD_BUDGET = 7000;

    /**
     * Most multiply-adds one class may fully unroll, over all layers and passes (forward, weight gradient,
     * input gradient). About 1 MB of bytecode and a few seconds of compile time; beyond it full unrolling
     * only costs compile time and instruction cache.
     */
    public static final long MAX_UNROLLED_MACS_PER_CLASS = 60_000;

    /**
     * Upper bound of bytes per straight-line multiply-add ({@code + inK * rowK[j]}): two local loads, an
     * index push (sipush above 127), an array load, a multiply and an add. Measured 13–15 for float and double.
     */
    public static final int BYTES_PER_MAC = 16;

    /** Per unit or row: the store, bias or accumulator load, activation or derivative, and locals set-up. */
    static final int BYTES_PER_LINE = 40;

    /** Method prologue and epilogue. */
    static final int BYTES_FIXED = 64;

    private BytecodeBudget() {
    }

    /**
     * Estimated size of one straight-line method that computes {@code lines} units (or rows), each a sum of
     * {@code terms} products, with {@code locals} inputs or rows loaded into locals first.
     */
    public static long estimate(int lines, int terms, int locals) {
        return BYTES_FIXED + (long) locals * 8 + (long) lines * (BYTES_PER_LINE + (long) terms * BYTES_PER_MAC);
    }

    /** Most lines of {@code terms} products that fit one method with {@code locals} loaded locals; 0 if none. */
    public static int linesPerMethod(int terms, int locals) {
        long room = METHOD_BUDGET - BYTES_FIXED - (long) locals * 8;
        long perLine = BYTES_PER_LINE + (long) terms * BYTES_PER_MAC;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, room / perLine));
    }
}
