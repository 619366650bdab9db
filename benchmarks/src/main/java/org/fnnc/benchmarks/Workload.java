package org.fnnc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fnnc.network.Networks;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.yaml.SpecLoader;

/**
 * One benchmark workload: a spec from {@code specs/} or the benchmarks' resources (both bundled into the jar), a precision, and a
 * batch of random data that every implementation is fed, so all of them see the same numbers.
 *
 * <p>Inputs are uniform in [0, 1) with no exact zeros, so fnnc's skipping of zero inputs never helps it
 * (real MNIST is ~80% zero pixels). Targets are class indices for cross-entropy, 0/1 values for binary
 * cross-entropy.
 */
public final class Workload {

    /**
     * The specs benchmarked: the examples {@code xor}, {@code iris}, {@code mnist-mlp} (784-128-10),
     * {@code mnist-wide} (784-512-512-10), and the benchmarks' own {@code mnist-deep} (784-256-128-10).
     */
    public static final String[] NETWORKS = {"xor", "iris", "mnist-mlp", "mnist-deep", "mnist-wide"};

    /** Seed of the random data. */
    public static final long DATA_SEED = 20261122L;

    /** Learning rate of the benchmarked SGD step (any small value: the cost does not depend on it). */
    public static final double LEARNING_RATE = 0.01;

    private final NetworkSpec spec;
    private final int batch;
    private final double[] x;
    private final double[] t;

    private Workload(NetworkSpec spec, int batch) {
        this.spec = spec;
        this.batch = batch;
        SplittableRandom r = new SplittableRandom(DATA_SEED);
        this.x = new double[batch * spec.input()];
        for (int k = 0; k < x.length; k++) {
            x[k] = Math.max(r.nextDouble(), 1e-3);
        }
        this.t = new double[batch * spec.targetWidth()];
        for (int k = 0; k < t.length; k++) {
            t[k] = spec.loss() == Loss.CROSS_ENTROPY ? r.nextInt(spec.outputSize()) : r.nextInt(2);
        }
    }

    /** The workload for an example spec ({@code mnist-mlp}, ...) in {@code precision} with {@code batch} samples. */
    public static Workload of(String network, String precision, int batch) {
        return new Workload(spec(network).withPrecision(Precision.valueOf(precision.toUpperCase(Locale.ROOT))), batch);
    }

    /** The example spec {@code specs/<name>.yaml}, as bundled in the benchmarks jar. */
    public static NetworkSpec spec(String name) {
        String resource = "/specs/" + name + ".yaml";
        try (InputStream in = Workload.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no example spec " + resource + " in the benchmarks jar; known: "
                        + String.join(", ", NETWORKS));
            }
            return SpecLoader.withDefaults().load(in, "specs/" + name + ".yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NetworkSpec spec() {
        return spec;
    }

    public int batch() {
        return batch;
    }

    /** Inputs, sample-major {@code [batch][input]}. */
    public double[] inputs() {
        return x.clone();
    }

    /** Targets, {@code [batch][targetWidth]}. */
    public double[] targets() {
        return t.clone();
    }

    public float[] inputsFloat() {
        return Networks.toFloat(x);
    }

    public float[] targetsFloat() {
        return Networks.toFloat(t);
    }

    /** Targets one-hot encoded ({@code [batch][outputs]}), for libraries that want them so. */
    public double[] targetsOneHot() {
        if (spec.loss() != Loss.CROSS_ENTROPY) {
            return t.clone();
        }
        int out = spec.outputSize();
        double[] h = new double[batch * out];
        for (int b = 0; b < batch; b++) {
            h[b * out + (int) t[b]] = 1.0;
        }
        return h;
    }

    /** FLOPs of one sample's forward pass: 2 per multiply-add, {@code 2 * sum(in * out)} over the layers. */
    public static long forwardFlops(NetworkSpec spec) {
        long macs = 0;
        for (int l = 0; l < spec.depth(); l++) {
            macs += (long) spec.inputsOf(l) * spec.layer(l).units();
        }
        return 2 * macs;
    }

    /**
     * FLOPs of one sample's training step: the forward pass, the weight gradient of every layer and the input
     * gradient of every layer but the first (2 per multiply-add each; activations, loss and update not counted).
     */
    public static long trainFlops(NetworkSpec spec) {
        long inputGradientMacs = 0;
        for (int l = 1; l < spec.depth(); l++) {
            LayerSpec layer = spec.layer(l);
            inputGradientMacs += (long) spec.inputsOf(l) * layer.units();
        }
        return 2 * forwardFlops(spec) + 2 * inputGradientMacs;
    }
}
