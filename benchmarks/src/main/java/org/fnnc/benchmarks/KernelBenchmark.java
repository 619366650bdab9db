package org.fnnc.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.codehaus.janino.SimpleCompiler;
import org.fnnc.kernels.FloatDense;
import org.fnnc.kernels.FloatDenseWorkspace;
import org.fnnc.kernels.KernelLibrary;
import org.fnnc.spec.Activation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The dense-layer kernels of {@code org.fnnc.kernels} alone, float, over the layers of 784-128-10, 784-256-128-10 and
 * 784-512-512-10 at batch 1, 32 and 128: a whole forward pass ({@code infer}) or a forward pass plus every weight
 * gradient and every input gradient but the first layer's ({@code train}; the output deltas are the logits, no loss),
 * one block of {@code min(batch, block)} samples per kernel call; {@code step} is a whole plain SGD step as generated
 * classes take it (zero the gradients, forward, gradients, then an update loop over every parameter) and
 * {@code fusedStep} the same step with the gradients written rather than accumulated and the update fused into the last
 * block's weight gradients ({@link FloatDense#weightGradientAndSgd}); run them with {@code -p pass=step,fusedStep}.
 * The implementation is chosen per fork: the vector
 * kernels at the JVM's preferred width ({@code vector}), at 256 bits ({@code vector256}: {@code -XX:MaxVectorSize=32},
 * the narrow tiles an AVX2 machine gets, 32 registers) and on AVX2 itself ({@code vectorAvx2}: {@code -XX:UseAVX=2},
 * 16 registers), and the scalar fallback ({@code scalar}); {@code peak} is {@link PeakFlops}' FMA kernel in the same
 * run.
 *
 * <p>{@code main} runs it and prints GFLOP/s and the share of the peak of the same width:
 * {@code java -cp benchmarks/target/benchmarks.jar org.fnnc.benchmarks.KernelBenchmark [JMH options]}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelBenchmark {

    static final String MODULE = "--add-modules=jdk.incubator.vector";

    @Param({"784-128-10", "784-256-128-10", "784-512-512-10"})
    public String net;

    @Param({"1", "32", "128"})
    public int batch;

    @Param({"infer", "train"})
    public String pass;

    /** Samples per kernel call (the plan's block size); the batch when smaller. */
    @Param({"128"})
    public int block;

    private int[] widths;
    private float[][][] w;
    private float[][] b;
    /** Per layer: its output rows (activations, or the logits of the last layer), [block][width]. */
    private float[][] y;
    /** Per layer: dL/dz rows, [block][width]. */
    private float[][] d;
    private float[][][] gw;
    private float[][] gb;
    private float[] x;
    private FloatDenseWorkspace ws;
    private MethodHandle peakKernel;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        String[] parts = net.split("-");
        widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            widths[i] = Integer.parseInt(parts[i]);
        }
        int layers = widths.length - 1;
        int n = Math.min(batch, block);
        SplittableRandom rnd = new SplittableRandom(42);
        w = new float[layers][][];
        gw = new float[layers][][];
        b = new float[layers][];
        gb = new float[layers][];
        y = new float[layers][];
        d = new float[layers][];
        int widest = 1;
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            widest = Math.max(widest, Math.max(in, out));
            w[l] = new float[in][out];
            gw[l] = new float[in][out];
            double scale = Math.sqrt(2.0 / in);
            for (float[] row : w[l]) {
                for (int j = 0; j < out; j++) {
                    row[j] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
                }
            }
            b[l] = new float[out];
            gb[l] = new float[out];
            y[l] = new float[n * out];
            d[l] = new float[n * out];
        }
        // inputs uniform in (0, 1), no exact zeros (the scalar kernels skip zero inputs)
        x = new float[batch * widths[0]];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.001 + 0.998 * rnd.nextDouble());
        }
        ws = new FloatDenseWorkspace(n, widest, widest);
        peakKernel = peakKernel();
    }

    private static MethodHandle peakKernel() throws Exception {
        if (ModuleLayer.boot().findModule(KernelLibrary.VECTOR_MODULE).isEmpty()) {
            return null;
        }
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.cook(PeakFlops.KERNEL);
        Class<?> kernel = compiler.getClassLoader().loadClass("FmaPeak");
        return MethodHandles.publicLookup().findStatic(kernel, "run", MethodType.methodType(float.class, long.class));
    }

    /** FLOPs of one sample: 2 per multiply-add (forward; plus weight and input gradients when training). */
    static long flopsPerSample(String net, String pass) {
        String[] parts = net.split("-");
        long forward = 0;
        long inputGradient = 0;
        for (int l = 0; l + 1 < parts.length; l++) {
            long macs = (long) Integer.parseInt(parts[l]) * Integer.parseInt(parts[l + 1]);
            forward += macs;
            if (l > 0) {
                inputGradient += macs;
            }
        }
        // train, step and fusedStep: forward, weight gradients, input gradients (the update's flops not counted)
        return pass.equals("infer") ? 2 * forward : 2 * (2 * forward + inputGradient);
    }

    private float run() {
        int layers = widths.length - 1;
        boolean step = pass.equals("step");
        boolean fused = pass.equals("fusedStep");
        boolean train = pass.equals("train") || step || fused;
        if (step) {
            for (int l = 0; l < layers; l++) {
                for (float[] g : gw[l]) {
                    Arrays.fill(g, 0.0f);
                }
                Arrays.fill(gb[l], 0.0f);
            }
        }
        for (int s0 = 0; s0 < batch; s0 += block) {
            int n = Math.min(block, batch - s0);
            boolean last = s0 + block >= batch;
            for (int l = 0; l < layers; l++) {
                float[] in = l == 0 ? x : y[l - 1];
                int xo = l == 0 ? s0 * widths[0] : 0;
                Activation f = l == layers - 1 ? Activation.LINEAR : Activation.RELU;
                FloatDense.forward(in, xo, widths[l], n, widths[l], w[l], b[l], widths[l + 1], f, 0, y[l], 0,
                        widths[l + 1], ws);
            }
            if (train) {
                // the output deltas: the logits, scaled to keep the weights stable over many steps
                float[] dOut = d[layers - 1];
                float[] logits = y[layers - 1];
                for (int k = 0; k < n * widths[layers]; k++) {
                    dOut[k] = logits[k] * 1e-3f;
                }
                for (int l = layers - 1; l >= 0; l--) {
                    float[] in = l == 0 ? x : y[l - 1];
                    int xo = l == 0 ? s0 * widths[0] : 0;
                    // the input gradient first: it needs the weights before a fused step changes them
                    if (l > 0) {
                        FloatDense.inputGradient(d[l], 0, widths[l + 1], n, widths[l + 1], w[l], widths[l],
                                Activation.RELU, 0, y[l - 1], 0, widths[l], d[l - 1], 0, widths[l], ws);
                    }
                    if (fused && last) {
                        FloatDense.weightGradientAndSgd(in, xo, widths[l], n, widths[l], d[l], 0, widths[l + 1],
                                widths[l + 1], gw[l], gb[l], s0 > 0, 1.0f / batch, LEARNING_RATE, w[l], b[l], ws);
                    } else {
                        FloatDense.weightGradient(in, xo, widths[l], n, widths[l], d[l], 0, widths[l + 1],
                                widths[l + 1], gw[l], gb[l], !fused || s0 > 0, ws);
                    }
                }
            }
        }
        if (step) {
            // the generated classes' update: the mean gradient, then the step
            float scale = 1.0f / batch;
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < w[l].length; i++) {
                    update(gw[l][i], w[l][i], scale);
                }
                update(gb[l], b[l], scale);
            }
        }
        return y[layers - 1][0];
    }

    static final float LEARNING_RATE = 1e-4f;

    private static void update(float[] g, float[] p, float scale) {
        for (int j = 0; j < p.length; j++) {
            g[j] = g[j] * scale;
            p[j] -= LEARNING_RATE * g[j];
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = MODULE)
    public float vector() {
        return run();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {MODULE, "-XX:MaxVectorSize=32"})
    public float vector256() {
        return run();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {MODULE, "-XX:UseAVX=2"})
    public float vectorAvx2() {
        return run();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-Dfnnc.kernels=scalar")
    public float scalar() {
        return run();
    }

    /** {@value #PEAK_ITERATIONS} iterations of {@link PeakFlops}' 12 FMA chains (run with the module). */
    static final long PEAK_ITERATIONS = 1_000_000;

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = MODULE)
    public float peak() throws Throwable {
        return (float) peakKernel.invokeExact(PEAK_ITERATIONS);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {MODULE, "-XX:MaxVectorSize=32"})
    public float peak256() throws Throwable {
        return (float) peakKernel.invokeExact(PEAK_ITERATIONS);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {MODULE, "-XX:UseAVX=2"})
    public float peakAvx2() throws Throwable {
        return (float) peakKernel.invokeExact(PEAK_ITERATIONS);
    }

    /**
     * Runs the benchmark (JMH options may narrow it, e.g. {@code -p net=784-512-512-10}) and prints samples/s,
     * GFLOP/s and the share of the peak measured in the same run at the same vector width.
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            builder.include(KernelBenchmark.class.getSimpleName());
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        double peak = 0;
        double peak256 = 0;
        double peakAvx2 = 0;
        // the peak runs with the same params as every other benchmark: take the best of its runs
        for (RunResult r : results) {
            String method = method(r);
            double gflops = r.getPrimaryResult().getScore() * PEAK_ITERATIONS * PeakFlops.CHAINS * 2 / 1e9;
            if (method.equals("peak")) {
                peak = Math.max(peak, gflops * 16);
            } else if (method.equals("peak256") || method.equals("peakAvx2")) {
                double v = gflops * 8;
                if (method.equals("peak256")) {
                    peak256 = Math.max(peak256, v);
                } else {
                    peakAvx2 = Math.max(peakAvx2, v);
                }
            }
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%-15s %-6s %5s %5s %-11s %12s %9s %7s", "net", "pass", "batch", "block",
                "kernels", "samples/s", "GFLOP/s", "% peak"));
        for (RunResult r : results) {
            String method = method(r);
            if (method.startsWith("peak")) {
                continue;
            }
            String net = r.getParams().getParam("net");
            String pass = r.getParams().getParam("pass");
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            double samples = r.getPrimaryResult().getScore() * batch;
            double gflops = samples * flopsPerSample(net, pass) / 1e9;
            double against = method.equals("vector256") ? peak256 : method.equals("vectorAvx2") ? peakAvx2 : peak;
            rows.add(String.format(Locale.ROOT, "%-15s %-6s %5d %5s %-11s %,12.0f %9.1f %6.0f%%", net, pass, batch,
                    r.getParams().getParam("block"), method, samples, gflops, against > 0 ? 100 * gflops / against : 0));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "peak (PeakFlops' kernel, this run): %.1f GFLOP/s at 512 bits (16 lanes; "
                + "assumed, see the JVM's preferred width), %.1f at MaxVectorSize=32, %.1f with UseAVX=2%n", peak,
                peak256, peakAvx2);
        rows.forEach(System.out::println);
    }

    private static String method(RunResult r) {
        String label = r.getParams().getBenchmark();
        return label.substring(label.lastIndexOf('.') + 1);
    }
}
