package org.fnnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** n samples whose single feature is the sample's index; labels: 70% class 0, 20% class 1, 10% class 2. */
    private static Dataset indexed(int n) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2;
        }
        return Dataset.classification("idx", x, 1, y, 3, List.of());
    }

    private static Set<Float> ids(Dataset d) {
        Set<Float> s = new HashSet<>();
        for (float v : d.features()) {
            assertTrue(s.add(v), "sample " + v + " appears twice");
        }
        return s;
    }

    @Test
    void partsAreDisjointCoverEverythingAndHaveRoundedSizes() {
        Splits s = Splits.split(indexed(1000), 0.15, 0.2, 1, false);
        assertEquals(200, s.test().size());
        assertEquals(150, s.validation().size());
        assertEquals(650, s.train().size());
        Set<Float> all = new HashSet<>(ids(s.train()));
        all.addAll(ids(s.validation()));
        all.addAll(ids(s.test()));
        assertEquals(1000, all.size());
        assertEquals("idx (train)", s.train().name());
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        Splits a = Splits.split(indexed(500), 0.1, 0.1, 99, true);
        Splits b = Splits.split(indexed(500), 0.1, 0.1, 99, true);
        Splits c = Splits.split(indexed(500), 0.1, 0.1, 100, true);
        assertArrayEquals(a.train().features(), b.train().features());
        assertArrayEquals(a.test().features(), b.test().features());
        assertFalse(java.util.Arrays.equals(a.test().features(), c.test().features()));
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        Splits s = Splits.split(indexed(1000), 0.1, 0.2, 5, true);
        // 700/200/100 per class: test gets 140/40/20, validation 70/20/10.
        assertArrayEquals(new int[] {140, 40, 20}, s.test().labelCounts());
        assertArrayEquals(new int[] {70, 20, 10}, s.validation().labelCounts());
        assertArrayEquals(new int[] {490, 140, 70}, s.train().labelCounts());
        // shuffled: the test part is not grouped by class
        float first = s.test().targets()[0];
        boolean mixed = false;
        for (int i = 1; i < 40; i++) {
            mixed |= s.test().targets()[i] != first;
        }
        assertTrue(mixed);
    }

    @Test
    void fixedTestSetOnlySplitsOffValidation() {
        Dataset test = indexed(30);
        Splits s = Splits.withTestSet(indexed(100), test, 0.2, 3, true);
        assertEquals(test, s.test());
        assertEquals(20, s.validation().size());
        assertEquals(80, s.train().size());
    }

    @Test
    void rejectsFractionsThatLeaveNoTraining() {
        assertThrows(IllegalArgumentException.class, () -> Splits.split(indexed(10), 0.5, 0.5, 1, false));
        assertThrows(IllegalArgumentException.class, () -> Splits.split(indexed(10), -0.1, 0.5, 1, false));
        assertThrows(IllegalArgumentException.class, () -> Splits.split(indexed(1), 0.0, 0.6, 1, false));
    }
}
