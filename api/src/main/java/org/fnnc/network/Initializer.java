package org.fnnc.network;

import org.fnnc.spec.Activation;
import org.fnnc.spec.InitScheme;
import org.fnnc.spec.InitSpec;
import org.fnnc.spec.NetworkSpec;

/**
 * Seeded weight initialisation, bit-identical on every machine and JDK.
 *
 * <p>Layer {@code l} draws from its own {@link SplitMix64} stream, seeded with the {@code (l+1)}-th output
 * of {@code SplitMix64(spec.init().seed())}, so changing one layer's width changes no other layer's draws.
 * Within a layer the weights are drawn in canonical order {@code W[out][in]} (row by row). Biases are zero.
 * Float parameters receive the double value rounded to float.
 *
 * <ul>
 *   <li>{@code xavier}: {@code U(-r, r)}, {@code r = sqrt(6 / (in + out))};
 *   <li>{@code he}: {@code N(0, sqrt(2 / in))};
 *   <li>{@code uniform}: {@code U(-scale, scale)}; {@code normal}: {@code N(0, scale)};
 *   <li>{@code auto}: xavier for sigmoid, tanh, linear and softmax layers, he for relu and leaky_relu.
 * </ul>
 */
public final class Initializer {

    private Initializer() {
    }

    /** Overwrites {@code params} (which must have the spec's layout) with the spec's initial values. */
    public static void initialize(NetworkSpec spec, Parameters params) {
        ParameterLayout layout = params.layout();
        if (layout.depth() != spec.depth() || layout.size() != spec.parameterCount()) {
            throw new IllegalArgumentException("parameters with " + layout.size() + " values in " + layout.depth()
                    + " layers do not fit " + spec + " (" + spec.parameterCount() + " parameters)");
        }
        InitSpec init = spec.init();
        SplitMix64 seeds = new SplitMix64(init.seed());
        for (int l = 0; l < spec.depth(); l++) {
            SplitMix64 rng = new SplitMix64(seeds.nextLong());
            InitScheme scheme = resolve(init.scheme(), spec.layer(l).activation());
            int in = spec.inputsOf(l);
            int out = spec.layer(l).units();
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    params.setWeight(l, o, i, draw(rng, scheme, in, out, init.scale()));
                }
                params.setBias(l, o, 0.0);
            }
        }
    }

    /** The concrete scheme for a layer: {@code auto} resolved by the layer's activation. */
    public static InitScheme resolve(InitScheme scheme, Activation activation) {
        if (scheme != InitScheme.AUTO) {
            return scheme;
        }
        return activation == Activation.RELU || activation == Activation.LEAKY_RELU ? InitScheme.HE : InitScheme.XAVIER;
    }

    private static double draw(SplitMix64 rng, InitScheme scheme, int in, int out, double scale) {
        switch (scheme) {
            case XAVIER:
                return rng.nextUniform(StrictMath.sqrt(6.0 / ((double) in + out)));
            case HE:
                return StrictMath.sqrt(2.0 / in) * rng.nextGaussian();
            case UNIFORM:
                return rng.nextUniform(scale);
            case NORMAL:
                return scale * rng.nextGaussian();
            default:
                throw new AssertionError(scheme);
        }
    }
}
