package org.fnnc.maven;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An Ant-style path pattern, as Maven plugins use for {@code includes}/{@code excludes}: {@code *} matches
 * within one path segment, {@code ?} one character, {@code **} any number of segments (including none, so
 * {@code **}{@code /*.yaml} also matches {@code mnist.yaml}), and a trailing {@code /} means everything below.
 * Paths are matched with {@code /} separators on every platform.
 */
final class GlobPattern {

    private final String glob;
    private final Pattern regex;

    private GlobPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    /** Compiles {@code glob}; backslashes are read as separators, as Windows users write them. */
    static GlobPattern of(String glob) {
        Objects.requireNonNull(glob, "glob");
        String g = glob.trim().replace('\\', '/');
        if (g.endsWith("/")) {
            g = g + "**";
        }
        StringBuilder re = new StringBuilder();
        int i = 0;
        while (i < g.length()) {
            char c = g.charAt(i);
            if (g.startsWith("**/", i)) {
                re.append("(?:.*/)?");
                i += 3;
            } else if (g.startsWith("**", i)) {
                re.append(".*");
                i += 2;
            } else if (c == '*') {
                re.append("[^/]*");
                i++;
            } else if (c == '?') {
                re.append("[^/]");
                i++;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return new GlobPattern(glob, Pattern.compile(re.toString()));
    }

    /** Whether {@code relativePath} (separated by {@code /}) matches. */
    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
