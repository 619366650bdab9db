package org.fnnc.maven;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.generator.GeneratorVersion;
import org.fnnc.generator.NetworkClassGenerator;
import org.fnnc.io.AtomicFiles;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SourcePosition;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.SpecLoader;

/**
 * One generation run over a project's spec files, independent of Maven: loads and generates the specs that
 * changed since the {@link Fingerprint}, writes sources whose content changed (atomically), deletes the
 * outputs of specs that are gone, and collects every problem of every spec instead of stopping at the first.
 * The fingerprint is written last, so an interrupted run is redone by the next one.
 */
final class IncrementalGenerator {

    /**
     * What a run did; paths are absolute.
     *
     * @param specs       number of spec files
     * @param upToDate    specs skipped because nothing they depend on changed
     * @param written     sources written (new or changed content)
     * @param unchanged   sources regenerated with the same content, so not rewritten
     * @param deleted     sources of specs that are gone
     * @param diagnostics every problem found, by spec in scan order; empty if the run succeeded
     */
    record Result(int specs, int upToDate, List<Path> written, List<Path> unchanged, List<Path> deleted,
                  List<Diagnostic> diagnostics) {
        boolean failed() {
            return !diagnostics.isEmpty();
        }
    }

    private final Path baseDir;
    private final Path outputDirectory;
    private final Path fingerprintFile;
    private final GenerationOptions options;
    private final String configHash;
    private final SpecLoader loader = SpecLoader.withDefaults();

    /**
     * @param baseDir         the project base directory: spec names in diagnostics are relative to it
     * @param outputDirectory the generated source root
     * @param fingerprintFile where the run's fingerprint is kept
     * @param options         applied to every spec
     * @param configuration   a description of every setting that affects the outputs; a change regenerates all
     */
    IncrementalGenerator(Path baseDir, Path outputDirectory, Path fingerprintFile, GenerationOptions options,
                         String configuration) {
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.outputDirectory = this.baseDir.resolve(outputDirectory).normalize();
        this.fingerprintFile = this.baseDir.resolve(fingerprintFile);
        this.options = Objects.requireNonNull(options, "options");
        this.configHash = Fingerprint.sha256(configuration + "\n" + options.describe()
                + "\noutputDirectory=" + relative(this.outputDirectory));
    }

    /** A spec that loaded and generated, waiting for the duplicate check before it is written. */
    private record Pending(String path, String sha256, GeneratedSource source) {
    }

