package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fnnc.generator.plan.BytecodeBudget;
import org.fnnc.generator.plan.KernelFamily;
import org.fnnc.generator.plan.LayerPlan;
import org.fnnc.generator.plan.NetworkPlan;
import org.fnnc.generator.plan.Planner;
import org.fnnc.generator.plan.Tile;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SourcePosition;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.SpecOrigin;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.junit.jupiter.api.Test;

/**
 * The planner's decisions, checked on the plan alone (no code generated): straight-line code or loops per
 * layer and its method split, the kernel family, tiles and batch-size dispatch of loop layers, sample lanes.
 */
class PlannerTest {

    private static NetworkSpec mnist() {
        return TestNetworks.spec("Mnist", 784, new int[] {128}, Activation.RELU, 10, Loss.CROSS_ENTROPY, null);
    }

    @Test
    void autoUnrollsSmallLayersAndLoopsLargeOnes() {
        NetworkSpec spec = TestNetworks.spec("Mixed", 4, new int[] {16, 300}, Activation.TANH, 3, Loss.CROSS_ENTROPY, null);
        NetworkPlan plan = Planner.plan(spec);
        assertEquals(KernelFamily.STRAIGHT_LINE, plan.layer(0).family(), "4 x 16 = 64 MACs is at most the default threshold");
        assertEquals(KernelFamily.LIBRARY_LOOPS, plan.layer(1).family(), "16 x 300 = 4800 MACs is above it");
        assertEquals(KernelFamily.LIBRARY_LOOPS, plan.layer(2).family(), "300 x 3 = 900 MACs is above it");
        assertTrue(plan.layer(1).describe().get(0).contains("above threshold " + UnrollSpec.DEFAULT_THRESHOLD),
                plan.layer(1).describe().get(0));
    }

    @Test
    void thresholdIsRespectedAtItsBoundary() {
        NetworkSpec spec = TestNetworks.spec("Edge", 16, new int[] {16}, Activation.RELU, 2, Loss.CROSS_ENTROPY, null);
        assertEquals(KernelFamily.STRAIGHT_LINE, Planner.plan(spec.withUnroll(new UnrollSpec(UnrollMode.AUTO, 256))).layer(0).family());
        assertEquals(KernelFamily.LIBRARY_LOOPS, Planner.plan(spec.withUnroll(new UnrollSpec(UnrollMode.AUTO, 255))).layer(0).family());
    }

    @Test
    void layerOverrideBeatsNetworkSetting() {
        NetworkSpec spec = mnist();
        NetworkSpec override = spec.withLayers(List.of(spec.layer(0), spec.layer(1).withUnroll(UnrollMode.FULL)));
        NetworkPlan plan = Planner.plan(override.withUnroll(new UnrollSpec(UnrollMode.LOOPS, 256)));
        assertEquals(KernelFamily.LIBRARY_LOOPS, plan.layer(0).family());
        assertEquals(KernelFamily.STRAIGHT_LINE, plan.layer(1).family(), "128 x 10 fits when split into methods");
        assertTrue(plan.layer(1).forwardParts() >= 1 && plan.layer(1).backwardParts() >= 1);
    }

    @Test
    void largeFullLayersAreSplitIntoMethods() {
        NetworkSpec spec = TestNetworks.spec("Split", 100, new int[] {60}, Activation.TANH, 20, Loss.MSE, Activation.LINEAR)
                .withUnroll(new UnrollSpec(UnrollMode.FULL, 256));
        LayerPlan first = Planner.plan(spec).layer(0);
        assertTrue(first.forwardParts() > 1, first.describe().toString());
        assertTrue(first.unitsPerPart() * first.forwardParts() >= 60);
        long estimate = BytecodeBudget.estimate(first.unitsPerPart(), first.in(), 2 * first.in());
        assertTrue(estimate <= BytecodeBudget.METHOD_BUDGET, "estimate " + estimate);
    }

    @Test
    void impossibleFullRequestIsAPositionedSpecError() {
        NetworkSpec base = mnist();
        NetworkSpec spec = base.withLayers(List.of(base.layer(0).withUnroll(UnrollMode.FULL), base.layer(1)))
                .withOrigin(new SpecOrigin("specs/mnist.yaml", Map.of("layers[0].unroll", new SourcePosition(6, 45))));
        SpecException e = assertThrows(SpecException.class, () -> Planner.plan(spec));
        assertEquals(1, e.diagnostics().size());
        String message = e.diagnostics().get(0).format();
        assertTrue(message.startsWith("specs/mnist.yaml:6:45: error: layer 0 (128 x 784) cannot be fully unrolled: "
                + "one unit's sum has 784 terms"), message);
        assertTrue(message.endsWith("(use 'unroll: loops' or 'auto' for this layer)"), message);
    }

