package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.fnnc.Fnnc;
import org.fnnc.compiler.VectorApiSupport;
import org.fnnc.generator.plan.KernelFamily;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.fnnc.spec.yaml.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kernels: vector_api}: which layers get Vector API kernels, that they compute what the interpreter
 * computes at every width around the vector boundaries (whole pairs of vectors, a lone vector's worth, scalar
 * tails) and every sample count around the 4-sample register block, and the error a JVM without the
 * incubator module gives. The random-spec equivalence property ({@link GeneratedEquivalenceTest}) covers
 * activations, losses and unroll modes with both kinds of kernel; this test pins the boundaries.
 * Surefire runs this module with {@code --add-modules jdk.incubator.vector}.
 */
class VectorKernelTest {

    private static final Path MNIST = Path.of("..", "specs", "mnist-mlp.yaml");

    @Test
    void theTestJvmHasTheIncubatorModule() {
        // otherwise every vector test below would fail with the missing-module error, not test the kernels
        assertTrue(VectorApiSupport.available(), "surefire's argLine must add " + Kernels.VECTOR_MODULE);
    }

    @Test
    void loopLayersOfAVectorSpecUseTheVectorApiAndScalarSpecsNever() {
        NetworkSpec scalar = SpecLoader.withDefaults().load(MNIST);
        NetworkSpec vector = scalar.withKernels(Kernels.VECTOR_API);
        GeneratedSource v = NetworkClassGenerator.generate(vector);
        assertTrue(v.usesVectorApi());
        assertTrue(v.text().contains("import jdk.incubator.vector.FloatVector;"), "import");
        assertTrue(v.text().contains("VS = FloatVector.SPECIES_PREFERRED"), "species constant");
        assertTrue(v.text().contains(".fma("), "fused multiply-adds");
        assertTrue(v.text().contains("--add-modules jdk.incubator.vector"), "class javadoc says what it needs");
        GeneratedSource s = NetworkClassGenerator.generate(scalar);
        assertFalse(s.usesVectorApi());
        assertFalse(s.text().contains("jdk.incubator"), "scalar source mentions the incubator");
    }

    @Test
    void fullyUnrolledNetworksTrainOnSampleLanes() {
        NetworkSpec iris = TestNetworks.spec("Iris", 4, new int[] {16}, Activation.RELU, 3, Loss.CROSS_ENTROPY, null)
                .withKernels(Kernels.VECTOR_API);
        GeneratedSource source = NetworkClassGenerator.generate(iris);
        assertTrue(source.plan().layers().stream().allMatch(l -> l.family() == KernelFamily.STRAIGHT_LINE));
        assertTrue(source.plan().sampleLanes());
        assertTrue(source.usesVectorApi());
        assertTrue(source.text().contains("private double laneBlock("), "lane kernels");
        assertFalse(NetworkClassGenerator.generate(iris.withKernels(Kernels.SCALAR)).text().contains("laneBlock"));
    }

