package org.fnnc.spec;

import java.util.Objects;

/**
 * Weight initialisation. Always seeded: the same seed gives bit-identical parameters on every machine.
 *
 * @param scheme the distribution
 * @param seed   the seed
 * @param scale  half-width for {@link InitScheme#UNIFORM}, standard deviation for {@link InitScheme#NORMAL};
 *               ignored by the other schemes
 */
public record InitSpec(InitScheme scheme, long seed, double scale) {

    public static final long DEFAULT_SEED = 42L;
    public static final double DEFAULT_SCALE = 0.05;
    public static final InitSpec DEFAULT = new InitSpec(InitScheme.AUTO, DEFAULT_SEED, DEFAULT_SCALE);

    public InitSpec {
        Objects.requireNonNull(scheme, "scheme");
        if (!(scale > 0.0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("init scale must be positive and finite: " + scale);
        }
        if (scheme != InitScheme.UNIFORM && scheme != InitScheme.NORMAL) {
            scale = DEFAULT_SCALE;
        }
    }

    public InitSpec withSeed(long newSeed) {
        return new InitSpec(scheme, newSeed, scale);
    }
}