    @Test
    void fullNetworkBeyondTheClassCapIsAnError() {
        NetworkSpec spec = TestNetworks.spec("Big", 200, new int[] {200}, Activation.RELU, 10, Loss.CROSS_ENTROPY, null)
                .withUnroll(new UnrollSpec(UnrollMode.FULL, 256));
        SpecException e = assertThrows(SpecException.class, () -> Planner.plan(spec));
        assertTrue(e.getMessage().contains("more than the " + BytecodeBudget.MAX_UNROLLED_MACS_PER_CLASS), e.getMessage());
    }

    @Test
    void autoNeverFails() {
        NetworkSpec spec = TestNetworks.spec("Wide", 784, new int[] {512, 512}, Activation.RELU, 10, Loss.CROSS_ENTROPY, null)
                .withUnroll(new UnrollSpec(UnrollMode.AUTO, Integer.MAX_VALUE));
        NetworkPlan plan = Planner.plan(spec);
        assertEquals(KernelFamily.LIBRARY_LOOPS, plan.layer(0).family());
        assertTrue(plan.layer(0).reason().contains("too large"), plan.layer(0).reason());
    }

    @Test
    void leakyLayerSpecKeepsAlpha() {
        assertEquals(0.2, LayerSpec.leakyRelu(3, 0.2).alpha());
    }

    @Test
    void loopLayersGetTheKernelFamilyOfTheSpecsKernels() {
        NetworkSpec spec = mnist();
        NetworkPlan auto = Planner.plan(spec);
        for (LayerPlan layer : auto.layers()) {
            assertEquals(KernelFamily.LIBRARY_LOOPS, layer.family(), "kernels: auto, the default");
            assertTrue(layer.scalarTile() == null && layer.vectorTile() == null && !layer.transposedCopy(),
                    "the library chooses its tiles");
        }
        assertTrue(!auto.usesVectorApi() && !auto.sampleLanes());
        assertEquals(Planner.LIBRARY_BLOCK_SAMPLES, auto.blockSamples());

        NetworkPlan scalar = Planner.plan(spec.withKernels(Kernels.SCALAR));
        assertEquals(KernelFamily.SCALAR_LOOPS, scalar.layer(0).family());
        assertEquals(new Tile(4, 2), scalar.layer(0).scalarTile());
        assertEquals(null, scalar.layer(0).vectorTile());
        assertEquals(0, scalar.layer(0).vectorMinSamples());
        assertTrue(!scalar.usesVectorApi() && !scalar.sampleLanes());

        NetworkPlan vector = Planner.plan(spec.withKernels(Kernels.VECTOR_API));
        for (LayerPlan layer : vector.layers()) {
            assertEquals(KernelFamily.VECTOR_LOOPS, layer.family());
            assertEquals(new Tile(4, 2), layer.vectorTile(), "4 samples x 2 vectors");
            assertEquals(new Tile(4, 2), layer.scalarTile(), "the tails and small blocks run the scalar kernels");
            assertEquals(4, layer.vectorMinSamples());
        }
        assertTrue(vector.usesVectorApi());
        assertTrue(!vector.sampleLanes(), "loop layers train block by block");
        assertEquals(16, vector.blockSamples());
    }

    @Test
    void onlyLoopLayersWithAnInputGradientKeepATransposedCopy() {
        NetworkSpec spec = TestNetworks.spec("Copies", 4, new int[] {16, 300}, Activation.TANH, 3, Loss.CROSS_ENTROPY, null)
                .withKernels(Kernels.SCALAR);
        NetworkPlan plan = Planner.plan(spec);
        assertTrue(!plan.layer(0).transposedCopy(), "straight-line: dot products per sample");
        assertEquals(4, plan.layer(1).transposeMinSamples(), "a loop layer after the first");
        assertTrue(plan.layer(2).transposedCopy());
        NetworkPlan loops = Planner.plan(spec.withUnroll(new UnrollSpec(UnrollMode.LOOPS, 128)));
        assertTrue(!loops.layer(0).transposedCopy(), "the first layer has no input gradient");
        assertTrue(loops.layer(1).transposedCopy());
    }

