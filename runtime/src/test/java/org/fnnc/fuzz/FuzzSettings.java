package org.fnnc.fuzz;

/** Settings shared by the Jazzer fuzz tests. */
final class FuzzSettings {

    /** How long one {@code -Pfuzz} pass fuzzes each target; the corpus it grows makes the next pass start further on. */
    static final String SHORT_PASS = "30s";

    private FuzzSettings() {
    }
}
