package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The choice of order from the times of passes (fed in by hand instead of measured). */
class SegmentOrderTest {

    /** Runs {@code passes} passes, each taking the given time in its order; returns how many went descending. */
    private static int run(SegmentOrder order, int passes, long ascendingNanos, long descendingNanos) {
        int descending = 0;
        for (int p = 0; p < passes; p++) {
            boolean d = order.begin();
            order.record(d, d ? descendingNanos : ascendingNanos);
            descending += d ? 1 : 0;
        }
        return descending;
    }

    @Test
    void warmUpAlternatesThenTheFasterOrderIsTakenAndTheOtherExplored() {
        SegmentOrder order = new SegmentOrder();
        for (int p = 0; p < 2 * SegmentOrder.WARM_UP; p++) {
            boolean d = order.begin();
            assertEquals(p % 2 == 1, d, "pass " + p);
            order.record(d, d ? 100 : 200);
        }
        assertTrue(order.prefersDescending());
        int passes = 10 * SegmentOrder.EXPLORE_EVERY;
        int ascending = passes - run(order, passes, 200, 100);
        assertEquals(10, ascending, "one exploration per " + SegmentOrder.EXPLORE_EVERY + " passes");
    }

    @Test
    void aLayoutThatChangesIsFollowedAtTheNextExploration() {
        SegmentOrder order = new SegmentOrder();
        run(order, 4 * SegmentOrder.EXPLORE_EVERY, 200, 100);
        assertTrue(order.prefersDescending());
        // a collection moved the rows: now ascending is the fast order
        run(order, SegmentOrder.EXPLORE_EVERY, 100, 200);
        assertFalse(order.prefersDescending());
        int descending = run(order, 4 * SegmentOrder.EXPLORE_EVERY, 100, 200);
        assertEquals(4, descending);
    }

    @Test
    void oneSlowPassDoesNotFlipTheChoice() {
        SegmentOrder order = new SegmentOrder();
        run(order, 4 * SegmentOrder.EXPLORE_EVERY, 200, 100);
        // a descending pass interrupted for 10x its time (a safepoint, another thread on the core)
        order.record(true, 1000);
        assertTrue(order.prefersDescending());
        // but three passes at 3x are a slower layout: the choice follows
        for (int p = 0; p < 3; p++) {
            order.record(true, 300);
        }
        assertFalse(order.prefersDescending());
    }

    @Test
    void timesFromTheWarmUpAreIgnored() {
        SegmentOrder order = new SegmentOrder();
        // the first passes run while the JIT compiles: descending looks 100x slower there, but is faster after
        for (int p = 0; p < SegmentOrder.WARM_UP; p++) {
            boolean d = order.begin();
            order.record(d, d ? 100_000 : 1_000);
        }
        run(order, SegmentOrder.WARM_UP, 200, 100);
        assertTrue(order.prefersDescending());
    }
}
