package org.fnnc.maven;

import java.nio.file.Path;
import java.util.List;
import org.fnnc.generator.output.SpecOverrides;
import org.fnnc.spec.UnrollMode;

/**
 * The child process of {@link KilledGenerateTest}: generates the specs of the project in {@code args[0]} over and
 * over, cycling through {@link #VARIANTS} so that every run moves or rewrites sources, until it is killed.
 * Prints {@code run <n>} after each complete run.
 */
final class GenerateUntilKilled {

    /** Configurations whose outputs differ: the default package moves sources, unroll mode changes them. */
    static final List<SpecOverrides> VARIANTS = List.of(
            new SpecOverrides("com.example.x", null, null, null),
            new SpecOverrides("com.example.y", null, null, null),
            new SpecOverrides("com.example.x", UnrollMode.LOOPS, null, null));

    private GenerateUntilKilled() {
    }

    static IncrementalGenerator.Result generate(Path project, SpecOverrides options) throws java.io.IOException {
        List<Path> specs = new SpecScanner(AbstractGenerateMojo.DEFAULT_INCLUDES, List.of())
                .scan(project.resolve("src/main/fnnc"));
        return new IncrementalGenerator(project, Path.of("target/generated-sources/fnnc"),
                Path.of("target/fnnc/generate-default.fingerprint"), options, "kill test").run(specs);
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        for (int n = first; ; n++) {
            generate(project, VARIANTS.get(n % VARIANTS.size()));
            System.out.println("run " + n);
            System.out.flush();
        }
    }
}
