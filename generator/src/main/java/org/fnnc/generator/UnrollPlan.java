package org.fnnc.generator;

import java.util.List;

/** The planner's decision for every layer of a network; see {@link UnrollPlanner}. */
public record UnrollPlan(List<LayerPlan> layers) {

    public UnrollPlan {
        layers = List.copyOf(layers);
    }

    public LayerPlan layer(int l) {
        return layers.get(l);
    }

    /** The plan as text lines, one per layer, for headers and {@code fnnc inspect}. */
    public List<String> describe() {
        return layers.stream().map(LayerPlan::describe).toList();
    }
}
