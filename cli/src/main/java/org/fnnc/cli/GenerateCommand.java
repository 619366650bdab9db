package org.fnnc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.generator.NetworkClassGenerator;
import org.fnnc.generator.output.SourceWrites;
import org.fnnc.generator.output.SpecOverrides;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.SpecException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fnnc generate}: writes the Java source of each spec's network under a directory, by the generator's write
 * policy (the Maven plugin's too): every spec loaded and every class clash found before anything is written,
 * unchanged sources left alone, the others written atomically.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates the Java class of each SPEC and writes it under DIR in its package directory"
                + " (e.g. DIR/org/fnnc/examples/Iris.java). All specs are checked before anything is written;"
                + " a source whose content is unchanged is not rewritten.")
final class GenerateCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Network specs (YAML).")
    List<Path> specFiles;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "Output source directory.")
    Path outDir;

    @Option(names = "--package", paramLabel = "NAME", description = "Package of specs that name none.")
    String packageName;

    @Option(names = "--unroll", paramLabel = "MODE", description = "Override every spec's unroll mode: auto, full"
            + " or loops.")
    String unroll;

    @Option(names = "--unroll-threshold", paramLabel = "MACS",
            description = "Override every spec's unroll threshold (multiply-adds per layer pass).")
    Integer unrollThreshold;

    @Option(names = "--kernels", paramLabel = "KIND", description = "Override every spec's kernels: auto (the"
            + " default: the kernel library), scalar or vector_api.")
    String kernels;

    @Override
    int execute() throws Exception {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw CliException.usage("output " + outDir + " exists and is not a directory");
        }
        SpecOverrides overrides = OptionValues.parse("--package", () -> SpecOverrides.NONE.withDefaultPackage(packageName));
        overrides = OptionValues.parse("--unroll", overrides::withUnroll, unroll);
        overrides = OptionValues.parse("--unroll-threshold", overrides::withUnrollThreshold, unrollThreshold);
        overrides = OptionValues.parse("--kernels", overrides::withKernels, kernels);

        List<GeneratedSource> sources = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Path file : specFiles) {
            try {
                sources.add(NetworkClassGenerator.generate(overrides.apply(loadSpec(file))));
            } catch (SpecException e) {
                problems.addAll(e.diagnostics());
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        SourceWrites writes = SourceWrites.plan(outDir, sources);
        writes.write();
        for (SourceWrites.SourceFile f : writes.files()) {
            out().printf("%s -> %s (%d lines%s)%n", f.source().spec().origin().sourceName(), f.target(),
                    f.source().text().lines().count(), f.unchanged() ? ", unchanged" : "");
        }
        return 0;
    }
}
