package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.SafeTensorsFile;
import org.fnnc.io.Tensor;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.Network;
import org.fnnc.network.ParameterTensor;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.yaml.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What generate, inspect, grad, gradcheck and bench print and write. */
class CommandOutputTest {

    static final Path IRIS = Path.of("../specs/iris.yaml");

    @TempDir
    Path dir;

    @Test
    void gradMatchesTheInterpreterComputedHere() throws IOException {
        NetworkSpec spec = SpecLoader.withDefaults().load(IRIS);
        Network initial = Interpreter.create(spec.withInit(spec.init().withSeed(99)));
        Path weights = dir.resolve("w.safetensors");
        SafeTensors.save(weights, spec, initial.parameters());

        int n = 7;
        SplittableRandom rnd = new SplittableRandom(3);
        double[] x = new double[n * 4];
        double[] y = new double[n];
        StringBuilder xs = new StringBuilder();
        StringBuilder ys = new StringBuilder();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                // Values exact in float, so the CSV, the float network and this double reference see the same inputs.
                x[i * 4 + j] = rnd.nextInt(-64, 64) / 16.0;
                xs.append(j == 0 ? "" : ",").append(x[i * 4 + j]);
            }
            y[i] = rnd.nextInt(3);
            xs.append('\n');
            ys.append((int) y[i]).append('\n');
        }
        Path xFile = dir.resolve("x.csv");
        Path yFile = dir.resolve("y.csv");
        Files.writeString(xFile, xs);
        Files.writeString(yFile, ys);
        Path g = dir.resolve("g.safetensors");
        CliRun r = CliRun.run("grad", IRIS.toString(), "--weights", weights.toString(), "--data", xFile.toString(),
                "--labels", yFile.toString(), "-o", g.toString());
        assertEquals(0, r.exitCode(), r::toString);

        DoubleNetwork reference = (DoubleNetwork) Interpreter.create(spec.withPrecision(Precision.DOUBLE),
                initial.parameters());
        double loss = reference.lossAndGradients(x, y, n);
        assertEquals(loss, r.number("mean loss ([0-9.eE+-]+)"), 1e-5 * Math.max(1, loss), r::toString);
        SafeTensorsFile file = SafeTensors.read(g);
        assertEquals(loss, Double.parseDouble(file.metadata().get(GradCommand.LOSS_KEY)), 1e-5 * Math.max(1, loss));
        int index = 0;
        double[] expected = reference.gradients().toArray();
        for (ParameterTensor t : reference.parameters().layout().tensors()) {
            Tensor written = file.tensor(t.name());
            double[] values = written.values();
            assertEquals(t.size(), values.length, t.name());
            for (int k = 0; k < values.length; k++, index++) {
                // The generated float network: float sums of a handful of terms, about 1e-7 relative each.
                assertEquals(expected[index], values[k], 1e-5 + 1e-4 * Math.abs(expected[index]),
                        t.name() + "[" + k + "]");
            }
        }
        assertEquals(expected.length, index);
    }

    @Test
    void gradRejectsLabelsOfTheWrongShape() throws IOException {
        NetworkSpec spec = SpecLoader.withDefaults().load(IRIS);
        Path weights = dir.resolve("w.safetensors");
        SafeTensors.save(weights, spec, Interpreter.create(spec).parameters());
        Path xFile = dir.resolve("x.csv");
        Path yFile = dir.resolve("y.csv");
        Files.writeString(xFile, "1,2,3,4\n5,6,7,8\n");
        Files.writeString(yFile, "0\n");
        CliRun r = CliRun.run("grad", IRIS.toString(), "-w", weights.toString(), "--data", xFile.toString(), "-l",
                yFile.toString(), "-o", dir.resolve("g.safetensors").toString());
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("has 1 rows but"), r::toString);
    }

    @Test
    void gradcheckPassesAndNamesTheWorstParameters() {
        CliRun r = CliRun.run("gradcheck", IRIS.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("== generated vs interpreter: pass"), r::toString);
        assertTrue(r.out().contains("== generated vs finite differences: pass"), r::toString);
        assertTrue(r.out().matches("(?s).*layers\\.[01]\\.(weight|bias)\\[\\d+(, \\d+)?\\].*"), r::toString);
        assertTrue(r.out().contains("gradients agree"), r::toString);
    }

    @Test
    void generateWritesSourcesInPackageDirectories() throws IOException {
        CliRun r = CliRun.run("generate", IRIS.toString(), "../specs/xor.yaml", "-o", dir.toString());
        assertEquals(0, r.exitCode(), r::toString);
        String iris = Files.readString(dir.resolve("org/fnnc/examples/Iris.java"));
        assertTrue(iris.contains("public final class Iris"), iris.substring(0, 300));
        assertTrue(Files.readString(dir.resolve("org/fnnc/examples/Xor.java")).contains("class Xor"));
    }

    @Test
    void generateRefusesTwoSpecsOfOneClassAndWritesNothing() throws IOException {
        Path copy = dir.resolve("iris-copy.yaml");
        Files.copy(IRIS, copy);
        Path out = dir.resolve("out");
        CliRun r = CliRun.run("generate", "../specs/xor.yaml", IRIS.toString(), copy.toString(), "-o", out.toString());
        assertEquals(2, r.exitCode(), r::toString);
        // where the spec names its class, found here in the file's text
        java.util.List<String> lines = Files.readAllLines(IRIS);
        int line = 1 + lines.indexOf(lines.stream().filter(l -> l.startsWith("name: ")).findFirst().orElseThrow());
        String at = ":" + line + ":7: error: class org.fnnc.examples.Iris is also generated by ";
        assertTrue(r.err().contains(IRIS + at + copy), r::toString);
        assertTrue(r.err().contains(copy + at + IRIS), r::toString);
        assertTrue(!Files.exists(out), "generate wrote into " + out);
    }

    @Test
    void generateLeavesUnchangedSourcesAloneAndAppliesOverrides() throws IOException {
        assertEquals(0, CliRun.run("generate", IRIS.toString(), "-o", dir.toString()).exitCode());
        Path iris = dir.resolve("org/fnnc/examples/Iris.java");
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.fromMillis(981_173_106_000L);
        Files.setLastModifiedTime(iris, longAgo);
        CliRun again = CliRun.run("generate", IRIS.toString(), "-o", dir.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("Iris.java (") && again.out().contains(", unchanged)"), again::toString);
        assertEquals(longAgo, Files.getLastModifiedTime(iris));

        CliRun loops = CliRun.run("generate", IRIS.toString(), "-o", dir.toString(), "--unroll", "Loops");
        assertEquals(0, loops.exitCode(), loops::toString);
        assertTrue(!longAgo.equals(Files.getLastModifiedTime(iris)), "the changed source was not rewritten");
        assertTrue(Files.readString(iris).contains("unroll: {mode: loops"), "unroll override not applied");
        CliRun typo = CliRun.run("generate", IRIS.toString(), "-o", dir.toString(), "--kernels", "scalr");
        assertEquals(2, typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("--kernels: unknown kernels 'scalr' (expected one of auto, scalar, vector_api;"
                + " did you mean 'scalar'?)"), typo::toString);
    }

    @Test
    void inspectShowsParametersFlopsAndPlan() {
        CliRun r = CliRun.run("inspect", "../specs/mnist-mlp.yaml", "--source");
        assertEquals(0, r.exitCode(), r::toString);
        // 784-128-10: (784 + 1) * 128 + (128 + 1) * 10 parameters; 784*128 + 128*10 multiply-adds.
        long macs = 784L * 128 + 128L * 10;
        assertEquals((784 + 1) * 128 + (128 + 1) * 10, r.number("parameters +([0-9,]+)"));
        assertEquals(2 * macs, r.number("FLOPs per sample +([0-9,]+) forward"));
        // Training: forward, weight gradients, and the input gradient of layer 1 only.
        assertEquals(2 * macs + 2 * macs + 2 * 128L * 10, r.number("forward, ([0-9,]+) training step"));
        assertTrue(r.out().contains("plan:\n  blocks of 128 samples"), r::toString);
        assertTrue(r.out().contains("\n  layers.0  128 x 784  100352 MACs  kernel library (above threshold 128)\n"), r::toString);
        assertTrue(r.out().contains("public final class MnistMlp"), r::toString);
    }

    @Test
    void benchMeasuresTheDefaultAndScalarKernelsAndTheInterpreter() {
        CliRun r = CliRun.run("bench", "../specs/xor.yaml", "--seconds", "0.05", "--warmup", "0.01",
                "--peak-gflops", "10");
        assertEquals(0, r.exitCode(), r::toString);
        long rows = r.out().lines().filter(l -> l.startsWith("default") || l.startsWith("scalar")
                || l.startsWith("interpreter")).count();
        assertEquals(15, rows, r::toString);
        assertTrue(r.out().contains("kernel library: scalar (jdk.incubator.vector not in the boot layer)"), r::toString);
        assertTrue(r.out().contains("training step") && r.out().contains("inference"), r::toString);
        String gen = r.out().lines().filter(l -> l.startsWith("default")).findFirst().orElseThrow();
        String[] cells = gen.trim().split("\\s{2,}");
        double gflops = Double.parseDouble(cells[4]);
        double percent = Double.parseDouble(cells[5]);
        assertEquals(String.format(Locale.ROOT, "%.1f", 100 * gflops / 10), String.format(Locale.ROOT, "%.1f", percent),
                gen);
    }

    /** This test JVM runs without jdk.incubator.vector: bench says how to include the Vector API kernels. */
    @Test
    void benchSaysHowToMeasureTheVectorKernelsWhenTheModuleIsMissing() throws IOException {
        Path spec = dir.resolve("wide.yaml");
        Files.writeString(spec, "name: Wide\ninput: 40\nlayers:\n  - {units: 36, activation: relu}\n"
                + "  - {units: 2, activation: softmax}\nloss: cross_entropy\nunroll: loops\n");
        CliRun r = CliRun.run("bench", spec.toString(), "--seconds", "0.02", "--warmup", "0.01");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(0, r.out().lines().filter(l -> l.startsWith("vector api")).count(), r::toString);
        assertTrue(r.out().contains("--add-modules jdk.incubator.vector"), r::toString);
    }
}