    @Test
    void sampleLanesNeedVectorKernelsAndOnlyStraightLineLayers() {
        NetworkSpec small = TestNetworks.spec("Small", 4, new int[] {16}, Activation.RELU, 3, Loss.CROSS_ENTROPY, null);
        assertTrue(Planner.plan(small.withKernels(Kernels.VECTOR_API)).sampleLanes());
        assertTrue(!Planner.plan(small.withKernels(Kernels.SCALAR)).sampleLanes(), "scalar kernels");
        assertTrue(!Planner.plan(small).sampleLanes(), "auto: the class must not need the Vector API");
        assertTrue(!Planner.plan(small.withKernels(Kernels.VECTOR_API)
                .withUnroll(new UnrollSpec(UnrollMode.LOOPS, 128))).sampleLanes(), "a loop layer");
        NetworkPlan mixed = Planner.plan(TestNetworks.spec("Mixed", 4, new int[] {16, 300}, Activation.TANH, 3,
                Loss.CROSS_ENTROPY, null).withKernels(Kernels.VECTOR_API));
        assertEquals(KernelFamily.STRAIGHT_LINE, mixed.layer(0).family());
        assertEquals(KernelFamily.VECTOR_LOOPS, mixed.layer(1).family());
        assertTrue(!mixed.sampleLanes());
    }

    @Test
    void thePrintedPlanNamesEveryDecision() {
        NetworkPlan plan = Planner.plan(mnist().withKernels(Kernels.VECTOR_API));
        String text = String.join("\n", plan.describe());
        assertTrue(text.startsWith("blocks of 16 samples; methods under 7000 bytecode bytes; kernels: vector_api\n"), text);
        assertTrue(text.contains("layers.0  128 x 784  100352 MACs  vector loops (above threshold 128)"), text);
        assertTrue(text.contains("vector tile 4 samples x 2 vectors for blocks of 4+ samples"), text);
        assertTrue(text.contains("scalar tile 4 rows x 2 samples"), text);
        assertTrue(text.contains("input gradient: transposed copy wt1 for blocks of 4+ samples, dot products below"), text);
        assertTrue(!text.contains("input gradient: transposed copy wt0"), "layer 0 has no input gradient: " + text);
        assertTrue(text.endsWith("training: block by block (loop layers run vector loops)"), text);
        NetworkPlan lanes = Planner.plan(TestNetworks.spec("Lanes", 4, new int[] {16}, Activation.RELU, 3,
                Loss.CROSS_ENTROPY, null).withKernels(Kernels.VECTOR_API));
        assertTrue(String.join("\n", lanes.describe()).contains("layers.0  16 x 4  64 MACs  straight-line (at most threshold 128)"));
        assertTrue(lanes.describe().get(lanes.describe().size() - 1).startsWith("training: sample lanes for whole blocks of VL samples"));
        String auto = String.join("\n", Planner.plan(mnist()).describe());
        assertTrue(auto.startsWith("blocks of 128 samples; methods under 7000 bytecode bytes; kernels: auto\n"), auto);
        assertTrue(auto.contains("layers.0  128 x 784  100352 MACs  kernel library (above threshold 128)\n"
                + "  org.fnnc.kernels calls on flat [block x 128] matrices"), auto);
        assertTrue(auto.endsWith("training: block by block (kernels: auto)"), auto);
    }

    @Test
    void inconsistentPlansAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LayerPlan(0, 4, 4, KernelFamily.STRAIGHT_LINE, "x", 0, 0,
                null, null, 0, 0), "straight-line without a method split");
        assertThrows(IllegalArgumentException.class, () -> new LayerPlan(1, 4, 4, KernelFamily.SCALAR_LOOPS, "x", 0, 0,
                new Tile(4, 2), new Tile(4, 2), 4, 4), "scalar loops with a vector tile");
        assertThrows(IllegalArgumentException.class, () -> new LayerPlan(0, 4, 4, KernelFamily.SCALAR_LOOPS, "x", 0, 0,
                new Tile(4, 2), null, 0, 4), "a transposed copy for the first layer");
        assertThrows(IllegalArgumentException.class, () -> new LayerPlan(1, 4, 4, KernelFamily.LIBRARY_LOOPS, "x", 0, 0,
                new Tile(4, 2), null, 0, 0), "the kernel library chooses its own tiles");
        assertThrows(IllegalArgumentException.class, () -> new LayerPlan(1, 4, 4, KernelFamily.LIBRARY_LOOPS, "x", 0, 0,
                null, null, 0, 4), "the kernel library needs no transposed copy");
        assertThrows(IllegalArgumentException.class, () -> new Tile(0, 2));
    }
}
