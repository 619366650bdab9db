package org.fnnc.generator;

import static org.fnnc.generator.GeneratedEquivalenceTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.fnnc.Fnnc;
import org.fnnc.generator.plan.KernelFamily;
import org.fnnc.generator.plan.NetworkPlan;
import org.fnnc.generator.plan.Planner;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.kernels.KernelLibrary;
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
import org.junit.jupiter.api.Test;

/**
 * The default kernels ({@code kernels: auto}): loop layers that call the kernel library ({@link KernelFamily#LIBRARY_LOOPS})
 * compute what the interpreter computes — predictions, loss, gradients and the fused SGD step — for both
 * precisions, every hidden activation and loss, next to straight-line layers, and for batches on both sides of
 * the library's block ({@link Planner#LIBRARY_BLOCK_SAMPLES}) and of its 6-sample register tiles. Tolerances are
 * {@link GeneratedEquivalenceTest}'s: the library sums with fused multiply-adds in its own order, which moves a
 * float result by a few roundings of its scale.
 *
 * <p>The build runs this class twice (compiler/pom.xml): with {@code jdk.incubator.vector}, where the library
 * runs its Vector API kernels, and without it, where it runs its scalar ones; {@code fnnc.test.vector} says
 * which, and {@link #libraryRunsTheKernelsTheJvmAllows} checks the library took them.
 */
class LibraryKernelsTest {

    @Test
    void libraryRunsTheKernelsTheJvmAllows() {
        boolean module = ModuleLayer.boot().findModule(Kernels.VECTOR_MODULE).isPresent();
        String promised = System.getProperty("fnnc.test.vector");
        if (promised != null) {
            assertEquals(Boolean.parseBoolean(promised), module, "the build's JVM options");
        }
        assertEquals(module ? KernelLibrary.Implementation.VECTOR : KernelLibrary.Implementation.SCALAR,
                KernelLibrary.implementation(), KernelLibrary.description());
    }

    @Test
    void autoIsTheDefaultAndPlansLibraryLoopsWithoutTheVectorApi() {
        NetworkSpec spec = TestNetworks.spec("Mnist", 784, new int[] {128}, Activation.RELU, 10, Loss.CROSS_ENTROPY,
                null);
        assertEquals(Kernels.AUTO, spec.kernels());
        NetworkPlan plan = Planner.plan(spec);
        assertEquals(Planner.LIBRARY_BLOCK_SAMPLES, plan.blockSamples());
        assertTrue(plan.layers().stream().allMatch(l -> l.family() == KernelFamily.LIBRARY_LOOPS), plan.describe()::toString);
        assertFalse(plan.usesVectorApi());
        assertFalse(plan.sampleLanes());
        GeneratedSource source = NetworkClassGenerator.generate(spec);
        assertFalse(source.text().contains("jdk.incubator.vector"), "the default class must compile without the module");
        assertTrue(source.text().contains("FloatDense.forward("), "loop layers call the library");
        assertTrue(String.join("\n", plan.describe()).contains("blocks of " + Planner.LIBRARY_BLOCK_SAMPLES + " samples"));
        // Small layers stay straight-line; a network of straight-line layers only keeps blocks of 16.
        NetworkSpec tiny = TestNetworks.spec("Tiny", 4, new int[] {8}, Activation.TANH, 3, Loss.CROSS_ENTROPY, null);
        NetworkPlan tinyPlan = Planner.plan(tiny);
        assertTrue(tinyPlan.layers().stream().allMatch(l -> l.family() == KernelFamily.STRAIGHT_LINE));
        assertEquals(Planner.BLOCK_SAMPLES, tinyPlan.blockSamples());
    }

