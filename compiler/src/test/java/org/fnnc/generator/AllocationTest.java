package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.fnnc.Fnnc;
import org.fnnc.kernels.KernelLibrary;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The steady-state training steps (unfused and fused SGD) and forward pass of a generated network allocate
 * nothing, with scalar and with Vector API kernels (whose vector objects C2 must keep in registers: a vector
 * that escaped would allocate on every multiply-add). The build runs this class twice, the second time with
 * {@code -XX:-UseTypeProfile} (compiler/pom.xml): the Vector API kernels must not depend on C2's type profiles,
 * whose presence at compile time is a matter of timing (see {@code VectorCode}).
 */
class AllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @EnumSource(Kernels.class)
    void trainingStepAllocatesNothing(Kernels kernels) {
        // KNOWN GAP (issue 14): the kernel library's Vector API code, unlike the generated code (VectorCode), still
        // needs C2's type profiles to keep its vectors in registers: without them (-XX:-UseTypeProfile, the second
        // run of this class) a 40-48-36-3 step at b=133 allocated ~45 MB. Measured and reported, not yet fixed.
        assumeFalse(kernels == Kernels.AUTO && !typeProfiles() && KernelLibrary.implementation()
                == KernelLibrary.Implementation.VECTOR, "the kernel library without type profiles: a known gap");
        // 40-48-36-3: the first two layers are loop layers wide enough for whole pairs of vectors plus a tail
        assertNoAllocation(TestNetworks.spec("AllocProbe", 40, new int[] {48, 36}, Activation.RELU, 3,
                Loss.CROSS_ENTROPY, null).withKernels(kernels));
    }

    /** A straight-line network with vector_api trains on sample lanes: lane blocks, flush and the remainder. */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "TANH", "SIGMOID"})
    void sampleLaneTrainingAllocatesNothing(Activation hidden) {
        assertNoAllocation(TestNetworks.spec("LaneProbe", 4, new int[] {16}, hidden, 3, Loss.CROSS_ENTROPY, null)
                .withKernels(Kernels.VECTOR_API));
    }

    /** The other output losses on lanes, and the remaining hidden activations' derivatives (two hidden layers). */
    @ParameterizedTest
    @EnumSource(value = Loss.class, names = {"MSE", "BINARY_CROSS_ENTROPY"})
    void sampleLaneLossesAllocateNothing(Loss loss) {
        Activation hidden = loss == Loss.MSE ? Activation.LEAKY_RELU : Activation.LINEAR;
        assertNoAllocation(TestNetworks.spec("LaneLossProbe", 4, new int[] {12, 8}, hidden, 3, loss,
                Activation.SIGMOID).withKernels(Kernels.VECTOR_API));
    }

    /** Whether C2 has type profiles in this JVM (the build's second run switches them off). */
    private static boolean typeProfiles() {
        return !ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:-UseTypeProfile");
    }

    static void assertNoAllocation(NetworkSpec spec) {
        GeneratedSource source = NetworkClassGenerator.generate(spec);
        assertEquals(spec.kernels() == Kernels.VECTOR_API, source.usesVectorApi());
        // two full blocks and a remainder of 5 (an odd sample, transposed input gradient): 37 for blocks of 16
        int batch = 2 * source.plan().blockSamples() + 5;
        FloatNetwork f = (FloatNetwork) Fnnc.compile(spec);
        float[] x = Networks.toFloat(TestNetworks.randomInputs(batch * spec.input(), 1));
        float[] t = Networks.toFloat(TestNetworks.randomTargets(spec, batch, 2));
        float[] out = new float[batch * spec.outputSize()];
        DoubleNetwork d = (DoubleNetwork) Fnnc.compile(spec.withPrecision(Precision.DOUBLE));
        double[] xd = TestNetworks.randomInputs(batch * spec.input(), 1);
        double[] td = TestNetworks.randomTargets(spec, batch, 2);
        Runnable step = () -> {
            f.lossAndGradients(x, t, batch);
            f.predict(x, batch, out);
            d.lossAndGradients(xd, td, batch);
            f.sgdStep(x, t, batch, 1e-3);
            d.sgdStep(xd, td, batch, 1e-3);
        };
        // Warm-up: 20,000 steps, or 4 s for the networks whose steps are long (the kernel library's blocks of 128).
        long warmUpEnd = System.nanoTime() + 4_000_000_000L;
        for (int i = 0; i < 20_000 && System.nanoTime() < warmUpEnd; i++) {
            step.run();
        }
        // Steady state, not a fixed step count: C2 compiles in the background, and a tiny network's 20,000
        // warm-up steps take ~40 ms, so a kernel may still run compiled by C1 (where every Vector API call
        // allocates) when the first window starts. Windows of 1,000 steps continue until one allocates nothing, for
        // at least 5 windows and up to 60 s; a kernel C2 never makes allocation-free fails every one of them.
        List<Long> windows = new ArrayList<>();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (windows.size() < 5 || System.nanoTime() < deadline) {
            long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 1_000; i++) {
                step.run();
            }
            long allocated = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            windows.add(allocated);
            // A single boxed or array allocation per step would show as >= 16 KB over 1,000 steps.
            if (allocated < 4096) {
                return;
            }
        }
        fail("every window of 1,000 steps allocated: " + windows + " bytes");
    }
}
