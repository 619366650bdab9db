package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

class ScheduleAndRandomTest {

    static LearningRateSchedule schedule(Schedule s, double lr, int stepSize, double gamma, double min, int epochs) {
        TrainingSpec d = TrainingSpec.DEFAULT;
        return LearningRateSchedule.of(new TrainingSpec(d.optimizer(), lr, d.batchSize(), epochs, d.momentum(),
                d.beta1(), d.beta2(), d.epsilon(), d.weightDecay(), s, stepSize, gamma, min, d.seed(), d.patience()));
    }

    @Test
    void constant() {
        LearningRateSchedule c = schedule(Schedule.CONSTANT, 0.3, 1, 0.5, 0, 10);
        assertEquals(0.3, c.rate(0));
        assertEquals(0.3, c.rate(9));
    }

    @Test
    void stepDecaysEveryStepSizeEpochs() {
        LearningRateSchedule s = schedule(Schedule.STEP, 0.1, 3, 0.5, 0, 10);
        assertEquals(0.1, s.rate(0), 1e-15);
        assertEquals(0.1, s.rate(2), 1e-15);
        assertEquals(0.05, s.rate(3), 1e-15);
        assertEquals(0.05, s.rate(5), 1e-15);
        assertEquals(0.025, s.rate(6), 1e-15);
        assertEquals(0.0125, s.rate(9), 1e-15);
    }

    @Test
    void cosineFallsFromLrToMin() {
        LearningRateSchedule c = schedule(Schedule.COSINE, 0.1, 1, 0.5, 0.01, 4);
        assertEquals(0.1, c.rate(0), 1e-15);
        assertEquals(0.01 + 0.09 * (1 + Math.sqrt(2) / 2) / 2, c.rate(1), 1e-15);
        assertEquals(0.055, c.rate(2), 1e-15);
        assertEquals(0.01 + 0.09 * (1 - Math.sqrt(2) / 2) / 2, c.rate(3), 1e-15);
        assertEquals(0.01, c.rate(4), 1e-15);
        assertEquals(0.01, c.rate(7), 1e-15);
    }

    @Test
    void splitMix64MatchesTheReferenceSequence() {
        // first outputs of Vigna's splitmix64.c started from state 0
        SplitMix64 r = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
    }

    @Test
    void permutationIsAShuffleDeterminedByTheState() {
        int[] a = new int[50];
        int[] b = new int[50];
        SplitMix64 r = new SplitMix64(7);
        long state = r.state();
        r.permutation(a);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < sorted.length; k++) {
            assertEquals(k, sorted[k]);
        }
        new SplitMix64(state).permutation(b);
        assertArrayEquals(a, b);
        r.permutation(b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(b));
    }

    @Test
    void nextIntIsRoughlyUniform() {
        SplitMix64 r = new SplitMix64(11);
        int[] counts = new int[3];
        for (int k = 0; k < 30000; k++) {
            counts[r.nextInt(3)]++;
        }
        for (int c : counts) {
            // expected 10000, standard deviation about 82: 6 sigma
            assertEquals(10000, c, 500);
        }
    }
}
