package org.fnnc;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import org.fnnc.compiler.JaninoNetworkCompiler;
import org.fnnc.compiler.JaninoNetworkCompiler.CompiledClass;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.generator.GeneratorOptions;
import org.fnnc.generator.NetworkClassGenerator;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.yaml.SpecLoader;

/**
 * The run-time entry point: spec in, ready network out.
 *
 * <pre>{@code
 * FloatNetwork net = (FloatNetwork) Fnnc.compile(Path.of("specs/mnist-mlp.yaml"));
 * String java = Fnnc.source(spec);
 * }</pre>
 *
 * <p>Compiled classes are cached by spec hash for the life of the class loader; compiling the same spec
 * from many threads compiles it once. Each call returns a new network instance with freshly initialised
 * parameters.
 */
public final class Fnnc {

    private static final ConcurrentMap<String, CompletableFuture<CompiledClass>> CACHE = new ConcurrentHashMap<>();

    private Fnnc() {
    }

    /** Loads, generates, compiles and instantiates the network of a spec file. */
    public static Network compile(Path specFile) {
        return compile(SpecLoader.withDefaults().load(specFile));
    }

    /** Generates, compiles (or takes from the cache) and instantiates the network for {@code spec}. */
    public static Network compile(NetworkSpec spec) {
        return compile(spec, GeneratorOptions.DEFAULT);
    }

    /**
     * As {@link #compile(NetworkSpec)}, with generator options (e.g. a larger generated-source cap). The cap is
     * checked against the source even when the class comes from the cache.
     */
    public static Network compile(NetworkSpec spec, GeneratorOptions options) {
        CompiledClass compiled = compiledClass(spec, options);
        if (compiled.source().text().length() > options.maxSourceBytes()) {
            // Compiled earlier under a larger cap: regenerating under this one reports the positioned error.
            NetworkClassGenerator.generate(spec, options);
        }
        return compiled.newInstance(spec);
    }

    /** The compiled class for {@code spec}, compiling it on first use. */
    public static CompiledClass compiledClass(NetworkSpec spec) {
        return compiledClass(spec, GeneratorOptions.DEFAULT);
    }

    private static CompiledClass compiledClass(NetworkSpec spec, GeneratorOptions options) {
        CompletableFuture<CompiledClass> mine = new CompletableFuture<>();
        CompletableFuture<CompiledClass> existing = CACHE.putIfAbsent(spec.hash(), mine);
        if (existing == null) {
            try {
                mine.complete(JaninoNetworkCompiler.compile(NetworkClassGenerator.generate(spec, options)));
            } catch (RuntimeException | Error e) {
                CACHE.remove(spec.hash(), mine);
                mine.completeExceptionally(e);
                throw e;
            }
            return mine.join();
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another thread to compile " + spec.name(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The generated Java source for {@code spec}. */
    public static String source(NetworkSpec spec) {
        return generate(spec).text();
    }

    /** The generated source with its unroll plan. */
    public static GeneratedSource generate(NetworkSpec spec) {
        return NetworkClassGenerator.generate(spec);
    }
}