    @Property(tries = 60, seed = "20261201")
    void libraryLayersMatchTheInterpreter(@ForAll("specs") NetworkSpec spec, @ForAll("batches") int batch,
                                          @ForAll("seeds") long seed) {
        Assume.that(Planner.plan(spec).layers().stream().anyMatch(l -> l.family() == KernelFamily.LIBRARY_LOOPS));
        Network generated = Fnnc.compile(spec);
        generated.parameters().copyFrom(TestNetworks.randomParameters(generated.parameters().size(), seed, 0.8));
        Network reference = Interpreter.create(spec, generated.parameters());
        double[] x = GeneratedEquivalenceTest.withZeros(TestNetworks.randomInputs(batch * spec.input(), seed), 0.3, seed);
        double[] t = TestNetworks.randomTargets(spec, batch, seed);
        double tol = spec.precision() == Precision.DOUBLE ? GeneratedEquivalenceTest.DOUBLE_TOLERANCE
                : GeneratedEquivalenceTest.FLOAT_TOLERANCE;

        assertClose("outputs", Networks.predict(reference, x, batch), Networks.predict(generated, x, batch), tol, spec);
        assertClose("loss", new double[] {Networks.loss(reference, x, t, batch)},
                new double[] {Networks.loss(generated, x, t, batch)}, tol, spec);
        double refLoss = Networks.lossAndGradients(reference, x, t, batch);
        double genLoss = Networks.lossAndGradients(generated, x, t, batch);
        assertClose("loss with gradients", new double[] {refLoss}, new double[] {genLoss}, tol, spec);
        assertClose("gradients", reference.gradients().toArray(), generated.gradients().toArray(), tol, spec);

        // A second call accumulates nothing stale: lossAndGradients starts from zero gradients each time.
        Networks.lossAndGradients(generated, x, t, batch);
        assertClose("gradients again", reference.gradients().toArray(), generated.gradients().toArray(), tol, spec);

        double lr = 0.5;
        Network unfused = generated.copy();
        double refStep = Networks.sgdStep(reference, x, t, batch, lr);
        double genStep = Networks.sgdStep(generated, x, t, batch, lr);
        assertClose("sgdStep loss", new double[] {refStep}, new double[] {genStep}, tol, spec);
        assertClose("parameters after sgdStep", reference.parameters().toArray(), generated.parameters().toArray(),
                tol, spec);
        // The fused step (gradients written on the first block, the update inside the last block's weight
        // gradient) gives the bits of lossAndGradients followed by p -= lr g, over any number of blocks.
        double unfusedLoss = TestNetworks.unfusedSgdStep(unfused, x, t, batch, lr);
        assertEquals(unfusedLoss, genStep, "loss: fused vs unfused, " + spec);
        assertEquals(Arrays.toString(unfused.gradients().toArray()), Arrays.toString(generated.gradients().toArray()),
                "gradients: fused vs unfused, " + spec);
        assertEquals(Arrays.toString(unfused.parameters().toArray()), Arrays.toString(generated.parameters().toArray()),
                "parameters: fused vs unfused, " + spec);
        // and a later lossAndGradients starts from zero again, as outside a step; right after a one-sample step
        // it must also discard the outer products that step left (lossAndGradients calls gradientSum, which the
        // kernel-library layers write on the first block instead of adding to zeroed arrays)
        TestNetworks.unfusedLossAndGradients(unfused, x, t, batch);
        Networks.lossAndGradients(generated, x, t, batch);
        assertEquals(Arrays.toString(unfused.gradients().toArray()), Arrays.toString(generated.gradients().toArray()),
                "gradients after the step: " + spec);
        // gradientSum on its own: the bits of zeroing and accumulating, from stale gradients, parameters untouched
        generated.gradients().fill(3.0);
        unfused.gradients().fill(0.0);
        Networks.Batch unfusedBatch = Networks.batch(unfused, batch);
        unfusedBatch.set(x, t, batch);
        double zeroedSum = unfusedBatch.accumulateGradients(batch);
        Networks.Batch generatedBatch = Networks.batch(generated, batch);
        generatedBatch.set(x, t, batch);
        assertEquals(zeroedSum, generatedBatch.gradientSum(batch), "gradientSum loss: " + spec);
        assertEquals(Arrays.toString(unfused.gradients().toArray()), Arrays.toString(generated.gradients().toArray()),
                "gradientSum gradients: " + spec);
        assertEquals(Arrays.toString(unfused.parameters().toArray()), Arrays.toString(generated.parameters().toArray()),
                "parameters after gradientSum: " + spec);
        // and accumulateGradients after it adds again
        unfusedBatch.accumulateGradients(batch);
        generatedBatch.accumulateGradients(batch);
        assertEquals(Arrays.toString(unfused.gradients().toArray()), Arrays.toString(generated.gradients().toArray()),
                "accumulateGradients after gradientSum: " + spec);
    }

