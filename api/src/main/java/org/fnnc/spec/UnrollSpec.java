package org.fnnc.spec;

import java.util.Objects;

/**
 * Network-wide generator setting for unrolling.
 *
 * @param mode      auto, full or loops
 * @param threshold largest number of multiply-adds one layer pass may have and still be fully unrolled in
 *                  {@code auto} mode (see docs/unrolling.md for how the default was measured)
 */
public record UnrollSpec(UnrollMode mode, int threshold) {

    /** Default threshold of multiply-adds for full unrolling (docs/unrolling.md). */
    public static final int DEFAULT_THRESHOLD = 128;
    public static final UnrollSpec DEFAULT = new UnrollSpec(UnrollMode.AUTO, DEFAULT_THRESHOLD);

    public UnrollSpec {
        Objects.requireNonNull(mode, "mode");
        if (threshold < 0) {
            throw new IllegalArgumentException("unroll threshold must not be negative: " + threshold);
        }
    }
}
