package org.fnnc.spec;

import java.util.List;
import java.util.Locale;

/**
 * "Did you mean" hints: the allowed spelling closest to a misspelt word, by edit distance. Spec files and the
 * front ends' options (overrides) word their hints with it, so a typo gets the same help wherever it is made.
 */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * {@code expected one of a, b, c} plus {@code ; did you mean 'b'?} when one candidate is close enough:
     * at most one edit per three characters typed (at least one, at most three), ignoring case.
     */
    public static String expectedOneOf(String typed, List<String> candidates) {
        String hint = "expected one of " + String.join(", ", candidates);
        String best = closest(typed, candidates);
        return best == null ? hint : hint + "; did you mean '" + best + "'?";
    }

    /** The closest candidate within the threshold, or null. Ties go to the earlier candidate. */
    public static String closest(String typed, List<String> candidates) {
        String word = typed.toLowerCase(Locale.ROOT);
        int threshold = Math.max(1, Math.min(3, word.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= threshold ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 3) {
            return Math.abs(a.length() - b.length()); // cannot be within any threshold; skip the table
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
