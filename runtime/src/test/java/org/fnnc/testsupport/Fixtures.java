package org.fnnc.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.fnnc.network.Parameters;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;

/** Specs, seeded random batches and an independent naive forward pass for the tests. */
public final class Fixtures {

    /** Activations allowed on hidden layers. */
    public static final List<Activation> HIDDEN = List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU,
            Activation.LEAKY_RELU, Activation.LINEAR);

    /**
     * Smallest |z| tolerated at a relu or leaky_relu unit. A perturbation of one parameter by eps = 1e-6
     * moves a pre-activation by at most eps * |a_prev| (about 1e-6 here, inputs and activations being O(1))
     * and downstream ones by that times the norms of the weights in between (well below 10 per layer for
     * xavier/he weights of these widths), so with a margin of 1e-3 no finite difference crosses a kink.
     */
    public static final double KINK_MARGIN = 1e-3;

    private Fixtures() {
    }

    /** The output activations a loss allows. */
    public static List<Activation> outputsFor(Loss loss) {
        switch (loss) {
            case CROSS_ENTROPY:
                return List.of(Activation.SOFTMAX);
            case BINARY_CROSS_ENTROPY:
                return List.of(Activation.SIGMOID);
            default:
                return HIDDEN;
        }
    }

    /** {@code input -> hidden... -> output}; leaky_relu gets slope 0.1 so that its negative side is visible. */
    public static NetworkSpec spec(int input, int[] widths, Activation hidden, Activation output, Loss loss,
            Precision precision, long seed) {
        Activation[] activations = new Activation[widths.length];
        for (int l = 0; l < widths.length; l++) {
            activations[l] = l == widths.length - 1 ? output : hidden;
        }
        return spec(input, widths, activations, loss, precision, seed);
    }

    /** {@code input -> widths[l] units with activations[l]}; leaky_relu slope 0.1. */
    public static NetworkSpec spec(int input, int[] widths, Activation[] activations, Loss loss, Precision precision,
            long seed) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int l = 0; l < widths.length; l++) {
            Activation f = activations[l];
            layers.add(f == Activation.LEAKY_RELU ? LayerSpec.leakyRelu(widths[l], 0.1) : LayerSpec.of(widths[l], f));
        }
        NetworkSpec.Builder b = NetworkSpec.builder("Net").input(input).loss(loss).precision(precision).seed(seed);
        layers.forEach(b::layer);
        return b.build();
    }

    /** Sets every bias to U(-0.5, 0.5) so that bias gradients are tested away from the all-zero start. */
    public static void randomBiases(Parameters p, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        for (int l = 0; l < p.layout().depth(); l++) {
            for (int j = 0; j < p.layout().units(l); j++) {
                p.setBias(l, j, rng.nextUniform(0.5));
            }
        }
    }

    /** Targets for one sample: a class index, probabilities in [0, 1] (some exactly 0 or 1), or reals. */
    public static double[] targets(NetworkSpec spec, int batch, SplitMix64 rng) {
        int out = spec.outputSize();
        double[] t = new double[batch * spec.targetWidth()];
        for (int k = 0; k < t.length; k++) {
            switch (spec.loss()) {
                case CROSS_ENTROPY:
                    t[k] = rng.nextInt(out);
                    break;
                case BINARY_CROSS_ENTROPY:
                    t[k] = k % 3 == 0 ? rng.nextInt(2) : rng.nextDouble();
                    break;
                default:
                    t[k] = rng.nextUniform(1.0);
                    break;
            }
        }
        return t;
    }

    /**
     * {@code batch} inputs uniform in [-1.5, 1.5] (non-degenerate: O(1) activations, unsaturated units);
     * a sample is redrawn while any relu/leaky_relu pre-activation is within {@link #KINK_MARGIN} of 0.
     */
    public static double[] inputs(NetworkSpec spec, Parameters p, int batch, SplitMix64 rng) {
        int n = spec.input();
        double[] x = new double[batch * n];
        double[] sample = new double[n];
        for (int b = 0; b < batch; b++) {
            int tries = 0;
            do {
                if (++tries > 1000) {
                    throw new IllegalStateException("no input away from relu kinks for " + spec);
                }
                for (int i = 0; i < n; i++) {
                    sample[i] = rng.nextUniform(1.5);
                }
            } while (nearKink(spec, p, sample));
            System.arraycopy(sample, 0, x, b * n, n);
        }
        return x;
    }

    /** Whether some relu or leaky_relu unit has |z| below the margin for this sample. */
    private static boolean nearKink(NetworkSpec spec, Parameters p, double[] sample) {
        double[][] z = preActivations(spec, p, sample);
        for (int l = 0; l < spec.depth(); l++) {
            Activation f = spec.layer(l).activation();
            if (f == Activation.RELU || f == Activation.LEAKY_RELU) {
                for (double v : z[l]) {
                    if (Math.abs(v) < KINK_MARGIN) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * An independent, naive forward pass (not the interpreter's code): every layer's {@code z}. Only for
     * hidden activations; the output layer's activation is not applied.
     */
    public static double[][] preActivations(NetworkSpec spec, Parameters p, double[] sample) {
        double[][] z = new double[spec.depth()][];
        double[] a = sample;
        for (int l = 0; l < spec.depth(); l++) {
            int m = spec.layer(l).units();
            z[l] = new double[m];
            double[] next = new double[m];
            for (int j = 0; j < m; j++) {
                double s = p.getBias(l, j);
                for (int i = 0; i < a.length; i++) {
                    s += p.getWeight(l, j, i) * a[i];
                }
                z[l][j] = s;
                next[j] = naive(spec.layer(l), s);
            }
            a = next;
        }
        return z;
    }

    private static double naive(LayerSpec layer, double z) {
        switch (layer.activation()) {
            case SIGMOID:
                return 1.0 / (1.0 + Math.exp(-z));
            case TANH:
                return Math.tanh(z);
            case RELU:
                return Math.max(0.0, z);
            case LEAKY_RELU:
                return z >= 0 ? z : layer.alpha() * z;
            default:
                return z;
        }
    }
}