    /**
     * A one-block sgdStep steps without writing its weight gradients and leaves them pending on the block's inputs
     * and deltas: predict and loss on other data (which overwrite the class's block scratch), another network's
     * steps, and the caller overwriting its own input array before the gradients are read change nothing. The
     * gradients and parameters are, bit for bit, those of lossAndGradients on the step's batch and the update.
     */
    @Test
    void aOneBlockStepsGradientSurvivesLaterCallsAndTheCallersArrays() {
        for (Precision precision : Precision.values()) {
            NetworkSpec base = TestNetworks.spec("LibraryPendingProbe", 40, new int[] {70, 33}, Activation.RELU, 4,
                    Loss.CROSS_ENTROPY, null);
            NetworkSpec spec = base.withPrecision(precision);
            int batch = 37;
            Network generated = Fnnc.compile(spec);
            generated.parameters().copyFrom(TestNetworks.randomParameters(generated.parameters().size(), 5, 0.8));
            Network unfused = generated.copy();
            double[] x = TestNetworks.randomInputs(batch * spec.input(), 6);
            double[] t = TestNetworks.randomTargets(spec, batch, 7);
            double[] other = TestNetworks.randomInputs(batch * spec.input(), 8);
            double[] otherT = TestNetworks.randomTargets(spec, batch, 9);
            TestNetworks.unfusedSgdStep(unfused, x, t, batch, 0.5);
            double[] expectedGradients = unfused.gradients().toArray();
            // the step through the typed interface, so that this test owns the input array and can overwrite it
            if (generated instanceof org.fnnc.network.FloatNetwork f) {
                float[] xf = Networks.toFloat(x);
                f.sgdStep(xf, Networks.toFloat(t), batch, 0.5);
                Arrays.fill(xf, Float.NaN);
            } else {
                double[] xd = x.clone();
                ((org.fnnc.network.DoubleNetwork) generated).sgdStep(xd, t.clone(), batch, 0.5);
                Arrays.fill(xd, Double.NaN);
            }
            Networks.predict(generated, other, batch);
            Networks.loss(generated, other, otherT, batch - 3);
            Network copy = generated.copy();
            Networks.sgdStep(copy, other, otherT, batch, 0.5);
            // assertArrayEquals on doubles compares bits (doubleToLongBits)
            assertArrayEquals(expectedGradients, generated.gradients().toArray(),
                    "gradients after predict, loss and an overwritten x: " + spec);
            assertArrayEquals(unfused.parameters().toArray(), generated.parameters().toArray(), "parameters: " + spec);
        }
    }

    /**
     * A float network's one-sample sgdStep leaves its first layer's weight step pending (FloatParameters.deferStep)
     * and the next forward pass of one sample takes it while it reads the rows (on 512-bit vectors with no zero
     * input, the fused row groups; otherwise the step, then the pass); a forward pass of more samples and any read
     * of the parameters take it first. Over a run of one-sample steps with one- and three-sample predictions and
     * parameter reads between them, every prediction, gradient and parameter is, bit for bit, that of
     * lossAndGradients and p -= lr g taken at once; and the parameters stay within the float tolerance of the
     * interpreter's steps.
     */
    @Test
    void oneSampleStepsTakeTheFirstLayersStepInTheNextForwardPassWithTheSameBits() {
        // 256 units: whole row groups of 16 vectors on 512-bit vectors; inputs with no zeros (the fused path), then
        // with zeros (the step, then the pass)
        NetworkSpec spec = TestNetworks.spec("DeferredStepProbe", 300, new int[] {256}, Activation.RELU, 10,
                Loss.CROSS_ENTROPY, null);
        assertEquals(KernelFamily.LIBRARY_LOOPS, Planner.plan(spec).layer(0).family());
        for (boolean zeros : new boolean[] {false, true}) {
            Network generated = Fnnc.compile(spec);
            generated.parameters().copyFrom(TestNetworks.randomParameters(generated.parameters().size(), 11, 0.3));
            Network unfused = generated.copy();
            Network reference = Interpreter.create(spec, generated.parameters());
            double lr = 0.25;
            for (int step = 0; step < 8; step++) {
                double[] x = TestNetworks.randomInputs(spec.input(), 100 + step);
                for (int k = 0; k < x.length; k++) {
                    x[k] = 0.05 + Math.abs(x[k]);
                }
                if (zeros) {
                    x = GeneratedEquivalenceTest.withZeros(x, 0.3, step);
                }
                double[] t = TestNetworks.randomTargets(spec, 1, 200 + step);
                String what = spec + (zeros ? " (inputs with zeros)" : "") + ", step " + step;
                double unfusedLoss = TestNetworks.unfusedSgdStep(unfused, x, t, 1, lr);
                assertEquals(unfusedLoss, Networks.sgdStep(generated, x, t, 1, lr), "loss: " + what);
                Networks.sgdStep(reference, x, t, 1, lr);
                double[] other = TestNetworks.randomInputs(3 * spec.input(), 300 + step);
                for (int k = 0; k < other.length; k++) {
                    other[k] = 0.05 + Math.abs(other[k]);
                }
                if (step % 3 == 0) {
                    // one sample: the pending step taken in the forward pass
                    assertArrayEquals(Networks.predict(unfused, other, 1), Networks.predict(generated, other, 1),
                            "one-sample prediction after " + what);
                } else if (step % 3 == 1) {
                    // three samples: the step taken first
                    assertArrayEquals(Networks.predict(unfused, other, 3), Networks.predict(generated, other, 3),
                            "three-sample prediction after " + what);
                } else {
                    // a read of the parameters: the step taken, and not taken again by the next forward pass
                    assertArrayEquals(unfused.parameters().toArray(), generated.parameters().toArray(),
                            "parameters read after " + what);
                }
            }
            assertArrayEquals(unfused.gradients().toArray(), generated.gradients().toArray(), "gradients: " + spec);
            assertArrayEquals(unfused.parameters().toArray(), generated.parameters().toArray(), "parameters: " + spec);
            assertClose("parameters against the interpreter", reference.parameters().toArray(),
                    generated.parameters().toArray(), GeneratedEquivalenceTest.FLOAT_TOLERANCE, spec);
        }
    }

