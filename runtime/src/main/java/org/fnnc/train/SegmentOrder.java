package org.fnnc.train;

/**
 * The order, ascending or descending segment index, in which a streaming pass walks the segments of parameters
 * (an optimizer's update, the one-thread step's scaling of the gradients to the mean, the data-parallel step's
 * reduce), chosen by timing the pass in both orders.
 *
 * <p>Why it matters: the segments are separate row arrays. Fresh ones lie in ascending address order, but a
 * garbage collection copies them, and G1 leaves most rows of a matrix in <em>descending</em> address order (seen
 * on JDK 17; the young collections of a run's warm-up move the network that was built before it, so that is the
 * layout the whole run then has). A pass that walks rows against their address order makes the hardware prefetcher
 * start over at every row: the data-parallel trainer's update of the network itself took 2x as long as the same
 * update of its fresh replica (784-512-512-10, 430-500 us against 160-250 us per step, Zen 4), and walking the
 * segments the other way round swapped the two. Nothing outside the JVM says where an array lies, and the layout
 * changes with every collection that moves it.
 *
 * <p>The passes are element-wise, so the order changes no result, only the time: after {@value #WARM_UP} passes in
 * alternating orders that are not timed (the JIT compiling), the chooser keeps a moving average of the time per pass
 * in each order, measured from {@value #WARM_UP} more alternating passes on, and takes the faster order, except every
 * {@value #EXPLORE_EVERY}th pass, which takes the other so its average follows a layout that a collection changed.
 * Not thread-safe: one per pass that a thread runs.
 */
final class SegmentOrder {

    /** Passes at the start in alternating orders without timing, and then as many timed. */
    static final int WARM_UP = 4;
    /** Every so many passes one goes the other way, to notice a changed layout. */
    static final int EXPLORE_EVERY = 32;
    /** Weight of a time above the average in the moving average (a time below it replaces it; see average). */
    private static final double NEWEST = 0.25;

    private long passes;
    private double ascendingNanos = Double.NaN;
    private double descendingNanos = Double.NaN;
    private boolean current;
    private long started;

    /** Starts a pass: whether it should walk the segments in descending order. */
    boolean begin() {
        long p = passes++;
        if (p < 2 * WARM_UP) {
            current = (p & 1) == 1;
        } else {
            boolean faster = prefersDescending();
            current = p % EXPLORE_EVERY == 0 ? !faster : faster;
        }
        started = System.nanoTime();
        return current;
    }

    /** Ends the pass started last, timing it. */
    void end() {
        record(current, System.nanoTime() - started);
    }

    /** Counts a pass in the given order that took {@code nanos} (the timing of {@link #begin}/{@link #end}). */
    void record(boolean descending, long nanos) {
        if (passes <= WARM_UP) {
            return;
        }
        if (descending) {
            descendingNanos = average(descendingNanos, nanos);
        } else {
            ascendingNanos = average(ascendingNanos, nanos);
        }
    }

    /**
     * The moving average, biased low: interruptions (another thread on the core, a safepoint) only ever make a pass
     * slower, so a faster pass is believed at once and a slower one only in part, and by at most a quarter of the
     * average per pass: one pass interrupted for ten times its length does not flip the choice, a layout that
     * really got slower does within a few passes. An order that was timed while the JIT was still compiling, or
     * before a collection moved the rows, catches up at its first exploration.
     */
    private static double average(double average, long nanos) {
        if (Double.isNaN(average) || nanos < average) {
            return nanos;
        }
        return average + NEWEST * Math.min(nanos - average, average);
    }

    /** Whether the order taken outside exploration is descending now. */
    boolean prefersDescending() {
        return descendingNanos < ascendingNanos;
    }
}
