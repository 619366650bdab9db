package org.fnnc.compiler;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.Location;
import org.codehaus.janino.SimpleCompiler;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;

/**
 * Compiles generated network sources in-process with Janino and loads them in a class loader whose parent
 * is the one that loaded fnnc's runtime, so the generated class implements the caller's {@code Network}.
 */
public final class JaninoNetworkCompiler {

    private JaninoNetworkCompiler() {
    }

    /** A compiled, loaded network class and the source and bytecode it came from. */
    public record CompiledClass(GeneratedSource source, Class<? extends Network> type, Map<String, byte[]> bytecode,
                                long compileNanos) {

        /** A new instance for {@code spec} (same architecture and precision as the compiled one). */
        public Network newInstance(NetworkSpec spec) {
            try {
                Constructor<? extends Network> c = type.getConstructor(NetworkSpec.class, String.class);
                return c.newInstance(spec, source.text());
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("constructing " + type.getName() + " failed", cause);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("generated class " + type.getName() + " has no (NetworkSpec, String)"
                        + " constructor", e);
            }
        }
    }

    /**
     * Compiles and loads the source; a compile failure is an internal error naming the spec and the line. A
     * source with Vector API kernels in a JVM without {@code jdk.incubator.vector} is a positioned spec error
     * saying how to start the JVM ({@link VectorApiSupport}).
     */
    public static CompiledClass compile(GeneratedSource source) {
        VectorApiSupport.require(source, VectorApiSupport.available());
        long start = System.nanoTime();
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(Network.class.getClassLoader());
        String fileName = source.relativePath().toString();
        try {
            compiler.cook(fileName, new java.io.StringReader(source.text()));
        } catch (CompileException e) {
            throw failure(source, e.getLocation(), e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            // Janino reports "code too large" and similar as InternalCompilerException (unchecked).
            throw failure(source, null, e.getMessage(), e);
        }
        try {
            Class<?> type = compiler.getClassLoader().loadClass(source.qualifiedName());
            return new CompiledClass(source, type.asSubclass(Network.class), compiler.getBytecodes(),
                    System.nanoTime() - start);
        } catch (ClassNotFoundException e) {
            throw failure(source, null, "compiled class not found", e);
        }
    }

    private static NetworkCompilationException failure(GeneratedSource source, Location location, String message,
                                                       Throwable cause) {
        StringBuilder sb = new StringBuilder("internal error: fnnc generated Java that does not compile for spec ")
                .append(source.spec().qualifiedName()).append(" (").append(source.spec().origin().sourceName())
                .append(", hash ").append(source.spec().hash(), 0, 12).append("): ").append(message);
        if (location != null && location.getLineNumber() > 0) {
            String[] lines = source.text().split("\n", -1);
            int line = location.getLineNumber();
            sb.append("\n  at ").append(source.relativePath()).append(':').append(line).append(':')
                    .append(location.getColumnNumber());
            for (int k = Math.max(1, line - 2); k <= Math.min(lines.length, line + 2); k++) {
                sb.append(String.format("%n  %s %5d | %s", k == line ? ">" : " ", k, lines[k - 1]));
            }
        }
        sb.append("\nPlease report this with the spec; 'fnnc generate' writes the source for inspection.");
        return new NetworkCompilationException(sb.toString(), cause);
    }
}
