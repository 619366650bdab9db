package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example spec says how to train it in a {@code # Train:} line, and that one command works on a fresh
 * checkout: its data ships in data/ or is built in (MNIST is fetched; here the shared copy stands in).
 */
class ExampleSpecsTest {

    static final String PREFIX = "# Train: ./fnnc ";

    @TempDir
    Path dir;

    static Stream<Path> specs() throws IOException {
        return Files.list(Path.of("../specs")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void trainsWithTheCommandInItsHeader(Path spec) throws IOException {
        String line = Files.readAllLines(spec).stream().filter(l -> l.startsWith(PREFIX)).findFirst()
                .orElseThrow(() -> new AssertionError(spec + " has no '" + PREFIX + "...' line"));
        List<String> args = new ArrayList<>();
        // a trailing "(comment)" is for people, not part of the command
        String command = line.substring(PREFIX.length()).replaceAll("\\s+\\(.*\\)\\s*$", "").trim();
        for (String word : command.split("\\s+")) {
            args.add(word.startsWith("specs/") || word.startsWith("data/") ? "../" + word : word);
        }
        assertEquals("train", args.get(0), line);
        assertTrue(args.contains("../" + Path.of("specs").resolve(spec.getFileName())), line);
        for (String a : args) {
            if (a.startsWith("../data/")) {
                assertTrue(Files.isRegularFile(Path.of(a)), a + " is not in the repository");
            }
        }
        if (!args.contains("--data")) {
            NetworkInput input = NetworkInput.of(spec);
            if (input == NetworkInput.MNIST) {
                Path mnist = Path.of(System.getProperty("fnnc.datasets", "../../shared/datasets"), "mnist");
                assumeTrue(Files.isDirectory(mnist), "MNIST not available at " + mnist);
                args.addAll(List.of("--data", mnist.toString()));
            }
        }
        // one epoch is enough to show the command works; the full runs are measured in the docs
        args.addAll(List.of("--epochs", "1", "--quiet", "-o", dir.resolve("w.safetensors").toString()));
        CliRun r = CliRun.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), () -> line + "\n" + r);
        assertTrue(r.out().contains("weights"), r::toString);
    }

    /** Where data comes from for a spec without --data. */
    enum NetworkInput {
        MNIST, DIGITS, OTHER;

        static NetworkInput of(Path spec) throws IOException {
            int input = org.fnnc.spec.yaml.SpecLoader.withDefaults().load(spec).input();
            return input == DataOptions.MNIST_INPUT ? MNIST : input == DataOptions.DIGITS_INPUT ? DIGITS : OTHER;
        }
    }
}
