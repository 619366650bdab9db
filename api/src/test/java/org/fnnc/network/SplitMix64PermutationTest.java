package org.fnnc.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitMix64PermutationTest {

    @Test
    void matchesThePublishedSequenceForSeedZero() {
        // Reference outputs of Vigna's splitmix64.c for x = 0.
        SplitMix64 r = new SplitMix64(0);
        assertEquals(0xe220a8397b1dcdafL, r.nextLong());
        assertEquals(0x6e789e6aa1b965f4L, r.nextLong());
        assertEquals(0x06c45d188009454fL, r.nextLong());
    }

    @Test
    void permutationHoldsEveryIndexOnceAndDependsOnTheSeed() {
        int[] p = new SplitMix64(42).permutation(1000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(p, new SplitMix64(42).permutation(1000));
        assertTrue(!Arrays.equals(p, new SplitMix64(43).permutation(1000)));
    }

    @Test
    void nextIntIsRoughlyUniform() {
        SplitMix64 r = new SplitMix64(7);
        int[] counts = new int[10];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts[r.nextInt(10)]++;
        }
        double chi2 = 0;
        for (int c : counts) {
            chi2 += Math.pow(c - n / 10.0, 2) / (n / 10.0);
        }
        assertTrue(chi2 < 27.9, "chi-square " + chi2 + " above the 0.1% critical value for 9 degrees of freedom");
    }
}
