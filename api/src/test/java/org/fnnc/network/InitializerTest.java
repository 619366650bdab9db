package org.fnnc.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import org.fnnc.spec.Activation;
import org.fnnc.spec.InitScheme;
import org.fnnc.spec.InitSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitializerTest {

    private static NetworkSpec spec(InitSpec init, Precision precision, int... hidden) {
        NetworkSpec.Builder b = NetworkSpec.builder("Net").input(6).loss(Loss.MSE).precision(precision).init(init);
        for (int units : hidden) {
            b.layer(units, Activation.TANH);
        }
        return b.layer(3, Activation.LINEAR).build();
    }

    private static double[] initialised(NetworkSpec spec) {
        Parameters p = spec.precision() == Precision.FLOAT ? new FloatParameters(ParameterLayout.of(spec))
                : new DoubleParameters(ParameterLayout.of(spec));
        p.fill(7.0); // initialise must overwrite everything, biases included
        Initializer.initialize(spec, p);
        return p.toArray();
    }

    private static double[] tensor(NetworkSpec spec, double[] all, String name) {
        ParameterTensor t = ParameterLayout.of(spec).tensor(name);
        return Arrays.copyOfRange(all, t.offset(), t.offset() + t.size());
    }

    @ParameterizedTest
    @EnumSource(InitScheme.class)
    void sameSeedSameParametersOtherSeedOthers(InitScheme scheme) {
        NetworkSpec a = spec(new InitSpec(scheme, 11, 0.3), Precision.DOUBLE, 5, 4);
        assertArrayEquals(initialised(a), initialised(a));
        assertFalse(Arrays.equals(initialised(a), initialised(a.withInit(a.init().withSeed(12)))));
    }

    @Test
    void biasesStartAtZero() {
        NetworkSpec s = spec(InitSpec.DEFAULT, Precision.DOUBLE, 5, 4);
        double[] all = initialised(s);
        for (int l = 0; l < s.depth(); l++) {
            for (double v : tensor(s, all, "layers." + l + ".bias")) {
                assertEquals(0.0, v);
            }
        }
    }

    /** One stream per layer: widening layer 1 changes layers 1 and 2 (its fan-out), not layers 0 and 3. */
    @Test
    void changingOneWidthLeavesOtherLayersAlone() {
        NetworkSpec narrow = spec(InitSpec.DEFAULT, Precision.DOUBLE, 5, 4, 4);
        NetworkSpec wide = spec(InitSpec.DEFAULT, Precision.DOUBLE, 5, 9, 4);
        double[] n = initialised(narrow);
        double[] w = initialised(wide);
        for (String name : new String[] {"layers.0.weight", "layers.3.weight"}) {
            assertArrayEquals(tensor(narrow, n, name), tensor(wide, w, name), name);
        }
        assertFalse(Arrays.equals(tensor(narrow, n, "layers.1.weight"),
                Arrays.copyOf(tensor(wide, w, "layers.1.weight"), 5 * 4)));
    }

    @Test
    void floatParametersAreTheDoubleValuesRounded() {
        NetworkSpec d = spec(new InitSpec(InitScheme.HE, 3, 0.05), Precision.DOUBLE, 8);
        double[] dv = initialised(d);
        double[] fv = initialised(d.withPrecision(Precision.FLOAT));
        for (int k = 0; k < dv.length; k++) {
            assertEquals((double) (float) dv[k], fv[k]);
        }
    }

    /** auto = he for relu/leaky_relu layers, xavier otherwise: bit-identical to asking for them directly. */
    @Test
    void autoPicksHeForReluAndXavierOtherwise() {
        NetworkSpec auto = NetworkSpec.builder("Net").input(4).layer(6, Activation.RELU).layer(5, Activation.TANH)
                .layer(3, Activation.SOFTMAX).init(new InitSpec(InitScheme.AUTO, 9, 0.05)).build();
        double[] a = initialised(auto);
        double[] he = initialised(auto.withInit(new InitSpec(InitScheme.HE, 9, 0.05)));
        double[] xavier = initialised(auto.withInit(new InitSpec(InitScheme.XAVIER, 9, 0.05)));
        assertArrayEquals(tensor(auto, he, "layers.0.weight"), tensor(auto, a, "layers.0.weight"));
        assertArrayEquals(tensor(auto, xavier, "layers.1.weight"), tensor(auto, a, "layers.1.weight"));
        assertArrayEquals(tensor(auto, xavier, "layers.2.weight"), tensor(auto, a, "layers.2.weight"));
        assertFalse(Arrays.equals(tensor(auto, he, "layers.1.weight"), tensor(auto, a, "layers.1.weight")));
    }

    /**
     * Golden values computed independently: layer 0's stream is seeded with the first output of
     * SplitMix64(1234567), the published 6457827717110365317; its outputs are computed here with BigInteger
     * arithmetic modulo 2^64 (not the class under test) and mapped to U(-r, r), r = sqrt(6 / (6 + 5)).
     */
    @Test
    void goldenXavierValues() {
        NetworkSpec s = NetworkSpec.builder("Net").input(6).layer(5, Activation.TANH).layer(2, Activation.LINEAR)
                .loss(Loss.MSE).precision(Precision.DOUBLE).init(new InitSpec(InitScheme.XAVIER, 1234567L, 0.05))
                .build();
        double[] w = initialised(s);
        BigInteger state = new BigInteger("6457827717110365317");
        double r = Math.sqrt(6.0 / 11.0);
        for (int k = 0; k < 4; k++) {
            state = state.add(GAMMA).mod(TWO_64);
            BigInteger bits = referenceMix(state);
            double u = bits.shiftRight(11).doubleValue() / Math.pow(2, 53);
            assertEquals(r * (2 * u - 1), w[k], 1e-15, "W[0][" + k + "]");
        }
    }

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger GAMMA = new BigInteger("9E3779B97F4A7C15", 16);

    private static BigInteger referenceMix(BigInteger z) {
        z = z.xor(z.shiftRight(30)).multiply(new BigInteger("BF58476D1CE4E5B9", 16)).mod(TWO_64);
        z = z.xor(z.shiftRight(27)).multiply(new BigInteger("94D049BB133111EB", 16)).mod(TWO_64);
        return z.xor(z.shiftRight(31));
    }

    /**
     * Sample moments of a 200x100 layer (n = 20,000 weights) per scheme, against the distribution's:
     * the mean's standard error is sigma / sqrt(n); the sample variance's is sqrt((mu4 - sigma^4) / n), with
     * mu4 = 3 sigma^4 for a normal and 9/5 sigma^4 for a uniform. 5 standard errors: a correct initialiser
     * fails with probability below 1e-6 per seed.
     */
    @ParameterizedTest
    @EnumSource(value = InitScheme.class, names = {"XAVIER", "HE", "UNIFORM", "NORMAL"})
    void momentsMatchTheScheme(InitScheme scheme) {
        int in = 200;
        int out = 100;
        NetworkSpec s = NetworkSpec.builder("Net").input(in).layer(out, Activation.RELU).layer(1, Activation.LINEAR)
                .loss(Loss.MSE).precision(Precision.DOUBLE).init(new InitSpec(scheme, 2024, 0.3)).build();
        double[] w = tensor(s, initialised(s), "layers.0.weight");
        boolean uniform = scheme == InitScheme.XAVIER || scheme == InitScheme.UNIFORM;
        double sigma;
        switch (scheme) {
            case XAVIER:
                sigma = Math.sqrt(6.0 / (in + out)) / Math.sqrt(3.0);
                break;
            case HE:
                sigma = Math.sqrt(2.0 / in);
                break;
            default:
                sigma = uniform ? 0.3 / Math.sqrt(3.0) : 0.3;
                break;
        }
        int n = w.length;
        double mean = Arrays.stream(w).sum() / n;
        double variance = Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / n;
        double kurtosis = uniform ? 9.0 / 5.0 : 3.0;
        double s4 = sigma * sigma * sigma * sigma;
        assertEquals(0.0, mean, 5 * sigma / Math.sqrt(n), "mean");
        assertEquals(sigma * sigma, variance, 5 * Math.sqrt((kurtosis - 1) * s4 / n), "variance");
        if (uniform) {
            double r = sigma * Math.sqrt(3.0);
            assertTrue(Arrays.stream(w).allMatch(v -> v >= -r && v < r), "inside [-r, r)");
        } else {
            // P(|w| < sigma) = 0.6827; the count is binomial with standard deviation sqrt(n p (1-p)).
            long inside = Arrays.stream(w).filter(v -> Math.abs(v) < sigma).count();
            assertEquals(0.6827 * n, inside, 5 * Math.sqrt(n * 0.6827 * 0.3173), "within one sigma");
        }
    }

    @Test
    void rejectsParametersOfAnotherShape() {
        NetworkSpec s = spec(InitSpec.DEFAULT, Precision.DOUBLE, 5);
        Parameters other = new DoubleParameters(ParameterLayout.of(spec(InitSpec.DEFAULT, Precision.DOUBLE, 4)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializer.initialize(s, other));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
    }
}
