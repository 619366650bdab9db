package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.fnnc.Fnnc;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;

/**
 * The generated network computes what the reference interpreter computes: outputs, losses and every
 * gradient, for random specs (all activations, all allowed losses, depth 1-4, widths 1-64, both precisions,
 * every unroll mode, scalar and Vector API kernels), random parameters and inputs (with and without runs of exact zeros, which the block
 * kernels skip), and batch sizes on both sides of every block boundary.
 *
 * <p>Tolerances, relative to the largest magnitude in the compared array (so that entries that cancel to
 * near zero are judged against the scale of the terms that produced them):
 * <ul>
 *   <li>double: 1e-10. Both sides compute in double and differ only in summation order; each rounding is
 *       at most 2^-53 (1.1e-16) of a partial sum, and at most 64-term sums through 4 layers plus exp/log
 *       leave the accumulated difference below 1e-13 of the scale.
 *   <li>float: 1e-4. The generated side rounds every operation to float (2^-24 = 6e-8); 64-term sums through
 *       4 layers and the backward pass accumulate a few hundred such roundings, ~2e-5 of the scale at worst.
 * </ul>
 */
class GeneratedEquivalenceTest {

    static final double DOUBLE_TOLERANCE = 1e-10;
    static final double FLOAT_TOLERANCE = 1e-4;

    @Property(tries = 100, seed = "20261122")
    void generatedMatchesInterpreter(@ForAll("specs") NetworkSpec spec, @ForAll("batches") int batch,
                                     @ForAll("seeds") long seed, @ForAll("zeroFractions") double zeros) {
        Network generated = Fnnc.compile(spec);
        generated.parameters().copyFrom(TestNetworks.randomParameters(generated.parameters().size(), seed, 0.8));
        Network reference = Interpreter.create(spec, generated.parameters());
        double[] x = withZeros(TestNetworks.randomInputs(batch * spec.input(), seed), zeros, seed);
        double[] t = TestNetworks.randomTargets(spec, batch, seed);
        double tol = spec.precision() == Precision.DOUBLE ? DOUBLE_TOLERANCE : FLOAT_TOLERANCE;

        assertClose("outputs", Networks.predict(reference, x, batch), Networks.predict(generated, x, batch), tol, spec);
        double refLoss = Networks.loss(reference, x, t, batch);
        assertClose("loss", new double[] {refLoss}, new double[] {Networks.loss(generated, x, t, batch)}, tol, spec);
        double refLoss2 = Networks.lossAndGradients(reference, x, t, batch);
        double genLoss2 = Networks.lossAndGradients(generated, x, t, batch);
        assertClose("loss with gradients", new double[] {refLoss2}, new double[] {genLoss2}, tol, spec);
        assertClose("gradients", reference.gradients().toArray(), generated.gradients().toArray(), tol, spec);
    }

    /**
     * The fused {@code sgdStep} of the generated class is one plain SGD step: its returned loss, the mean
     * gradient it leaves and the updated parameters match the interpreter's default {@code sgdStep} (same
     * tolerances as above; the update {@code p - lr g} adds at most one rounding of p), and they are
     * bit-identical to {@code lossAndGradients} followed by {@code p -= lr * g} on the generated class itself,
     * whose arithmetic the fused step promises to keep. A learning rate of 0.5 makes the update large next to
     * the tolerance, so a missing or mis-scaled update fails.
     */
    @Property(tries = 60, seed = "20261123")
    void fusedSgdStepMatchesInterpreter(@ForAll("specs") NetworkSpec spec, @ForAll("batches") int batch,
                                        @ForAll("seeds") long seed) {
        double lr = 0.5;
        Network generated = Fnnc.compile(spec);
        generated.parameters().copyFrom(TestNetworks.randomParameters(generated.parameters().size(), seed, 0.8));
        Network unfused = generated.copy();
        Network reference = Interpreter.create(spec, generated.parameters());
        double[] x = TestNetworks.randomInputs(batch * spec.input(), seed);
        double[] t = TestNetworks.randomTargets(spec, batch, seed);
        double tol = spec.precision() == Precision.DOUBLE ? DOUBLE_TOLERANCE : FLOAT_TOLERANCE;

        double refLoss = Networks.sgdStep(reference, x, t, batch, lr);
        double genLoss = Networks.sgdStep(generated, x, t, batch, lr);
        assertClose("sgdStep loss", new double[] {refLoss}, new double[] {genLoss}, tol, spec);
        assertClose("gradients after sgdStep", reference.gradients().toArray(), generated.gradients().toArray(), tol, spec);
        assertClose("parameters after sgdStep", reference.parameters().toArray(), generated.parameters().toArray(), tol, spec);

        double unfusedLoss = TestNetworks.unfusedSgdStep(unfused, x, t, batch, lr);
        assertEquals(unfusedLoss, genLoss, "loss: fused vs unfused, " + spec);
        assertEquals(java.util.Arrays.toString(unfused.gradients().toArray()),
                java.util.Arrays.toString(generated.gradients().toArray()), "gradients: fused vs unfused, " + spec);
        assertEquals(java.util.Arrays.toString(unfused.parameters().toArray()),
                java.util.Arrays.toString(generated.parameters().toArray()), "parameters: fused vs unfused, " + spec);
    }

