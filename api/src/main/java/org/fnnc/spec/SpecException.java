package org.fnnc.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be used, with every problem found in it. The message lists them one per line. */
public class SpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public SpecException(List<Diagnostic> diagnostics) {
        super(format(diagnostics));
        if (diagnostics.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one diagnostic");
        }
        this.diagnostics = List.copyOf(diagnostics);
    }

    public SpecException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    /** Every problem, in source order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static String format(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }
}
