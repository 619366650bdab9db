package org.fnnc.generator.plan;

import java.util.ArrayList;
import java.util.List;
import org.fnnc.spec.Kernels;

/**
 * Every decision about a network's generated code, made once by the {@link Planner} from the spec: per layer
 * the kernel family, its method split, tiles and batch-size dispatch; for the network the block size and
 * whether training runs on sample lanes. Printed in the generated class's header and by {@code fnnc inspect}.
 *
 * @param kernels      the spec's kernel choice
 * @param blockSamples samples per block: batches run block by block, layer by layer, so that each weight row
 *                     loaded from cache serves several samples; the scratch holds one block
 * @param layers       one plan per layer
 * @param sampleLanes  whether {@code accumulateGradients} runs whole blocks of VL samples (VL the preferred
 *                     vector's lanes) on sample lanes, one vector holding one feature of VL samples; the
 *                     samples left over, {@code predict} and {@code loss} run per sample
 * @param lanesReason  why (or why not) sample lanes, for the printed plan
 */
public record NetworkPlan(Kernels kernels, int blockSamples, List<LayerPlan> layers, boolean sampleLanes,
                          String lanesReason) {

    public NetworkPlan {
        layers = List.copyOf(layers);
    }

    public LayerPlan layer(int l) {
        return layers.get(l);
    }

    /** Whether the class uses the incubating Vector API (vector loops or sample lanes). */
    public boolean usesVectorApi() {
        return kernels == Kernels.VECTOR_API;
    }

    /** The plan as text lines, for the generated header and {@code fnnc inspect}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("blocks of " + blockSamples + " samples; methods under " + BytecodeBudget.METHOD_BUDGET
                + " bytecode bytes; kernels: " + kernels.yamlName());
        for (LayerPlan layer : layers) {
            lines.addAll(layer.describe());
        }
        lines.add("training: " + (sampleLanes ? "sample lanes for whole blocks of VL samples, the rest per sample ("
                + lanesReason + ")" : "block by block (" + lanesReason + ")"));
        return lines;
    }
}
