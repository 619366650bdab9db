package org.fnnc.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.generator.NetworkClassGenerator;
import org.fnnc.io.AtomicFiles;
import org.fnnc.spec.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fnnc generate}: writes the Java source of each spec's network under a directory. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates the Java class of each SPEC and writes it under DIR in its package directory"
                + " (e.g. DIR/org/fnnc/examples/Iris.java). All specs are checked before anything is written.")
final class GenerateCommand extends BaseCommand {

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Network specs (YAML).")
    List<Path> specFiles;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "Output source directory.")
    Path outDir;

    @Override
    int execute() throws Exception {
        List<GeneratedSource> sources = specFiles.stream().map(BaseCommand::loadSpec)
                .map(NetworkClassGenerator::generate).toList();
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw CliException.usage("output " + outDir + " exists and is not a directory");
        }
        for (GeneratedSource src : sources) {
            Path file = outDir.resolve(src.relativePath());
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, src.text().getBytes(StandardCharsets.UTF_8));
            NetworkSpec spec = src.spec();
            out().printf("%s -> %s (%d lines)%n", spec.origin().sourceName(), file, src.text().lines().count());
        }
        return 0;
    }
}