    Result run(List<Path> specFiles) throws IOException {
        Fingerprint old = Fingerprint.read(fingerprintFile);
        boolean sameSetup = old.generatorVersion().equals(GeneratorVersion.build()) && old.configHash().equals(configHash);
        Map<String, Fingerprint.Entry> entries = new LinkedHashMap<>();
        Map<String, List<Diagnostic>> problems = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        int upToDate = 0;
        for (Path file : specFiles) {
            String path = relative(file.toAbsolutePath().normalize());
            byte[] bytes = Files.readAllBytes(file);
            String sha = Fingerprint.sha256(bytes);
            Fingerprint.Entry previous = old.specs().get(path);
            if (sameSetup && previous != null && previous.sha256().equals(sha)
                    && !previous.output().isEmpty() && Files.isRegularFile(baseDir.resolve(previous.output()))) {
                entries.put(path, previous);
                upToDate++;
                continue;
            }
            try {
                NetworkSpec spec = options.apply(loader.load(new ByteArrayInputStream(bytes), path));
                pending.add(new Pending(path, sha, NetworkClassGenerator.generate(spec)));
            } catch (SpecException e) {
                problems.put(path, new ArrayList<>(e.diagnostics()));
                entries.put(path, failed(previous));
            }
        }
        rejectDuplicates(entries, pending, problems);

        List<Path> written = new ArrayList<>();
        List<Path> unchanged = new ArrayList<>();
        for (Pending p : pending) {
            if (problems.containsKey(p.path())) {
                entries.put(p.path(), failed(old.specs().get(p.path())));
                continue;
            }
            Path target = outputDirectory.resolve(p.source().relativePath());
            (writeIfChanged(target, p.source().text()) ? written : unchanged).add(target);
            entries.put(p.path(), new Fingerprint.Entry(p.sha256(), p.source().qualifiedName(), relative(target)));
        }
        List<Path> deleted = deleteStale(old, entries);

        Map<String, Fingerprint.Entry> ordered = new LinkedHashMap<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Path file : specFiles) {
            String path = relative(file.toAbsolutePath().normalize());
            ordered.put(path, entries.get(path));
            diagnostics.addAll(problems.getOrDefault(path, List.of()));
        }
        Fingerprint now = new Fingerprint(GeneratorVersion.build(), configHash, ordered);
        if (!now.equals(old)) {
            now.write(fingerprintFile);
        }
        return new Result(specFiles.size(), upToDate, List.copyOf(written), List.copyOf(unchanged),
                List.copyOf(deleted), List.copyOf(diagnostics));
    }

    /** A failed spec keeps its previous output on record, so that the output is deleted if the spec goes. */
    private static Fingerprint.Entry failed(Fingerprint.Entry previous) {
        return previous == null ? new Fingerprint.Entry("", "", "")
                : new Fingerprint.Entry("", previous.className(), previous.output());
    }

    /**
     * Two specs generating one class (or two classes whose files collide on a case-insensitive file system)
     * is an error in each of them, naming the other: neither is written.
     */
    private void rejectDuplicates(Map<String, Fingerprint.Entry> kept, List<Pending> pending,
                                  Map<String, List<Diagnostic>> problems) {
        Map<String, List<String>> byClass = new LinkedHashMap<>();
        Map<String, String> classOf = new LinkedHashMap<>();
        kept.forEach((path, e) -> {
            if (e.succeeded()) {
                classOf.put(path, e.className());
            }
        });
        pending.forEach(p -> classOf.put(p.path(), p.source().qualifiedName()));
        classOf.forEach((path, cls) -> byClass.computeIfAbsent(cls.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(path));
        for (Pending p : pending) {
            String cls = p.source().qualifiedName();
            List<String> clash = byClass.get(cls.toLowerCase(Locale.ROOT));
            if (clash.size() < 2) {
                continue;
            }
            boolean sameCase = clash.stream().allMatch(o -> classOf.get(o).equals(cls));
            List<String> others = clash.stream().filter(o -> !o.equals(p.path()))
                    .map(o -> sameCase ? o : o + " (class " + classOf.get(o) + ")").collect(Collectors.toList());
            SourcePosition at = p.source().spec().origin().positionOf("name");
            problems.computeIfAbsent(p.path(), k -> new ArrayList<>()).add(new Diagnostic(p.path(), at,
                    (sameCase ? "class " + cls + " is also generated by " : "class " + cls
                            + " differs only in case from a class generated by ") + String.join(" and ", others),
                    "give each spec its own 'name' or 'package'"));
        }
    }

    /** Writes {@code text} to {@code target} unless it already holds exactly that; true if written. */
    private static boolean writeIfChanged(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), bytes)) {
            return false;
        }
        Files.createDirectories(target.getParent());
        AtomicFiles.write(target, bytes);
        return true;
    }

    /** Deletes outputs on record from the last run that no spec produces now, and package folders left empty. */
    private List<Path> deleteStale(Fingerprint old, Map<String, Fingerprint.Entry> now) throws IOException {
        Set<String> current = now.values().stream().map(Fingerprint.Entry::output).collect(Collectors.toSet());
        Set<String> stale = new LinkedHashSet<>();
        old.specs().values().forEach(e -> {
            if (!e.output().isEmpty() && !current.contains(e.output())) {
                stale.add(e.output());
            }
        });
        List<Path> deleted = new ArrayList<>();
        for (String output : stale) {
            Path file = baseDir.resolve(output);
            if (Files.deleteIfExists(file)) {
                deleted.add(file);
                deleteEmptyParents(file.getParent());
            }
        }
        return deleted;
    }

    private void deleteEmptyParents(Path dir) throws IOException {
        for (Path d = dir; d != null && d.startsWith(outputDirectory) && !d.equals(outputDirectory); d = d.getParent()) {
            try {
                if (!Files.deleteIfExists(d)) {
                    return;
                }
            } catch (DirectoryNotEmptyException e) {
                return;
            }
        }
    }

    /** {@code file} relative to the base directory, {@code /}-separated: how diagnostics and the fingerprint name it. */
    private String relative(Path file) {
        return SpecScanner.slashed(baseDir.relativize(file));
    }
}
