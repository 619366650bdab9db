package org.fnnc.compiler;

import org.fnnc.generator.GeneratedSource;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.SpecException;

/**
 * Whether this JVM can compile and run {@code kernels: vector_api} classes: the incubating module
 * {@code jdk.incubator.vector} must be in the boot layer, which only the JVM option
 * {@code --add-modules jdk.incubator.vector} arranges (there is no way to add it once the JVM runs).
 */
public final class VectorApiSupport {

    private VectorApiSupport() {
    }

    /** Whether {@code jdk.incubator.vector} is resolved in this JVM. */
    public static boolean available() {
        return ModuleLayer.boot().findModule(Kernels.VECTOR_MODULE).isPresent();
    }

    /**
     * Throws a positioned spec error (at the spec's {@code kernels} key) if {@code source} uses the Vector API
     * and {@code available} is false; otherwise does nothing.
     */
    public static void require(GeneratedSource source, boolean available) {
        if (!source.usesVectorApi() || available) {
            return;
        }
        throw new SpecException(source.spec().origin().diagnostic("kernels",
                source.spec().name() + " asks for 'kernels: vector_api', but this JVM was started without the "
                        + "incubating module " + Kernels.VECTOR_MODULE,
                "start Java with --add-modules " + Kernels.VECTOR_MODULE + " (./fnnc does; elsewhere e.g. "
                        + "FNNC_JAVA_OPTS='--add-modules " + Kernels.VECTOR_MODULE + "'), or use 'kernels: auto' (the "
                        + "default), which runs without the module"));
    }
}
