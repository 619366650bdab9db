package org.fnnc.maven;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.fnnc.files.AtomicFiles;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.generator.GeneratorVersion;
import org.fnnc.generator.NetworkClassGenerator;
import org.fnnc.generator.output.DuplicateClasses;
import org.fnnc.generator.output.SourceWrites;
import org.fnnc.generator.output.SpecOverrides;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.yaml.SpecLoader;

/**
 * One generation run over a project's spec files, independent of Maven: loads and generates the specs that
 * changed since the {@link Fingerprint}, writes them by the generator's policy ({@link SourceWrites}: clashes
 * found first, identical content not rewritten, writes atomic), deletes the outputs of specs that are gone, and
 * collects every problem of every spec instead of stopping at the first.
 * Sources are written atomically, after a fingerprint that marks their specs as not generated yet, and the
 * real fingerprint last: a run stopped at any point (killed, disk full) leaves whole files only, and the next
 * run regenerates whatever that run did not finish. It also deletes the temporary files a killed run left.
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
    private final SpecOverrides options;
    private final String configHash;
    private final SpecLoader loader = SpecLoader.withDefaults();
    private final SourceWrites.FileWriter writer;

    /**
     * @param baseDir         the project base directory: spec names in diagnostics are relative to it
     * @param outputDirectory the generated source root
     * @param fingerprintFile where the run's fingerprint is kept
     * @param options         applied to every spec
     * @param configuration   a description of every setting that affects the outputs; a change regenerates all
     */
    IncrementalGenerator(Path baseDir, Path outputDirectory, Path fingerprintFile, SpecOverrides options,
                         String configuration) {
        this(baseDir, outputDirectory, fingerprintFile, options, configuration, AtomicFiles::write);
    }

    /** As above, writing sources with {@code writer}. */
    IncrementalGenerator(Path baseDir, Path outputDirectory, Path fingerprintFile, SpecOverrides options,
                         String configuration, SourceWrites.FileWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
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

        // Decide every write before touching the disk.
        List<Pending> generating = new ArrayList<>();
        for (Pending p : pending) {
            if (problems.containsKey(p.path())) {
                entries.put(p.path(), failed(old.specs().get(p.path())));
            } else {
                generating.add(p);
            }
        }
        SourceWrites writes = SourceWrites.plan(outputDirectory, generating.stream().map(Pending::source).toList());
        Set<String> rewritten = new LinkedHashSet<>();
        for (int k = 0; k < generating.size(); k++) {
            Pending p = generating.get(k);
            SourceWrites.SourceFile file = writes.files().get(k);
            if (!file.unchanged()) {
                rewritten.add(p.path());
            }
            entries.put(p.path(), new Fingerprint.Entry(p.sha256(), p.source().qualifiedName(), relative(file.target())));
        }
        Map<String, Fingerprint.Entry> ordered = inScanOrder(specFiles, entries);
        deleteStaleTemporaries(old, ordered);
        // Stale outputs go first: should the run stop after this, the old fingerprint still names them, and
        // their specs, finding their outputs missing, are regenerated. (Also, on a case-insensitive file system
        // a stale Net.java is the file a new NET.java replaces: deleting it afterwards would delete the new one.)
        List<Path> deleted = deleteStale(old, ordered);
        if (!rewritten.isEmpty()) {
            // Write-ahead: the specs about to be rewritten are on record as not generated, with their new
            // outputs, until every source is written. A run stopped halfway (killed, disk full) leaves them to
            // be regenerated by the next run even if their spec is then reverted to the bytes of the old
            // fingerprint, and their outputs to be deleted if their spec goes.
            Map<String, Fingerprint.Entry> intermediate = new LinkedHashMap<>(ordered);
            rewritten.forEach(path -> intermediate.computeIfPresent(path,
                    (k, e) -> new Fingerprint.Entry("", e.className(), e.output())));
            new Fingerprint(GeneratorVersion.build(), configHash, intermediate).write(fingerprintFile);
        }
        writes.write(writer);

        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Path file : specFiles) {
            diagnostics.addAll(problems.getOrDefault(relative(file.toAbsolutePath().normalize()), List.of()));
        }
        Fingerprint now = new Fingerprint(GeneratorVersion.build(), configHash, ordered);
        if (!now.equals(old) || !rewritten.isEmpty()) {
            now.write(fingerprintFile);
        }
        return new Result(specFiles.size(), upToDate, writes.changed(), writes.unchanged(), List.copyOf(deleted),
                List.copyOf(diagnostics));
    }

    /** {@code entries} keyed and ordered like {@code specFiles}. */
    private Map<String, Fingerprint.Entry> inScanOrder(List<Path> specFiles, Map<String, Fingerprint.Entry> entries) {
        Map<String, Fingerprint.Entry> ordered = new LinkedHashMap<>();
        for (Path file : specFiles) {
            String path = relative(file.toAbsolutePath().normalize());
            ordered.put(path, entries.get(path));
        }
        return ordered;
    }

    /**
     * Deletes the temporary files of writes a killed run left (never {@code *.java}, so the compiler ignores
     * them, but they would pile up): those of the fingerprint and of every output this goal had or has on
     * record. Runs of one module's goals never overlap, so no write of these files is running.
     */
    private void deleteStaleTemporaries(Fingerprint old, Map<String, Fingerprint.Entry> now) throws IOException {
        Set<String> outputs = new LinkedHashSet<>();
        old.specs().values().forEach(e -> outputs.add(e.output()));
        now.values().forEach(e -> outputs.add(e.output()));
        outputs.remove("");
        AtomicFiles.deleteStaleTemporaries(fingerprintFile);
        for (String output : outputs) {
            AtomicFiles.deleteStaleTemporaries(baseDir.resolve(output));
        }
    }

    /** A failed spec keeps its previous output on record, so that the output is deleted if the spec goes. */
    private static Fingerprint.Entry failed(Fingerprint.Entry previous) {
        return previous == null ? new Fingerprint.Entry("", "", "")
                : new Fingerprint.Entry("", previous.className(), previous.output());
    }

    /**
     * Two specs generating one class ({@link DuplicateClasses}), counting the classes of up-to-date specs: an
     * error in each spec being generated, naming the others; neither is written.
     */
    private static void rejectDuplicates(Map<String, Fingerprint.Entry> kept, List<Pending> pending,
                                         Map<String, List<Diagnostic>> problems) {
        List<DuplicateClasses.Claim> claims = new ArrayList<>();
        kept.forEach((path, e) -> {
            if (e.succeeded()) {
                claims.add(DuplicateClasses.Claim.kept(path, e.className()));
            }
        });
        pending.forEach(p -> claims.add(DuplicateClasses.Claim.of(p.source())));
        for (Diagnostic d : DuplicateClasses.find(claims)) {
            problems.computeIfAbsent(d.source(), k -> new ArrayList<>()).add(d);
        }
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
