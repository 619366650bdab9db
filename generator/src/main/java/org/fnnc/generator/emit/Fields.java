package org.fnnc.generator.emit;

import java.util.ArrayList;
import java.util.List;
import org.fnnc.generator.plan.LayerPlan;
import org.fnnc.generator.plan.NetworkPlan;

/**
 * Names of the generated class's fields, one place for all of them: every emitter refers to fields through
 * these, and {@link Scope} keeps locals from ever taking one of them.
 *
 * <p>For layer {@code l}: {@code w<l>} the weights stored transposed (row {@code i} holds input {@code i}'s
 * weights to every unit), {@code b<l>} the bias, {@code gw<l>}/{@code gb<l>} their gradients; per block of
 * samples, {@code a<l>} the activation of a hidden layer (rows hold {@code z} until the activation is applied
 * in place), {@code z<l>} the logits of the output layer, {@code d<l>} = dL/dz; {@code wt<l>} the untransposed
 * weights of a loop layer that forms its input gradient from a copy. Sample-lane scratch ends in {@code l}
 * (lanes): {@code xl}, {@code tl}, {@code al<l>}/{@code zl<l>}, {@code dl<l>}, {@code gwl<l>}, {@code gbl<l>}.
 * A kernel-library layer's flat blocks: {@code xb<l>}, {@code yb<l>}, {@code dxb<l>}, and its workspace
 * {@code ws<l>}.
 */
final class Fields {

    static final String INPUTS = "INPUTS";
    static final String OUTPUTS = "OUTPUTS";
    static final String TARGET_WIDTH = "TARGET_WIDTH";
    static final String BLOCK = "BLOCK";
    static final String SPEC_CONSTANT = "SPEC";
    static final String LANE_INPUTS = "xl";
    static final String LANE_TARGETS = "tl";
    /** The network's gradients object (a FloatParameters or DoubleParameters). */
    static final String GRADIENTS = "gradients";
    /**
     * The batch size of the {@code sgdStep} or {@code gradientSum} under way: kernel-library layers write their
     * gradients on its first block (and, in {@code sgdStep}, update on its last).
     */
    static final String STEP_BATCH = "stepBatch";
    /** Whether the step under way updates the parameters ({@code sgdStep}) or only sums gradients ({@code gradientSum}). */
    static final String STEP_UPDATES = "stepUpdates";
    /** {@code 1 / batch} of the {@code sgdStep} under way, rounded to the precision. */
    static final String STEP_SCALE = "stepScale";
    /** The learning rate of the {@code sgdStep} under way, rounded to the precision. */
    static final String STEP_RATE = "stepRate";

    private final int depth;

    Fields(int depth) {
        this.depth = depth;
    }

    /** A field per layer, named by a prefix and the layer's index, e.g. {@code W.of(0)} is {@code w0}. */
    enum PerLayer {
        /** The weights, stored transposed. */
        W("w"),
        /** The bias. */
        B("b"),
        /** The weights' gradient. */
        GW("gw"),
        /** The bias gradient. */
        GB("gb"),
        /** A loop layer's untransposed copy of the weights, for its input gradient. */
        WT("wt"),
        /** A hidden layer's activations, one row per sample slot. */
        A("a"),
        /** dL/dz, one row per sample slot. */
        D("d"),
        /** dL/dz on lanes. */
        LANE_D("dl"),
        /** The weight gradient per lane. */
        LANE_GW("gwl"),
        /** The bias gradient per lane. */
        LANE_GB("gbl"),
        /**
         * A kernel-library layer's input block as one flat matrix (layers after the first); the first layer's copy
         * of the caller's block, the operand of the weight gradient a one-block {@code sgdStep} leaves pending.
         */
        XB("xb"),
        /** A kernel-library layer's output block as one flat matrix, then its dL/dz block. */
        YB("yb"),
        /** A kernel-library layer's input gradient block as one flat matrix (layers after the first). */
        DXB("dxb"),
        /** A kernel-library layer's workspace. */
        WS("ws"),
        /** A kernel-library layer's samples still to run backward in the current {@code sgdStep}; 0 outside it. */
        STEP_LEFT("stepLeft");

        private final String prefix;

        PerLayer(String prefix) {
            this.prefix = prefix;
        }

        String of(int l) {
            return prefix + l;
        }
    }

    /** What layer {@code l}'s forward pass writes per block: {@code a<l>}, or {@code z<l>} for the output layer. */
    String out(int l) {
        return (l == depth - 1 ? "z" : "a") + l;
    }


    /** Layer {@code l}'s output on lanes: {@code al<l>}, or {@code zl<l>} (logits) for the output layer. */
    String laneOut(int l) {
        return (l == depth - 1 ? "zl" : "al") + l;
    }

    /** Layer {@code l}'s input on lanes: {@code xl} or the previous layer's {@code al<l-1>}. */
    String laneIn(int l) {
        return l == 0 ? LANE_INPUTS : laneOut(l - 1);
    }




    /** Every field name the class has under {@code plan}, for {@link Scope}. */
    List<String> all(NetworkPlan plan) {
        List<String> names = new ArrayList<>(List.of(INPUTS, OUTPUTS, TARGET_WIDTH, BLOCK, SPEC_CONSTANT,
                "SPEC_HASH", "ARCHITECTURE_HASH", "GENERATOR_VERSION", "spec", "source", "parameters", "gradients",
                VectorCode.SPECIES, VectorCode.LANES, VectorCode.VECTOR_CLASS, LANE_INPUTS, LANE_TARGETS, STEP_BATCH,
                STEP_UPDATES, STEP_SCALE, STEP_RATE));
        for (LayerPlan layer : plan.layers()) {
            int l = layer.layer();
            for (PerLayer field : PerLayer.values()) {
                names.add(field.of(l));
            }
            names.addAll(List.of(out(l), laneOut(l)));
        }
        return names;
    }
}
