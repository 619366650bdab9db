package org.fnnc.spec.yaml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.SourcePosition;
import org.fnnc.spec.SpecLimits;
import org.fnnc.spec.SpecRules;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Turns spec text into a SnakeYAML Engine node tree, or into diagnostics. Composition is preceded by a
 * pass over the parser's events (the parser is iterative, the composer recursive) that rejects what the
 * composer would choke on or should never see: nesting deeper than {@link #MAX_DEPTH}, alias bombs,
 * recursive aliases, more than one document, and tags.
 */
final class YamlComposer {

    /** Deepest nesting of collections accepted; a spec needs 3, the composer would overflow the stack at ~10^4. */
    static final int MAX_DEPTH = 32;
    /** Most aliases of collections: "billion laughs" documents need many; a spec needs none. */
    static final int MAX_COLLECTION_ALIASES = 16;

    private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
    /** Tags a spec may spell out: the core schema's own, which construct nothing. */
    private static final Set<String> STANDARD_TAGS = Set.of(Tag.STR.getValue(), Tag.INT.getValue(),
            Tag.FLOAT.getValue(), Tag.BOOL.getValue(), Tag.NULL.getValue(), Tag.SEQ.getValue(), Tag.MAP.getValue());

    /** The composed root (null if the spec could not be composed) and the problems found on the way. */
    record Result(Node root, List<Diagnostic> diagnostics) {
    }

    private final String source;
    private final LoadSettings settings;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    YamlComposer(String source, SpecLimits limits) {
        this.source = source;
        this.settings = LoadSettings.builder()
                .setLabel(source)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
                .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxSpecBytes()))
                .setParseComments(false)
                .setUseMarks(true)
                .build();
    }

    /** Whether a tag (as the parser resolved it) is one of the standard, harmless ones. */
    static boolean isStandardTag(String tag) {
        return STANDARD_TAGS.contains(tag);
    }

    Result compose(String text) {
        if (!scanEvents(text)) {
            return new Result(null, diagnostics);
        }
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (YamlEngineException e) {
            syntaxError(e, text);
            return new Result(null, diagnostics);
        } catch (IllegalArgumentException e) {
            badEscape(text);
            return new Result(null, diagnostics);
        }
        if (root.isEmpty() || isEmptyScalar(root.get())) {
            SourcePosition at = root.flatMap(Node::getStartMark).map(YamlComposer::position)
                    .orElse(new SourcePosition(1, 1));
            diagnostics.add(new Diagnostic(source, at, "the spec is empty",
                    "expected a mapping with at least name, input, layers and loss"));
            return new Result(null, diagnostics);
        }
        return new Result(root.get(), diagnostics);
    }

    private static boolean isEmptyScalar(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL) && s.getValue().isEmpty();
    }

    /** Checks the event stream; false if composing must not be attempted. Tag problems are not fatal. */
    private boolean scanEvents(String text) {
        Map<String, Boolean> anchorIsCollection = new HashMap<>();
        Deque<String> open = new ArrayDeque<>(); // anchors of the collections being read ("" for none)
        int documents = 0;
        int collectionAliases = 0;
        try {
            for (Event event : new Parse(settings).parseString(text)) {
                switch (event.getEventId()) {
                    case DocumentStart:
                        if (++documents > 1) {
                            return fatal(event, "a spec must be a single YAML document, but a second one starts here",
                                    "remove the '---' line and everything after it, or split the file");
                        }
                        break;
                    case MappingStart:
                    case SequenceStart:
                        if (open.size() == MAX_DEPTH) {
                            return fatal(event, "collections are nested too deeply (more than " + MAX_DEPTH
                                    + " levels)", "a spec needs at most 3 levels");
                        }
                        checkTag(event, ((CollectionStartEvent) event).getTag());
                        String anchor = anchorOf(event);
                        anchorIsCollection.put(anchor, Boolean.TRUE);
                        open.push(anchor);
                        break;
                    case MappingEnd:
                    case SequenceEnd:
                        open.pop();
                        break;
                    case Scalar:
                        checkTag(event, ((ScalarEvent) event).getTag());
                        anchorIsCollection.put(anchorOf(event), Boolean.FALSE);
                        break;
                    case Alias:
                        String name = ((AliasEvent) event).getAlias().getValue();
                        if (open.contains(name)) {
                            return fatal(event, "alias '*" + name + "' refers to a collection that contains it",
                                    "recursive structures are not allowed in a spec");
                        }
                        if (Boolean.TRUE.equals(anchorIsCollection.get(name))
                                && ++collectionAliases > MAX_COLLECTION_ALIASES) {
                            return fatal(event, "too many aliases of lists or mappings (more than "
                                    + MAX_COLLECTION_ALIASES + ")", "aliases can expand a small file exponentially "
                                    + "('billion laughs'); write the values out instead");
                        }
                        break;
                    default:
                        break;
                }
            }
        } catch (YamlEngineException e) {
            syntaxError(e, text);
            return false;
        } catch (IllegalArgumentException e) {
            badEscape(text);
            return false;
        }
        return true;
    }

    /**
     * SnakeYAML Engine 2.9 lets a NumberFormatException or IllegalArgumentException out of its scanner for a
     * double-quoted hex escape ({@code \x}, backslash-u or {@code \U}) cut short by the end of the text, or naming a
     * code point beyond U+10FFFF (found by fuzzing). Reported at the first such escape, else at the end.
     */
    private void badEscape(String text) {
        Matcher m = HEX_ESCAPE.matcher(text);
        SourcePosition at = null;
        while (at == null && m.find()) {
            int digits = m.group(1).equals("x") ? 2 : m.group(1).equals("u") ? 4 : 8;
            String hex = m.group(2);
            if (hex.length() < digits || Long.parseLong(hex.substring(0, digits), 16) > Character.MAX_CODE_POINT) {
                at = positionOfCodePoint(text, text.codePointCount(0, m.start()));
            }
        }
        if (at == null) {
            at = positionOfCodePoint(text, text.codePointCount(0, text.length()));
        }
        diagnostics.add(new Diagnostic(source, at, "YAML syntax error: invalid escape sequence in a double-quoted string",
                "\\xNN, \\uNNNN and \\UNNNNNNNN need exactly that many hex digits and a code point up to 10FFFF"));
    }

    /** A hex escape as a double-quoted YAML string spells it, with up to 8 digits after it. */
    private static final Pattern HEX_ESCAPE = Pattern.compile("(?<!\\\\)\\\\([xuU])([0-9A-Fa-f]{0,8})");

    private static String anchorOf(Event event) {
        return ((NodeEvent) event).getAnchor().map(Anchor::getValue).orElse("");
    }

    private void checkTag(Event event, Optional<String> tag) {
        if (tag.isPresent() && !isStandardTag(tag.get())) {
            String shown = tag.get().startsWith(YAML_TAG_PREFIX)
                    ? "!!" + tag.get().substring(YAML_TAG_PREFIX.length()) : tag.get();
            diagnostics.add(new Diagnostic(source, position(event.getStartMark()),
                    "tags are not allowed, found '" + SpecRules.printable(shown) + "'",
                    "remove the tag; a spec holds only plain mappings, lists, strings and numbers"));
        }
    }

    private boolean fatal(Event event, String message, String hint) {
        diagnostics.add(new Diagnostic(source, position(event.getStartMark()), message, hint));
        return false;
    }

    private void syntaxError(YamlEngineException e, String text) {
        if (e instanceof MarkedYamlEngineException m) {
            String problem = m.getProblem() == null ? "" : m.getProblem();
            String hint = m.getContext() == null ? "" : m.getContext()
                    + m.getContextMark().map(c -> " started at " + position(c)).orElse("");
            if (problem.equals("mapping values are not allowed here") && hint.isEmpty()) {
                hint = "check this line's indentation, or quote a value that contains ': '";
            }
            if (problem.contains("(TAB)")) {
                problem = "tab character found where YAML does not allow one";
                hint = "indent with spaces; YAML forbids tabs in indentation";
            }
            diagnostics.add(new Diagnostic(source, position(m.getProblemMark()), "YAML syntax error: " + problem, hint));
        } else if (e instanceof ReaderException r) {
            diagnostics.add(new Diagnostic(source, positionOfCodePoint(text, r.getPosition()),
                    String.format("character U+%04X is not allowed in YAML", r.getCodePoint()),
                    "remove it; only printable Unicode characters, tabs and line breaks may appear"));
        } else {
            // the code-point limit and the composer's own alias check land here; neither carries a mark
            diagnostics.add(new Diagnostic(source, SourcePosition.UNKNOWN, "cannot read YAML: " + e.getMessage(), ""));
        }
    }

    private static SourcePosition position(Optional<Mark> mark) {
        return mark.map(YamlComposer::position).orElse(SourcePosition.UNKNOWN);
    }

    /** The library's 0-based mark as a 1-based position. */
    static SourcePosition position(Mark mark) {
        return new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** 1-based line and column of the code point at a 0-based code point index. */
    private static SourcePosition positionOfCodePoint(String text, int index) {
        int line = 1;
        int column = 1;
        int offset = 0;
        for (int i = 0; i < index && offset < text.length(); i++) {
            int cp = text.codePointAt(offset);
            offset += Character.charCount(cp);
            if (cp == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourcePosition(line, column);
    }
}
