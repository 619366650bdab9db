package org.fnnc.train;

/**
 * Steele, Lea and Flood's SplitMix64 generator: one {@code long} of state, so a training run's shuffling
 * can be saved in a {@link TrainingState} and resumed exactly. Not for cryptography.
 */
public final class SplitMix64 {

    private long state;

    /** A generator whose first output depends only on {@code seed}. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The current state: a generator created with it produces the same sequence from here on. */
    public long state() {
        return state;
    }

    /** Continues from a {@link #state()} taken earlier. */
    public void setState(long state) {
        this.state = state;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniformly distributed int in {@code [0, bound)}, by rejection so that no value is favoured. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = (1L << 31) - ((1L << 31) % bound);
        long r;
        do {
            r = nextLong() >>> 33;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Sets {@code order} to {@code 0, 1, ..., n-1} and shuffles it (Fisher–Yates, back to front). */
    public void permutation(int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
