package org.fnnc.spec;

import java.util.Map;
import java.util.Objects;

/**
 * Where a spec came from: its source name and the position of every key path in it
 * ({@code layers[1].unroll}, {@code training.learning_rate}). Lets later stages (the generator's unroll
 * planner, the Maven plugin) report problems at the right line and column.
 */
public record SpecOrigin(String sourceName, Map<String, SourcePosition> positions) {

    /** Origin of a spec built in code. */
    public static final SpecOrigin PROGRAMMATIC = new SpecOrigin("<programmatic>", Map.of());

    public SpecOrigin {
        Objects.requireNonNull(sourceName, "sourceName");
        positions = Map.copyOf(positions);
    }

    /** Position of the key path, or of its nearest enclosing path that has one. */
    public SourcePosition positionOf(String path) {
        String p = path;
        while (true) {
            SourcePosition pos = positions.get(p);
            if (pos != null) {
                return pos;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return positions.getOrDefault("", SourcePosition.UNKNOWN);
            }
            p = p.substring(0, cut);
        }
    }

    /** A diagnostic at the given key path of this spec. */
    public Diagnostic diagnostic(String path, String message, String hint) {
        return new Diagnostic(sourceName, positionOf(path), message, hint);
    }
}
