package org.fnnc.kernels;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Which implementation of the kernels this JVM runs, chosen once when the class initialises.
 *
 * <p>The Vector API implementation ({@link Implementation#VECTOR}) runs when the incubating module
 * {@value #VECTOR_MODULE} is in the boot layer (the JVM option {@code --add-modules jdk.incubator.vector}) and its
 * preferred species has at least {@value #MIN_FLOAT_LANES} float lanes; otherwise the scalar implementation runs,
 * and a {@link System.Logger} line (level INFO, once) says how to enable the fast one. The system property
 * {@value #PROPERTY} = {@code scalar} forces the scalar kernels, {@code vector} insists on the vector ones (an
 * {@link IllegalStateException} at first use if they cannot run) and {@code auto} (the default) chooses.
 *
 * <p>Callers never see Vector API types: every entry point ({@link FloatDense}, {@link DoubleDense},
 * {@link Updates}) takes primitive arrays, ints and enums, so a class calling them compiles with plain
 * {@code javac} and runs on any JVM.
 */
public final class KernelLibrary {

    /** The two implementations. */
    public enum Implementation {
        /** Plain Java loops shaped for C2's auto-vectoriser. */
        SCALAR,
        /** Register-tiled GEMM-class kernels on the JDK's incubating Vector API. */
        VECTOR
    }

    /** The incubating module the vector kernels need. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** System property choosing the implementation: {@code auto} (default), {@code scalar} or {@code vector}. */
    public static final String PROPERTY = "fnnc.kernels";
    /** Vector kernels need at least this many float lanes per vector (128-bit SIMD). */
    public static final int MIN_FLOAT_LANES = 4;

    private static final Choice CHOICE = choose();

    private KernelLibrary() {
    }

    /** The implementation every kernel of this JVM runs. */
    public static Implementation implementation() {
        return CHOICE.implementation;
    }

    /** Float lanes per vector of the vector kernels (0 when the scalar kernels run). */
    public static int floatLanes() {
        return CHOICE.floatLanes;
    }

    /**
     * One line for logs and generated headers, e.g. {@code "Vector API, 16 float lanes"} or
     * {@code "scalar (jdk.incubator.vector not in the boot layer)"}.
     */
    public static String description() {
        return CHOICE.description;
    }

    /** The vector kernels, or null when the scalar ones run: looked up by name, so no Vector API class loads otherwise. */
    static Object vectorKernels(String className) {
        if (CHOICE.implementation != Implementation.VECTOR) {
            return null;
        }
        try {
            return Class.forName(KernelLibrary.class.getPackageName() + "." + className)
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("fnnc kernels: " + className + " failed to load although "
                    + VECTOR_MODULE + " is present", e instanceof InvocationTargetException ite ? ite.getCause() : e);
        }
    }

    private record Choice(Implementation implementation, int floatLanes, String description) {
    }

    private static Choice choose() {
        String mode = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("scalar") && !mode.equals("vector")) {
            throw new IllegalStateException("fnnc kernels: system property " + PROPERTY + " is '" + mode
                    + "'; expected auto, scalar or vector");
        }
        if (mode.equals("scalar")) {
            return new Choice(Implementation.SCALAR, 0, "scalar (" + PROPERTY + "=scalar)");
        }
        String missing = null;
        int lanes = 0;
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            missing = VECTOR_MODULE + " not in the boot layer";
        } else {
            try {
                lanes = (Integer) Class.forName(KernelLibrary.class.getPackageName() + ".VectorShape")
                        .getDeclaredMethod("floatLanes").invoke(null);
                if (lanes < MIN_FLOAT_LANES) {
                    missing = "the preferred vectors hold only " + lanes + " floats";
                }
            } catch (ReflectiveOperationException | LinkageError e) {
                missing = VECTOR_MODULE + " unusable: " + e;
            }
        }
        if (missing == null) {
            return new Choice(Implementation.VECTOR, lanes, "Vector API, " + lanes + " float lanes");
        }
        if (mode.equals("vector")) {
            throw new IllegalStateException("fnnc kernels: " + PROPERTY + "=vector, but " + missing
                    + "; start Java with --add-modules " + VECTOR_MODULE);
        }
        System.getLogger("org.fnnc.kernels").log(System.Logger.Level.INFO,
                "fnnc runs its scalar kernels ({0}); start Java with --add-modules {1} for the Vector API kernels, "
                        + "several times faster on wide layers", missing, VECTOR_MODULE);
        return new Choice(Implementation.SCALAR, 0, "scalar (" + missing + ")");
    }
}
