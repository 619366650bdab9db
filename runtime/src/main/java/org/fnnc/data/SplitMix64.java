package org.fnnc.data;

/**
 * Steele, Lea and Flood's SplitMix64 generator: 64 bits of state, a fixed published output sequence for each
 * seed. fnnc uses it wherever results must be reproducible from a seed across JDK versions (data splits,
 * shuffles), instead of relying on {@link java.util.Random}'s internals.
 *
 * <p>Not thread-safe; not for cryptography.
 */
public final class SplitMix64 {

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform integer in {@code [0, bound)}, without modulo bias (rejection sampling on 31 bits). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int bits;
        int value;
        do {
            bits = (int) (nextLong() >>> 33);
            value = bits % bound;
        } while (bits - value + (bound - 1) < 0); // the top partial range would favour small values
        return value;
    }

    /** Fisher–Yates shuffle of {@code a[from .. to)} in place. */
    public void shuffle(int[] a, int from, int to) {
        for (int i = to - 1; i > from; i--) {
            int j = from + nextInt(i - from + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Fisher–Yates shuffle of the whole array in place. */
    public void shuffle(int[] a) {
        shuffle(a, 0, a.length);
    }

    /** A random permutation of {@code 0 .. n-1}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }
}
