package org.fnnc.spec.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SourcePosition;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.SpecLimits;

/**
 * Loads a YAML spec file into a {@link NetworkSpec}, or fails with a {@link SpecException} that lists every
 * problem found, each with its line and column:
 * <pre>specs/bad.yaml:7:17: error: unknown activation 'rleu' (expected one of sigmoid, tanh, relu, leaky_relu, linear, softmax; did you mean 'relu'?)</pre>
 *
 * <p>Parsing uses SnakeYAML Engine (YAML 1.2, core schema) at the node level only: nothing is ever
 * constructed from tags, duplicate keys are errors, aliases of collections are capped, nesting is bounded
 * and the source size is checked (against {@link SpecLimits#maxSpecBytes()}) before parsing. The schema and
 * every rule are documented in {@code docs/spec.md}. Instances are immutable and thread-safe.
 */
public final class SpecLoader {

    private final SpecLimits limits;

    /** A loader enforcing the given limits. */
    public SpecLoader(SpecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** A loader enforcing {@link SpecLimits#DEFAULT}. */
    public static SpecLoader withDefaults() {
        return new SpecLoader(SpecLimits.DEFAULT);
    }

    public SpecLimits limits() {
        return limits;
    }

    /** Loads a spec file; diagnostics name the path as given. */
    public NetworkSpec load(Path path) {
        String source = path.toString();
        try {
            long size = Files.size(path);
            checkSize(size, source);
            return load(decode(Files.readAllBytes(path), source), source);
        } catch (NoSuchFileException e) {
            throw fail(source, "spec file not found", "check the path; it is resolved against "
                    + Path.of("").toAbsolutePath());
        } catch (IOException e) {
            throw fail(source, "cannot read the spec file: " + e, "");
        }
    }

    /** Loads a spec from a stream (not closed), reading at most one byte more than the size limit. */
    public NetworkSpec load(InputStream in, String sourceName) {
        byte[] bytes;
        try {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxSpecBytes() + 1));
        } catch (IOException e) {
            throw fail(sourceName, "cannot read the spec: " + e, "");
        }
        checkSize(bytes.length, sourceName);
        return load(decode(bytes, sourceName), sourceName);
    }

    /** Loads a spec from text; {@code sourceName} labels its diagnostics. */
    public NetworkSpec load(String text, String sourceName) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        if (text.length() > limits.maxSpecBytes()) {
            checkSize(text.length(), sourceName); // every char takes at least one byte; avoid encoding a huge text
        }
        checkSize(text.getBytes(StandardCharsets.UTF_8).length, sourceName);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark is not content; keep columns of line 1 right
        }
        YamlComposer.Result composed = new YamlComposer(sourceName, limits).compose(text);
        List<Diagnostic> diagnostics = new ArrayList<>(composed.diagnostics());
        NetworkSpec spec = null;
        if (composed.root() != null) {
            SpecReader reader = new SpecReader(sourceName, limits);
            spec = reader.read(composed.root());
            diagnostics.addAll(reader.diagnostics());
        }
        if (!diagnostics.isEmpty()) {
            diagnostics.sort(SOURCE_ORDER);
            throw new SpecException(diagnostics);
        }
        return spec;
    }

    /** By line and column (stable, so problems at one place keep the order they were found in); unplaced last. */
    private static final Comparator<Diagnostic> SOURCE_ORDER = Comparator
            .comparing((Diagnostic d) -> !d.position().isKnown())
            .thenComparingInt(Diagnostic::line)
            .thenComparingInt(Diagnostic::column);

    private void checkSize(long bytes, String source) {
        if (bytes > limits.maxSpecBytes()) {
            throw fail(source, "the spec is " + (bytes > limits.maxSpecBytes() + 1 ? bytes + " bytes" : "larger than "
                    + limits.maxSpecBytes() + " bytes") + " (at most " + limits.maxSpecBytes() + " allowed)",
                    "a spec describes a network in a few lines; raise SpecLimits.maxSpecBytes if this is intended");
        }
    }

    private static String decode(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(source, "the spec is not valid UTF-8", "save the file as UTF-8");
        }
    }

    private static SpecException fail(String source, String message, String hint) {
        return new SpecException(new Diagnostic(source, SourcePosition.UNKNOWN, message, hint));
    }
}
