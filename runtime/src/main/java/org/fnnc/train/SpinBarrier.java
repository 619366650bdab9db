package org.fnnc.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable barrier for a fixed set of parties (numbered {@code 0 .. parties-1}), tuned for phases of
 * 0.1–1 ms. A waiting party first spins ({@link Thread#onSpinWait()}) for up to {@link #SPIN_NANOS}, which
 * covers the usual gap between threads doing equal shares of one step; then yields the processor
 * ({@link Thread#yield()}) until {@link #YIELD_NANOS}, which on an idle machine costs a system call per
 * round but on a busy one lets the thread it waits for (or anyone else) run; and only then parks, so an idle
 * trainer costs no CPU. {@link java.util.concurrent.CyclicBarrier} parks at once and pays a park/unpark round
 * trip (tens of microseconds) at every phase. Passing the barrier orders everything a party did before
 * {@link #await} before everything any party does after it. Allocates nothing.
 *
 * <p>{@link #breakBarrier()} releases every waiter for good: {@code await} then returns {@code false}.
 */
final class SpinBarrier {

    /**
     * How long a waiter spins before yielding: about the imbalance between the shards of a step on an idle
     * machine. Spinning longer only helps if no other thread wants the core, and hurts a lot if one does
     * (with more runnable threads than cores the thread being waited for may be the one kept off it).
     */
    static final long SPIN_NANOS = 20_000;

    /**
     * How long a waiter keeps yielding before parking: longer than any wait inside a running fit (a thread
     * done with its update waits for the slower replica's update and the trainer's work between steps, up to
     * ~0.5 ms for 784-512-512-10 at batch 128), so the threads of a running fit never park; a parked thread
     * woke tens of microseconds late at the next phase and the other then waited for it (2 threads 1.3x one
     * thread with 200 us here, 1.5-1.7x with 2 ms; Zen 4). Short enough that a trainer waiting on something
     * slow (the evaluation between epochs, a checkpoint) soon stops taking turns on the processor.
     */
    static final long YIELD_NANOS = 2_000_000;

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    /** Incremented by the last party to arrive: the release of everyone waiting on the previous value. */
    private volatile int generation;
    private volatile boolean broken;
    /** Party p's parking slot: its thread while it is (about to be) parked, else null. */
    private final Waiter[] waiters;

    SpinBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier needs at least one party: " + parties);
        }
        this.parties = parties;
        this.waiters = new Waiter[parties];
        for (int p = 0; p < parties; p++) {
            waiters[p] = new Waiter();
        }
    }

    /** One party's parking slot: an object of its own, so parties parking do not write one shared array. */
    private static final class Waiter {
        volatile Thread parked;
    }

    /**
     * Waits until all parties have called {@code await} for this phase; {@code party} is the caller's number.
     *
     * @return {@code true} once all arrived, {@code false} if the barrier is (or gets) broken
     * @throws IllegalStateException if the calling thread is interrupted while waiting; the barrier is
     *                               broken first so the other parties do not wait for it forever
     */
    boolean await(int party) {
        int gen = generation;
        if (broken) {
            return false;
        }
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = gen + 1;
            wakeAll();
            return true;
        }
        long start = System.nanoTime();
        while (generation == gen) {
            if (broken) {
                return false;
            }
            long waited = System.nanoTime() - start;
            if (waited < SPIN_NANOS) {
                Thread.onSpinWait();
            } else if (waited < YIELD_NANOS) {
                Thread.yield();
            } else {
                park(party, gen);
            }
        }
        return true;
    }

    private void park(int party, int gen) {
        Waiter w = waiters[party];
        w.parked = Thread.currentThread();
        // re-check after publishing: a releaser that missed `parked` has already changed `generation`
        if (generation == gen && !broken) {
            LockSupport.park(this);
        }
        w.parked = null;
        if (Thread.interrupted()) {
            breakBarrier();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("data-parallel training was interrupted");
        }
    }

    private void wakeAll() {
        for (Waiter w : waiters) {
            Thread t = w.parked;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Releases every current and future waiter with {@code false}. Idempotent. */
    void breakBarrier() {
        broken = true;
        wakeAll();
    }

    /** Whether {@link #breakBarrier()} has been called. */
    boolean isBroken() {
        return broken;
    }
}
