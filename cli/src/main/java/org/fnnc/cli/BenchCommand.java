package org.fnnc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fnnc.compiler.VectorApiSupport;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.kernels.KernelLibrary;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fnnc bench}: a quick in-process speed comparison of the generated network and the interpreter. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures the generated network (row 'default': the default kernels, kernels: auto, which"
                + " run the kernel library's Vector API kernels when Java has jdk.incubator.vector, as ./fnnc starts"
                + " it; 'scalar': the generated scalar loops; 'vector api': kernels: vector_api, when Java has the"
                + " module) and the reference interpreter in this process: inference"
                + " (batch 1 and 128) and training steps (forward + backward, batch 1, 32 and 128), each after a"
                + " warm-up. Reports samples/s, GFLOP/s (2 FLOPs per multiply-add; forward, weight gradients and"
                + " input gradients of all layers but the first) and the share of a single-core float peak.",
                "A quick look, not a substitute for the JMH benchmarks (benchmarks module): no forks, no"
                        + " dead-code or JIT-profile control, and other load on the machine shows up."})
final class BenchCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The network spec (YAML).")
    Path specFile;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1",
            description = "Timed seconds per measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "0.5",
            description = "Warm-up seconds per measurement (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--peak-gflops", paramLabel = "G", defaultValue = "83",
            description = {"Single-core float peak to compare with (default: ${DEFAULT-VALUE}, i.e. cores x clock x"
                    + " FLOPs/cycle = 1 x 2.6 GHz x 32: two AVX2 FMA units x 8 floats x 2 FLOPs). Use 41.5 for"
                    + " double; set your CPU's numbers."})
    double peakGflops;

    @Option(names = "--interpreted", description = "Measure only the reference interpreter.")
    boolean interpreted;

    /** One timed workload. */
    private record Workload(String name, int batch, boolean training) {
    }

    private static final List<Workload> WORKLOADS = List.of(new Workload("inference", 1, false),
            new Workload("inference", 128, false), new Workload("training step", 1, true),
            new Workload("training step", 32, true), new Workload("training step", 128, true));

    @Override
    int execute() {
        if (!(seconds > 0) || !(warmup >= 0) || !(peakGflops > 0)) {
            throw CliException.usage("--seconds and --peak-gflops must be positive and --warmup at least 0");
        }
        NetworkSpec spec = loadSpec(specFile);
        List<Network> networks = new ArrayList<>();
        if (!interpreted) {
            networks.add(network(spec.withKernels(Kernels.AUTO), false));
            networks.add(network(spec.withKernels(Kernels.SCALAR), false));
            if (VectorApiSupport.available()) {
                networks.add(network(spec.withKernels(Kernels.VECTOR_API), false));
            }
        }
        networks.add(Interpreter.create(spec));
        out().printf(Locale.ROOT, "%s %s, %s; %,d FLOPs/sample forward, %,d per training step; peak %.1f GFLOP/s%n",
                spec.name(), TrainCommand.shape(spec), spec.precision().yamlName(), Flops.forward(spec),
                Flops.trainingStep(spec), peakGflops);
        if (!interpreted) {
            out().println("kernel library: " + KernelLibrary.description());
        }
        out().flush();
        Table t = new Table(new String[] {"network", "workload", "batch", "samples/s", "GFLOP/s", "% peak"},
                false, false, true, true, true, true);
        for (Network n : networks) {
            for (Workload w : WORKLOADS) {
                double rate = measure(n, w);
                double gflops = rate * (w.training ? Flops.trainingStep(spec) : Flops.forward(spec)) / 1e9;
                t.row(label(n), w.name, w.batch,
                        String.format(Locale.ROOT, "%,.0f", rate), String.format(Locale.ROOT, "%.2f", gflops),
                        String.format(Locale.ROOT, "%.1f", 100 * gflops / peakGflops));
            }
        }
        t.print(out());
        if (!interpreted && !VectorApiSupport.available()) {
            out().println("(the Vector API kernels, kernels: vector_api, are not measured: start Java with "
                    + "--add-modules " + Kernels.VECTOR_MODULE + ", e.g. FNNC_JAVA_OPTS='--add-modules "
                    + Kernels.VECTOR_MODULE + "' ./fnnc bench ...)");
        }
        return 0;
    }

    private static String label(Network n) {
        if (n.source().isEmpty()) {
            return "interpreter";
        }
        return switch (n.spec().kernels()) {
            case AUTO -> "default";
            case SCALAR -> "scalar";
            case VECTOR_API -> "vector api";
        };
    }

    /** Samples per second of {@code w} on {@code n}: warm-up, then calls until {@link #seconds} have passed. */
    private double measure(Network n, Workload w) {
        Runnable call = call(n, w);
        run(call, warmup);
        long start = System.nanoTime();
        long calls = run(call, seconds);
        return calls * (double) w.batch / ((System.nanoTime() - start) / 1e9);
    }

    private static long run(Runnable call, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long calls = 0;
        do {
            call.run();
            calls++;
        } while (System.nanoTime() < end);
        return calls;
    }

    /** The call of one workload on arrays of the network's precision, filled once with random data. */
    private static Runnable call(Network n, Workload w) {
        NetworkSpec spec = n.spec();
        double[] x = new double[w.batch * spec.input()];
        double[] t = new double[w.batch * spec.targetWidth()];
        GradcheckCommand.randomBatch(spec, x, t, new SplittableRandom(7).nextLong());
        int b = w.batch;
        if (n instanceof FloatNetwork f) {
            float[] xf = Networks.toFloat(x);
            float[] tf = Networks.toFloat(t);
            float[] out = new float[b * spec.outputSize()];
            return w.training ? () -> f.lossAndGradients(xf, tf, b) : () -> f.predict(xf, b, out);
        }
        DoubleNetwork d = (DoubleNetwork) n;
        double[] out = new double[b * spec.outputSize()];
        return w.training ? () -> d.lossAndGradients(x, t, b) : () -> d.predict(x, b, out);
    }
}
