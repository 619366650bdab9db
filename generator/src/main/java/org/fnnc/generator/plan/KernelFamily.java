package org.fnnc.generator.plan;

import java.util.Locale;

/**
 * How a layer's code computes a block of samples. The planner picks one per layer; the emitter package has
 * one emitter per family.
 */
public enum KernelFamily {
    /**
     * Every multiply-add written out per sample, inputs and weight rows held in locals; split into methods that
     * stay under the JIT's size limit. For small layers, where a loop's fixed cost dominates.
     */
    STRAIGHT_LINE,
    /**
     * Register-blocked axpy loops over input-major weight rows, shaped so that C2 vectorises them
     * ({@code kernels: scalar}).
     */
    SCALAR_LOOPS,
    /**
     * Register tiles written with the JDK's Vector API ({@code kernels: vector_api}); the scalar loops take the
     * columns after the last whole pair of vectors, and blocks of too few samples.
     */
    VECTOR_LOOPS;

    /** How the plan prints it: {@code straight-line}, {@code scalar loops}, {@code vector loops}. */
    public String label() {
        return this == STRAIGHT_LINE ? "straight-line" : name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Whether the layer runs loops over the block (all but straight-line code). */
    public boolean isLoops() {
        return this != STRAIGHT_LINE;
    }
}
