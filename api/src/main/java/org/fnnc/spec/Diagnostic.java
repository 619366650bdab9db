package org.fnnc.spec;

import java.util.Objects;

/**
 * One problem found in a spec, formatted like a compiler message:
 * {@code specs/bad.yaml:7:12: error: unknown activation 'rleu' (expected one of ...; did you mean 'relu'?)}.
 *
 * @param source   the spec's source name (usually its path), never null
 * @param position where the problem is; {@link SourcePosition#UNKNOWN} if it has no place
 * @param message  what is wrong and what was expected
 * @param hint     how to fix it, or empty
 */
public record Diagnostic(String source, SourcePosition position, String message, String hint) {

    public Diagnostic {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    public int line() {
        return position.line();
    }

    public int column() {
        return position.column();
    }

    /** {@code source:line:col: error: message (hint)}. */
    public String format() {
        StringBuilder sb = new StringBuilder(source);
        if (position.isKnown()) {
            sb.append(':').append(position.line()).append(':').append(position.column());
        }
        sb.append(": error: ").append(message);
        if (!hint.isEmpty()) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
