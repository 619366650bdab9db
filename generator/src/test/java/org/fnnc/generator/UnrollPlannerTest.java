package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fnnc.generator.LayerPlan.Strategy;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SourcePosition;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.SpecOrigin;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.junit.jupiter.api.Test;

class UnrollPlannerTest {

    private static NetworkSpec mnist() {
        return TestNetworks.spec("Mnist", 784, new int[] {128}, Activation.RELU, 10, Loss.CROSS_ENTROPY, null);
    }

    @Test
    void autoUnrollsSmallLayersAndLoopsLargeOnes() {
        NetworkSpec spec = TestNetworks.spec("Mixed", 4, new int[] {16, 300}, Activation.TANH, 3, Loss.CROSS_ENTROPY, null);
        UnrollPlan plan = UnrollPlanner.plan(spec);
        assertEquals(Strategy.FULL, plan.layer(0).strategy(), "4 x 16 = 64 MACs is at most the default threshold");
        assertEquals(Strategy.LOOPS, plan.layer(1).strategy(), "16 x 300 = 4800 MACs is above it");
        assertEquals(Strategy.LOOPS, plan.layer(2).strategy(), "300 x 3 = 900 MACs is above it");
        assertTrue(plan.describe().get(1).contains("above threshold " + UnrollSpec.DEFAULT_THRESHOLD), plan.describe().get(1));
    }

    @Test
    void thresholdIsRespectedAtItsBoundary() {
        NetworkSpec spec = TestNetworks.spec("Edge", 16, new int[] {16}, Activation.RELU, 2, Loss.CROSS_ENTROPY, null);
        assertEquals(Strategy.FULL, UnrollPlanner.plan(spec.withUnroll(new UnrollSpec(UnrollMode.AUTO, 256))).layer(0).strategy());
        assertEquals(Strategy.LOOPS, UnrollPlanner.plan(spec.withUnroll(new UnrollSpec(UnrollMode.AUTO, 255))).layer(0).strategy());
    }

    @Test
    void layerOverrideBeatsNetworkSetting() {
        NetworkSpec spec = mnist();
        NetworkSpec override = spec.withLayers(List.of(spec.layer(0), spec.layer(1).withUnroll(UnrollMode.FULL)));
        UnrollPlan plan = UnrollPlanner.plan(override.withUnroll(new UnrollSpec(UnrollMode.LOOPS, 256)));
        assertEquals(Strategy.LOOPS, plan.layer(0).strategy());
        assertEquals(Strategy.FULL, plan.layer(1).strategy(), "128 x 10 fits when split into methods");
        assertTrue(plan.layer(1).forwardParts() >= 1 && plan.layer(1).backwardParts() >= 1);
    }

    @Test
    void largeFullLayersAreSplitIntoMethods() {
        NetworkSpec spec = TestNetworks.spec("Split", 100, new int[] {60}, Activation.TANH, 20, Loss.MSE, Activation.LINEAR)
                .withUnroll(new UnrollSpec(UnrollMode.FULL, 256));
        LayerPlan first = UnrollPlanner.plan(spec).layer(0);
        assertTrue(first.forwardParts() > 1, first.describe());
        assertTrue(first.unitsPerPart() * first.forwardParts() >= 60);
        long estimate = BytecodeBudget.estimate(first.unitsPerPart(), first.in(), 2 * first.in());
        assertTrue(estimate <= BytecodeBudget.METHOD_BUDGET, "estimate " + estimate);
    }

    @Test
    void impossibleFullRequestIsAPositionedSpecError() {
        NetworkSpec base = mnist();
        NetworkSpec spec = base.withLayers(List.of(base.layer(0).withUnroll(UnrollMode.FULL), base.layer(1)))
                .withOrigin(new SpecOrigin("specs/mnist.yaml", Map.of("layers[0].unroll", new SourcePosition(6, 45))));
        SpecException e = assertThrows(SpecException.class, () -> UnrollPlanner.plan(spec));
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
        SpecException e = assertThrows(SpecException.class, () -> UnrollPlanner.plan(spec));
        assertTrue(e.getMessage().contains("more than the " + BytecodeBudget.MAX_UNROLLED_MACS_PER_CLASS), e.getMessage());
    }

    @Test
    void autoNeverFails() {
        NetworkSpec spec = TestNetworks.spec("Wide", 784, new int[] {512, 512}, Activation.RELU, 10, Loss.CROSS_ENTROPY, null)
                .withUnroll(new UnrollSpec(UnrollMode.AUTO, Integer.MAX_VALUE));
        UnrollPlan plan = UnrollPlanner.plan(spec);
        assertEquals(Strategy.LOOPS, plan.layer(0).strategy());
        assertTrue(plan.layer(0).reason().contains("too large"), plan.layer(0).reason());
    }

    @Test
    void leakyLayerSpecKeepsAlpha() {
        assertEquals(0.2, LayerSpec.leakyRelu(3, 0.2).alpha());
    }
}