    /** A step that fails part-way (a bad class index in the second block) leaves no step state behind. */
    @Test
    void aFailedStepLeavesLaterCallsAccumulating() {
        NetworkSpec spec = TestNetworks.spec("LibraryFailProbe", 30, new int[] {70}, Activation.RELU, 3,
                Loss.CROSS_ENTROPY, null);
        int batch = 2 * Planner.LIBRARY_BLOCK_SAMPLES + 2;
        Network generated = Fnnc.compile(spec);
        Network reference = Interpreter.create(spec, generated.parameters());
        double[] x = TestNetworks.randomInputs(batch * spec.input(), 3);
        double[] t = TestNetworks.randomTargets(spec, batch, 4);
        double[] bad = t.clone();
        bad[Planner.LIBRARY_BLOCK_SAMPLES + 5] = 7;
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> Networks.sgdStep(generated, x, bad, batch, 0.5));
        reference.parameters().copyFrom(generated.parameters().toArray()); // whatever the failed step left
        double tol = GeneratedEquivalenceTest.FLOAT_TOLERANCE;
        assertClose("loss after a failed step", new double[] {Networks.lossAndGradients(reference, x, t, batch)},
                new double[] {Networks.lossAndGradients(generated, x, t, batch)}, tol, spec);
        assertClose("gradients after a failed step", reference.gradients().toArray(), generated.gradients().toArray(),
                tol, spec);
    }

    /** The default kernels' steady state allocates nothing, both precisions, over two blocks and a remainder. */
    @Test
    void libraryTrainingAllocatesNothing() {
        // 5 -> 12 straight-line (60 MACs), then library layers 12 -> 70 -> 33 -> 4: widths that leave vector tails
        AllocationTest.assertNoAllocation(TestNetworks.spec("LibraryAllocProbe", 5, new int[] {12, 70, 33},
                Activation.LEAKY_RELU, 4, Loss.CROSS_ENTROPY, null));
    }

    /**
     * Batches around the block of {@value Planner#LIBRARY_BLOCK_SAMPLES} samples (127, 128, 129, 130, and 64) and the
     * library's tiles (1, 2 samples stream the weights; 5, 6, 7, 13 around the 6-sample register tile).
     */
    @Provide
    Arbitrary<Integer> batches() {
        return Arbitraries.of(1, 2, 5, 6, 7, 13, 64, 127, 128, 129, 130);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<NetworkSpec> specs() {
        Arbitrary<List<Integer>> widths = Arbitraries.integers().between(1, 80).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Activation> hidden = Arbitraries.of(Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.LEAKY_RELU, Activation.LINEAR);
        Arbitrary<Loss> losses = Arbitraries.of(Loss.values());
        Arbitrary<Activation> mseOutputs = Arbitraries.of(Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.LEAKY_RELU, Activation.LINEAR);
        Arbitrary<Precision> precisions = Arbitraries.of(Precision.values());
        // loops: every layer calls the library; auto 0 likewise; auto 256: small layers stay straight-line
        Arbitrary<UnrollSpec> unrolls = Arbitraries.of(new UnrollSpec(UnrollMode.LOOPS, 128),
                new UnrollSpec(UnrollMode.AUTO, 0), new UnrollSpec(UnrollMode.AUTO, 256));
        Arbitrary<Integer> inputs = Arbitraries.integers().between(17, 90);
        return Combinators.combine(inputs, widths, hidden, losses, mseOutputs, precisions, unrolls)
                .as((input, ws, act, loss, mseOut, precision, unroll) -> {
                    NetworkSpec.Builder b = NetworkSpec.builder("LibraryProbe").packageName("org.fnnc.test").input(input);
                    List<LayerSpec> layers = new ArrayList<>();
                    for (int l = 0; l < ws.size() - 1; l++) {
                        layers.add(act == Activation.LEAKY_RELU ? LayerSpec.leakyRelu(ws.get(l), 0.1)
                                : LayerSpec.of(ws.get(l), act));
                    }
                    int out = ws.get(ws.size() - 1);
                    if (loss == Loss.CROSS_ENTROPY) {
                        out = Math.max(out, 2);
                    }
                    layers.add(LayerSpec.of(out, TestNetworks.outputFor(loss, mseOut)));
                    layers.forEach(b::layer);
                    return b.loss(loss).precision(precision).unroll(unroll).build();
                });
    }
}
