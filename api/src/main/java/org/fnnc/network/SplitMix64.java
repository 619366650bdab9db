package org.fnnc.network;

/**
 * Steele, Lea and Flood's SplitMix64 generator (the reference algorithm of Vigna's {@code splitmix64.c}),
 * implemented here so that seeded results are bit-identical on every JDK: {@code java.util.Random} and
 * {@code SplittableRandom} are not specified to keep their algorithms, and Gaussian sampling below uses
 * {@link StrictMath} only.
 *
 * <p>Not thread-safe; one generator per stream.
 */
public final class SplitMix64 {

    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;
    private double spareGaussian;
    private boolean hasSpareGaussian;

    /** A generator whose first output is {@code mix(seed + GAMMA)}, as in the reference implementation. */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The generator's state: {@code new SplitMix64(0).setState(s)} continues exactly where this one is. */
    public long state() {
        return state;
    }

    /** Restores a state taken with {@link #state()} (the Gaussian spare, if any, is dropped). */
    public void setState(long newState) {
        this.state = newState;
        this.hasSpareGaussian = false;
    }

    public long nextLong() {
        state += GAMMA;
        return mix(state);
    }

    /** SplitMix64's output function: a bijective 64-bit finaliser (variant 13 of Stafford's Mix). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, 1)}: the top 53 bits of {@link #nextLong()} scaled by {@code 2^-53} (exact). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [-r, r)}. */
    public double nextUniform(double r) {
        return r * (2.0 * nextDouble() - 1.0);
    }

    /**
     * Uniform in {@code [0, bound)} by Lemire's multiply-shift with rejection, so every value is equally
     * likely.
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long bits = nextLong() >>> 32;
            long m = bits * bound;
            if ((m & 0xFFFFFFFFL) >= threshold) {
                return (int) (m >>> 32);
            }
        }
    }

    /**
     * Standard normal by the Box–Muller transform with {@link StrictMath}: each pair of uniforms
     * {@code u1 in (0, 1]}, {@code u2 in [0, 1)} gives {@code sqrt(-2 ln u1) cos(2 pi u2)}, then on the next
     * call {@code sqrt(-2 ln u1) sin(2 pi u2)}.
     */
    public double nextGaussian() {
        if (hasSpareGaussian) {
            hasSpareGaussian = false;
            return spareGaussian;
        }
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double theta = 2.0 * StrictMath.PI * u2;
        spareGaussian = radius * StrictMath.sin(theta);
        hasSpareGaussian = true;
        return radius * StrictMath.cos(theta);
    }

    /** Fisher–Yates shuffle of {@code a[from .. to)} in place, back to front. */
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

    /** A new random permutation of {@code 0 .. n-1}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        permutation(p);
        return p;
    }

    /** Sets {@code order} to {@code 0, 1, ..., n-1} and shuffles it. */
    public void permutation(int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle(order);
    }
}
