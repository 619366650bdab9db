package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.fnnc.network.ParameterLayout;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/** {@link SpinBarrier}, and {@link SegmentMap#split}, the work split between the barrier's parties. */
class SpinBarrierTest {

    /**
     * Three threads increment their own counters in 2000 phases; after each barrier every thread must see
     * every counter at the phase number (plain fields: only the barrier orders the writes before the reads).
     */
    @Test
    void everyPhaseSeesTheWritesOfThePreviousOne() throws Exception {
        int parties = 3;
        int phases = 2000;
        SpinBarrier barrier = new SpinBarrier(parties);
        int[] counters = new int[parties];
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread[] threads = new Thread[parties];
        for (int p = 0; p < parties; p++) {
            int party = p;
            threads[p] = new Thread(() -> {
                for (int phase = 1; phase <= phases; phase++) {
                    counters[party]++;
                    assertTrue(barrier.await(party));
                    for (int q = 0; q < parties; q++) {
                        if (counters[q] != phase) {
                            wrong.compareAndSet(null, "party " + party + " saw counter " + q + " = " + counters[q]
                                    + " in phase " + phase);
                        }
                    }
                    assertTrue(barrier.await(party));
                }
            });
            threads[p].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(null, wrong.get());
        assertArrayEquals(new int[] {phases, phases, phases}, counters);
    }

    /** A waiter spins for a bounded time only, then parks: an idle trainer does not keep a core busy. */
    @Test
    void aLongWaitParksAndBreakingReleasesWithFalse() throws Exception {
        SpinBarrier barrier = new SpinBarrier(2);
        AtomicBoolean result = new AtomicBoolean(true);
        Thread waiter = new Thread(() -> result.set(barrier.await(1)));
        waiter.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.WAITING, waiter.getState(), "still spinning after 10 s");
        barrier.breakBarrier();
        waiter.join(10_000);
        assertFalse(waiter.isAlive());
        assertFalse(result.get());
        assertTrue(barrier.isBroken());
        assertFalse(barrier.await(0), "a broken barrier never waits again");
    }

    @Test
    void anInterruptedWaiterBreaksTheBarrierForTheOthers() throws Exception {
        SpinBarrier barrier = new SpinBarrier(3);
        AtomicBoolean other = new AtomicBoolean(true);
        Thread patient = new Thread(() -> other.set(barrier.await(1)));
        patient.start();
        Thread.currentThread().interrupt();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> barrier.await(0));
        assertTrue(Thread.interrupted(), "the interrupt status is kept");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        patient.join(10_000);
        assertFalse(other.get());
    }

    @Test
    void segmentsAreSplitByElementCount() {
        // 784 weight rows of 128, a bias of 128, 128 rows of 10, a bias of 10: 101,770 elements
        ParameterLayout mnist = ParameterLayout.of(NetworkSpec.builder("Mnist").input(784)
                .layer(128, Activation.RELU).layer(10, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build());
        SegmentMap map = new SegmentMap(mnist);
        for (int parts = 1; parts <= 4; parts++) {
            int[] bounds = map.split(parts);
            assertEquals(parts + 1, bounds.length);
            assertEquals(0, bounds[0]);
            assertEquals(785 + 129, bounds[parts]);
            for (int k = 0; k < parts; k++) {
                int elements = 0;
                for (int s = bounds[k]; s < bounds[k + 1]; s++) {
                    elements += s < 785 ? 128 : 10;
                }
                // whole segments only: each cut within half a row of its ideal place, each part within a row
                assertEquals(101_770.0 / parts, elements, 128.0, parts + " parts, part " + k);
            }
        }
        // half is 50,885 elements, 397.5 rows of 128: the cut after row 398 is 59 over, after 397 69 under (a
        // split by segment count would give the first thread 457 rows, 58,496 elements)
        assertEquals(398, map.split(2)[1]);
        // more parts than segments: empty parts, still covering every segment once
        ParameterLayout tiny = ParameterLayout.of(NetworkSpec.builder("Tiny").input(1)
                .layer(1, Activation.LINEAR).loss(Loss.MSE).build());
        assertArrayEquals(new int[] {0, 1, 1, 2}, new SegmentMap(tiny).split(3));
    }
}