    static void assertClose(String what, double[] expected, double[] actual, double tol, NetworkSpec spec) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 1e-6;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int k = 0; k < expected.length; k++) {
            double err = Math.abs(expected[k] - actual[k]) / scale;
            int index = k;
            assertTrue(err <= tol, () -> what + "[" + index + "] of " + spec + " " + spec.unroll() + " " + spec.kernels() + ": interpreter "
                    + expected[index] + ", generated " + actual[index] + ", error " + err + " of scale, tolerance " + tol);
        }
    }

    /**
     * Sizes on both sides of the block kernels' boundaries: 2 samples per register block, 16 per block of
     * scratch (so 3, 5, 7, 15, 17 and 33 leave remainders, 2, 4, 16 and 32 fill blocks exactly).
     */
    @Provide
    Arbitrary<Integer> batches() {
        return Arbitraries.of(1, 2, 3, 4, 5, 7, 15, 16, 17, 32, 33);
    }

    /** Fraction of inputs set to exactly zero: the kernels skip register blocks whose inputs are all zero. */
    @Provide
    Arbitrary<Double> zeroFractions() {
        return Arbitraries.of(0.0, 0.5, 0.9);
    }

    /** {@code x} with about {@code fraction} of its entries set to 0 (chosen by {@code seed}). */
    static double[] withZeros(double[] x, double fraction, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < x.length; k++) {
            if (r.nextDouble() < fraction) {
                x[k] = 0.0;
            }
        }
        return x;
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<NetworkSpec> specs() {
        Arbitrary<List<Integer>> widths = Arbitraries.integers().between(1, 64).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<Activation>> hidden = Arbitraries.of(Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.LEAKY_RELU, Activation.LINEAR).list().ofSize(3);
        Arbitrary<Loss> losses = Arbitraries.of(Loss.values());
        Arbitrary<Activation> mseOutputs = Arbitraries.of(Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.LEAKY_RELU, Activation.LINEAR);
        Arbitrary<Precision> precisions = Arbitraries.of(Precision.values());
        Arbitrary<UnrollSpec> unrolls = Combinators.combine(Arbitraries.of(UnrollMode.values()),
                Arbitraries.of(0, 64, 256, 1024)).as(UnrollSpec::new);
        Arbitrary<Integer> inputs = Arbitraries.integers().between(1, 64);
        Arbitrary<Kernels> kernels = Arbitraries.of(Kernels.values());
        return Combinators.combine(inputs, widths, hidden, losses, mseOutputs, precisions, unrolls, kernels)
                .as((input, ws, acts, loss, mseOut, precision, unroll, kernel) -> {
                    NetworkSpec.Builder b = NetworkSpec.builder("Probe").packageName("org.fnnc.test").input(input);
                    List<LayerSpec> layers = new ArrayList<>();
                    for (int l = 0; l < ws.size() - 1; l++) {
                        Activation a = acts.get(l % acts.size());
                        layers.add(a == Activation.LEAKY_RELU ? LayerSpec.leakyRelu(ws.get(l), 0.1) : LayerSpec.of(ws.get(l), a));
                    }
                    int out = ws.get(ws.size() - 1);
                    if (loss == Loss.CROSS_ENTROPY) {
                        out = Math.max(out, 2);
                    }
                    layers.add(LayerSpec.of(out, TestNetworks.outputFor(loss, mseOut)));
                    layers.forEach(b::layer);
                    return b.loss(loss).precision(precision).unroll(unroll).kernels(kernel).build();
                });
    }
}