    /**
     * The sample-lane kernels (straight-line networks) against the interpreter for every hidden activation and
     * every loss with its output activations, in both precisions, at batch sizes that are whole lane blocks
     * (VL is 4 to 16), whole blocks plus per-sample remainders, and shorter than a block.
     */
    static Stream<Arguments> laneCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Precision p : Precision.values()) {
            for (Activation hidden : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU,
                    Activation.LEAKY_RELU, Activation.LINEAR}) {
                b.add(Arguments.of(p, hidden, Loss.CROSS_ENTROPY, null));
                b.add(Arguments.of(p, hidden, Loss.BINARY_CROSS_ENTROPY, null));
                for (Activation out : new Activation[] {Activation.SIGMOID, Activation.TANH, Activation.RELU,
                        Activation.LEAKY_RELU, Activation.LINEAR}) {
                    b.add(Arguments.of(p, hidden, Loss.MSE, out));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("laneCases")
    void sampleLaneKernelsMatchTheInterpreter(Precision precision, Activation hidden, Loss loss, Activation mseOut) {
        NetworkSpec spec = TestNetworks.spec("Lanes", 5, new int[] {7, 6}, hidden, 3, loss, mseOut)
                .withPrecision(precision).withKernels(Kernels.VECTOR_API);
        assertTrue(NetworkClassGenerator.generate(spec).text().contains("laneBlock("), "lane kernels in use");
        double tol = precision == Precision.DOUBLE
                ? GeneratedEquivalenceTest.DOUBLE_TOLERANCE : GeneratedEquivalenceTest.FLOAT_TOLERANCE;
        Network generated = Fnnc.compile(spec);
        long seed = 7L * hidden.ordinal() + 31L * loss.ordinal() + (mseOut == null ? 0 : mseOut.ordinal());
        generated.parameters().copyFrom(TestNetworks.randomParameters(generated.parameters().size(), seed, 0.9));
        Network reference = Interpreter.create(spec, generated.parameters());
        for (int batch : new int[] {3, 16, 17, 35, 64}) {
            double[] x = TestNetworks.randomInputs(batch * spec.input(), seed + batch);
            double[] t = TestNetworks.randomTargets(spec, batch, seed + batch);
            assertSameLossAndGradients(reference, generated, x, t, batch, tol);
            // twice in a row: the lane accumulators start from zero again
            Networks.lossAndGradients(generated, x, t, batch);
            GeneratedEquivalenceTest.assertClose("gradients again, batch " + batch, reference.gradients().toArray(),
                    generated.gradients().toArray(), tol, spec);
        }
    }

    /**
     * Widths on both sides of 2 x 8 and 2 x 16 lanes (the preferred float species is 8 or 16 lanes wide on
     * x86, double 4 or 8) and sample counts on both sides of the 4-sample block and the 16-sample scratch
     * block. Tolerances as in {@link GeneratedEquivalenceTest}: the kernels differ from the interpreter only in
     * summation order and fused rounding.
     */
    static Stream<Arguments> boundaries() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Precision p : Precision.values()) {
            for (int width : new int[] {7, 15, 16, 17, 31, 32, 33, 48, 67, 100}) {
                b.add(Arguments.of(p, width));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} width {1}")
    @MethodSource("boundaries")
    void vectorKernelsMatchTheInterpreterAtEveryBoundary(Precision precision, int width) {
        // input width+3 (not a multiple of 4: the single-sample kernel's row remainder), hidden width, output width
        NetworkSpec spec = TestNetworks.spec("Wide" + width, width + 3, new int[] {width}, Activation.TANH, width,
                        Loss.MSE, Activation.SIGMOID)
                .withPrecision(precision).withUnroll(new UnrollSpec(UnrollMode.LOOPS, 0))
                .withKernels(Kernels.VECTOR_API);
        double tol = precision == Precision.DOUBLE
                ? GeneratedEquivalenceTest.DOUBLE_TOLERANCE : GeneratedEquivalenceTest.FLOAT_TOLERANCE;
        Network generated = Fnnc.compile(spec);
        long seed = 31L * width + precision.ordinal();
        generated.parameters().copyFrom(TestNetworks.randomParameters(generated.parameters().size(), seed, 0.5));
        Network reference = Interpreter.create(spec, generated.parameters());
        for (int batch : new int[] {1, 3, 4, 5, 8, 16, 17, 33}) {
            double[] x = GeneratedEquivalenceTest.withZeros(TestNetworks.randomInputs(batch * spec.input(), seed + batch),
                    0.3, seed);
            double[] t = TestNetworks.randomTargets(spec, batch, seed + batch);
            GeneratedEquivalenceTest.assertClose("outputs, batch " + batch, Networks.predict(reference, x, batch),
                    Networks.predict(generated, x, batch), tol, spec);
            assertSameLossAndGradients(reference, generated, x, t, batch, tol);
        }
    }

    @Test
    void aJvmWithoutTheModuleGetsAPositionedErrorSayingHowToStartJava() {
        String yaml = "name: Wide\ninput: 64\nlayers:\n  - {units: 64, activation: relu}\n"
                + "  - {units: 10, activation: softmax}\nloss: cross_entropy\nunroll: loops\nkernels: vector_api\n";
        NetworkSpec spec = SpecLoader.withDefaults().load(yaml, "wide.yaml");
        GeneratedSource source = NetworkClassGenerator.generate(spec);
        SpecException e = assertThrows(SpecException.class, () -> VectorApiSupport.require(source, false));
        assertEquals(1, e.diagnostics().size());
        String message = e.getMessage();
        assertTrue(message.startsWith("wide.yaml:8:10: error: Wide asks for 'kernels: vector_api', but this JVM was "
                + "started without the incubating module jdk.incubator.vector"), message);
        assertTrue(message.contains("--add-modules jdk.incubator.vector"), message);
        assertTrue(message.contains("FNNC_JAVA_OPTS"), message);
        assertTrue(message.contains("kernels: auto"), message);
        VectorApiSupport.require(source, true); // with the module: fine
    }

    /**
     * Huge logits and saturated sigmoids through the sample lanes (batch 32: whole lane blocks): zero weights,
     * biases of +-1e4, so the logits are the biases. Cross-entropy of the wrong class is 2e4 exactly in reals and
     * dL/db = softmax - onehot = (1, -1, 0); binary cross-entropy of confidently wrong outputs is large but finite
     * with dL/db = sigmoid - t = (+1, -1). The same limits NumericalSafetyTest checks for the per-sample code.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Precision.class)
    void sampleLanesStayFiniteAtExtremeLogits(Precision precision) {
        int batch = 32;
        double[] x = TestNetworks.randomInputs(batch * 2, 3);
        NetworkSpec ce = NetworkSpec.builder("HugeLanes").packageName("org.fnnc.test").input(2)
                .layer(3, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).precision(precision)
                .kernels(Kernels.VECTOR_API).build();
        assertTrue(NetworkClassGenerator.generate(ce).text().contains("laneBlock("));
        Network net = Fnnc.compile(ce);
        net.parameters().copyFrom(new double[] {0, 0, 0, 0, 0, 0, 1e4, -1e4, 0});
        double[] wrong = new double[batch];
        java.util.Arrays.fill(wrong, 1);
        assertEquals(2e4, Networks.lossAndGradients(net, x, wrong, batch), 2e4 * 1e-6);
        double[] g = net.gradients().toArray();
        assertEquals(1.0, g[6], 1e-6);
        assertEquals(-1.0, g[7], 1e-6);
        assertEquals(0.0, g[8], 1e-6);
        assertEquals(0.0, Networks.lossAndGradients(net, x, new double[batch], batch), 1e-6);

        NetworkSpec bce = NetworkSpec.builder("SaturatedLanes").packageName("org.fnnc.test").input(2)
                .layer(2, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY).precision(precision)
                .kernels(Kernels.VECTOR_API).build();
        Network sig = Fnnc.compile(bce);
        sig.parameters().copyFrom(new double[] {0, 0, 0, 0, 1e4, -1e4});
        double[] opposing = new double[2 * batch];
        for (int s = 0; s < batch; s++) {
            opposing[2 * s + 1] = 1;
        }
        double loss = Networks.lossAndGradients(sig, x, opposing, batch);
        assertTrue(Double.isFinite(loss) && loss > 10, "confidently wrong: large but finite loss, was " + loss);
        g = sig.gradients().toArray();
        for (double v : g) {
            assertTrue(Double.isFinite(v), java.util.Arrays.toString(g));
        }
        assertEquals(1.0, g[4], 1e-6);
        assertEquals(-1.0, g[5], 1e-6);
    }

    /** lossAndGradients of both networks on the batch: same loss and gradients within {@code tol} of their scale. */
    private static void assertSameLossAndGradients(Network reference, Network generated, double[] x, double[] t,
                                                   int batch, double tol) {
        NetworkSpec spec = generated.spec();
        double refLoss = Networks.lossAndGradients(reference, x, t, batch);
        double genLoss = Networks.lossAndGradients(generated, x, t, batch);
        GeneratedEquivalenceTest.assertClose("loss, batch " + batch, new double[] {refLoss}, new double[] {genLoss},
                tol, spec);
        GeneratedEquivalenceTest.assertClose("gradients, batch " + batch, reference.gradients().toArray(),
                generated.gradients().toArray(), tol, spec);
    }
}
