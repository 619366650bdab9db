package org.fnnc.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import org.fnnc.compiler.JaninoNetworkCompiler;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.generator.NetworkClassGenerator;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.NetworkSpec;

/**
 * Run-time compile time of an example spec with Janino (generate + compile + load, bypassing the class
 * cache): the first compile in a fresh JVM ("cold"), then the median of later compiles ("warm").
 * Run: {@code java -cp benchmarks/target/benchmarks.jar org.fnnc.benchmarks.CompileTime [spec] [repeats] [kernels]}
 * ({@code kernels} {@code scalar} or {@code vector_api}; the latter needs {@code --add-modules jdk.incubator.vector}).
 */
public final class CompileTime {

    private CompileTime() {
    }

    /** Compile times in milliseconds: element 0 is the cold one, the rest follow in order. */
    public static double[] measure(NetworkSpec spec, int repeats) {
        double[] ms = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            long t0 = System.nanoTime();
            GeneratedSource source = NetworkClassGenerator.generate(spec);
            JaninoNetworkCompiler.compile(source).newInstance(spec);
            ms[k] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "mnist-mlp";
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Kernels kernels = args.length > 2 ? Kernels.valueOf(args[2].toUpperCase(Locale.ROOT)) : Kernels.AUTO;
        double[] ms = measure(Workload.spec(name).withKernels(kernels), repeats);
        double[] warm = Arrays.copyOfRange(ms, repeats / 2, repeats);
        Arrays.sort(warm);
        System.out.printf("%s (kernels: %s): cold %.0f ms, warm median %.1f ms (min %.1f, max %.1f) over the last %d of %d compiles%n",
                name, kernels.yamlName(), ms[0], warm[warm.length / 2], warm[0], warm[warm.length - 1], warm.length, repeats);
    }
}
