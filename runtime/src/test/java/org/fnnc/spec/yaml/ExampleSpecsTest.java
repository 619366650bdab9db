package org.fnnc.spec.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

/** The example specs in the repository's {@code specs/} directory (surefire runs in the module directory). */
class ExampleSpecsTest {

    private static final Path SPECS = Path.of("..", "specs");
    private static final SpecLoader LOADER = SpecLoader.withDefaults();

    /** file, input size, output size, layer count, loss. */
    private record Expected(String file, int input, int output, int depth, Loss loss) {
    }

    private static final List<Expected> EXPECTED = List.of(
            new Expected("xor.yaml", 2, 1, 2, Loss.BINARY_CROSS_ENTROPY),
            new Expected("iris.yaml", 4, 3, 2, Loss.CROSS_ENTROPY),
            new Expected("breast-cancer.yaml", 30, 1, 2, Loss.BINARY_CROSS_ENTROPY),
            new Expected("digits.yaml", 64, 10, 2, Loss.CROSS_ENTROPY),
            new Expected("mnist-mlp.yaml", 784, 10, 2, Loss.CROSS_ENTROPY),
            new Expected("regression.yaml", 1, 1, 3, Loss.MSE),
            new Expected("mnist-wide.yaml", 784, 10, 3, Loss.CROSS_ENTROPY));

    @Test
    void everyExampleIsCheckedHere() throws Exception {
        try (Stream<Path> files = Files.list(SPECS)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .sorted().collect(Collectors.toList());
            assertEquals(EXPECTED.stream().map(Expected::file).sorted().collect(Collectors.toList()), names);
        }
    }

    @Test
    void examplesLoadWithTheExpectedShapes() {
        for (Expected x : EXPECTED) {
            NetworkSpec spec = LOADER.load(SPECS.resolve(x.file()));
            assertEquals(x.input(), spec.input(), x.file());
            assertEquals(x.output(), spec.outputSize(), x.file());
            assertEquals(x.depth(), spec.depth(), x.file());
            assertEquals(x.loss(), spec.loss(), x.file());
            assertEquals("org.fnnc.examples", spec.packageName(), x.file());
            assertEquals(spec, LOADER.load(spec.canonical(), "canonical"), x.file());
        }
    }

    @Test
    void mnistMlpHasTheClassicSize() {
        NetworkSpec spec = LOADER.load(SPECS.resolve("mnist-mlp.yaml"));
        assertEquals(784 * 128 + 128 + 128 * 10 + 10, spec.parameterCount());
        assertEquals(new TrainingSpec(OptimizerKind.MOMENTUM, 0.05, 32, 6, 0.9, 0.9, 0.999, 1e-8, 0.0, Schedule.COSINE,
                1, 0.5, 0.0, 1L, 0), spec.training());
    }
}
