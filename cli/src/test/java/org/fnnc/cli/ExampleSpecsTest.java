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

    @TempDir
    static Path sliceDir;

    /** Made once for all MNIST specs. */
    static Path mnistSlice;

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
                // the command fetches MNIST into the cache; here a slice of the shared copy stands in for it
                // (the first 1,000 training and 200 test images: one epoch of the wide network on all 60,000
                // takes minutes on a busy machine; TrainEndToEndTest trains on the whole set)
                Path mnist = Path.of(System.getProperty("fnnc.datasets", "../../shared/datasets"), "mnist");
                assumeTrue(Files.isDirectory(mnist), "MNIST not available at " + mnist);
                if (mnistSlice == null) {
                    mnistSlice = mnistSlice(mnist, sliceDir.resolve("mnist"), 1000, 200);
                }
                args.addAll(List.of("--data", mnistSlice.toString()));
            }
        }
        // one epoch is enough to show the command works; the full runs are measured in the docs
        args.addAll(List.of("--epochs", "1", "--quiet", "-o", dir.resolve("w.safetensors").toString()));
        CliRun r = CliRun.run(args.toArray(new String[0]));
        assertEquals(0, r.exitCode(), () -> line + "\n" + r);
        assertTrue(r.out().contains("weights"), r::toString);
    }

    /** Writes the first {@code train} and {@code test} images of the MNIST in {@code from} as IDX files. */
    static Path mnistSlice(Path from, Path to, int train, int test) throws IOException {
        org.fnnc.data.Mnist.Data m = org.fnnc.data.Mnist.load(from);
        Files.createDirectories(to);
        writeIdx(m.train(), train, to, "train");
        writeIdx(m.test(), test, to, "t10k");
        return to;
    }

    private static void writeIdx(org.fnnc.data.Dataset d, int n, Path dir, String prefix) throws IOException {
        int pixels = d.featureCount();
        java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + n * pixels).putInt(2051).putInt(n).putInt(28)
                .putInt(28);
        java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + n).putInt(2049).putInt(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < pixels; j++) {
                images.put((byte) Math.round(d.feature(i, j) * 255f));
            }
            labels.put((byte) d.label(i));
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
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
