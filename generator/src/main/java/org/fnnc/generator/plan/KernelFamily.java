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
    VECTOR_LOOPS,
    /**
     * Calls of fnnc-api's precompiled kernel library ({@code org.fnnc.kernels.FloatDense}/{@code DoubleDense})
     * with compile-time-constant shapes on flat block matrices ({@code kernels: auto}, the default): the library
     * runs Vector API register tiles when the JVM has {@code jdk.incubator.vector}, scalar loops otherwise, and
     * the generated class compiles with plain javac.
     */
    LIBRARY_LOOPS;

    /**
     * How the plan prints it: {@code straight-line}, {@code scalar loops}, {@code vector loops},
     * {@code kernel library}.
     */
    public String label() {
        return switch (this) {
            case STRAIGHT_LINE -> "straight-line";
            case LIBRARY_LOOPS -> "kernel library";
            default -> name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** Whether the layer runs loops over the block (all but straight-line code). */
    public boolean isLoops() {
        return this != STRAIGHT_LINE;
    }
}
