package org.fnnc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds the spec files under a directory that match the includes and none of the excludes, in a stable order. */
final class SpecScanner {

    private final List<GlobPattern> includes;
    private final List<GlobPattern> excludes;

    SpecScanner(List<String> includes, List<String> excludes) {
        this.includes = includes.stream().map(GlobPattern::of).collect(Collectors.toList());
        this.excludes = excludes.stream().map(GlobPattern::of).collect(Collectors.toList());
    }

    /** The matching regular files, sorted by their path below {@code directory}; none if it does not exist. */
    List<Path> scan(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> matches(slashed(directory.relativize(f))))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    boolean matches(String relativePath) {
        return includes.stream().anyMatch(p -> p.matches(relativePath))
                && excludes.stream().noneMatch(p -> p.matches(relativePath));
    }

    /** {@code path} with {@code /} separators, so that names are the same on every platform. */
    static String slashed(Path path) {
        return path.toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
