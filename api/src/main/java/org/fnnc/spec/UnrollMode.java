package org.fnnc.spec;

/** How the generator lays out a layer's arithmetic (see docs/unrolling.md). */
public enum UnrollMode implements YamlEnum {
    /** Let the planner choose: straight-line code where it fits the JIT's budget, loops elsewhere.
     *  On a layer, {@code auto} defers to the network-level setting. */
    AUTO,
    /** Fully unrolled straight-line code; a spec error if the layer cannot fit a JIT-compilable method. */
    FULL,
    /** Constant-bound loops shaped for C2's auto-vectoriser. */
    LOOPS;
}
