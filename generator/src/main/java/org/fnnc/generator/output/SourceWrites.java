package org.fnnc.generator.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fnnc.files.AtomicFiles;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.SpecException;

/**
 * The one policy for writing generated sources, whatever the front end: every clash between classes is found
 * before anything is written ({@link DuplicateClasses}); a source whose file already holds the same bytes is left
 * alone (its timestamp too, so incremental compilers and IDEs see no change); every other source is written
 * atomically ({@link AtomicFiles#write}: a temporary file, forced to disk, renamed over the target), so a reader or
 * a crash sees the old file or the whole new one. Plan first ({@link #plan}), then {@link #write()}.
 */
public final class SourceWrites {

    /** How one file reaches the disk; tests inject failures, everything else uses {@link AtomicFiles#write}. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path target, byte[] bytes) throws IOException;
    }

    /**
     * A source and where it goes.
     *
     * @param target    the file under the source root
     * @param bytes     its UTF-8 content
     * @param unchanged whether the file already holds exactly these bytes (then it is not written)
     */
    public record SourceFile(GeneratedSource source, Path target, byte[] bytes, boolean unchanged) {
    }

    private final List<SourceFile> files;

    private SourceWrites(List<SourceFile> files) {
        this.files = List.copyOf(files);
    }

    /**
     * Checks, then plans the writes of {@code sources} under the source root {@code root}; reads existing files,
     * writes nothing.
     *
     * @throws SpecException naming every spec whose class clashes with another's
     */
    public static SourceWrites plan(Path root, List<GeneratedSource> sources) throws IOException {
        List<Diagnostic> clashes = DuplicateClasses.find(sources.stream().map(DuplicateClasses.Claim::of).toList());
        if (!clashes.isEmpty()) {
            throw new SpecException(clashes);
        }
        List<SourceFile> files = new ArrayList<>();
        for (GeneratedSource s : sources) {
            Path target = root.resolve(s.relativePath());
            byte[] bytes = s.text().getBytes(StandardCharsets.UTF_8);
            boolean unchanged = Files.isRegularFile(target) && Files.size(target) == bytes.length
                    && Arrays.equals(Files.readAllBytes(target), bytes);
            files.add(new SourceFile(s, target, bytes, unchanged));
        }
        return new SourceWrites(files);
    }

    /** Every planned source, in the order given. */
    public List<SourceFile> files() {
        return files;
    }

    /** The files to write: new, or with other content. */
    public List<Path> changed() {
        return files.stream().filter(f -> !f.unchanged()).map(SourceFile::target).toList();
    }

    /** The files that already hold their content and are left alone. */
    public List<Path> unchanged() {
        return files.stream().filter(SourceFile::unchanged).map(SourceFile::target).toList();
    }

    /** Writes the changed files atomically, creating their package directories. */
    public void write() throws IOException {
        write(AtomicFiles::write);
    }

    /** As {@link #write()}, each file through {@code writer}. */
    public void write(FileWriter writer) throws IOException {
        for (SourceFile f : files) {
            if (!f.unchanged()) {
                Files.createDirectories(f.target().getParent());
                writer.write(f.target(), f.bytes());
            }
        }
    }
}
