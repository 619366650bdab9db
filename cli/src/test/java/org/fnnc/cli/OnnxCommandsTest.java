package org.fnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fnnc.data.Scaler;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.io.LoadOptions;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.SafeTensorsFile;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.yaml.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fnnc export and fnnc import: files written, what they print, and bad input refused with nothing written. */
class OnnxCommandsTest {

    static final Path IRIS = Path.of("../specs/iris.yaml");

    @TempDir
    Path dir;

    @Test
    void exportThenImportGivesTheSpecWeightsAndScalerBack() throws IOException {
        NetworkSpec spec = SpecLoader.withDefaults().load(IRIS);
        Network net = Interpreter.create(spec.withInit(spec.init().withSeed(5)));
        Scaler scaler = Scaler.of(Scaler.Kind.STANDARDIZE, new double[] {5.8, 3.0, 3.7, 1.2},
                new double[] {0.8, 0.4, 1.7, 0.7});
        Path weights = dir.resolve("iris.safetensors");
        SafeTensors.save(weights, spec, net.parameters(), java.util.List.of(), scaler.toMetadata());
        Path onnx = dir.resolve("iris.onnx");

        CliRun export = CliRun.run("export", IRIS.toString(), "-w", weights.toString(), "-o", onnx.toString());
        assertEquals(0, export.exitCode(), export.toString());
        assertTrue(export.out().contains("opset 17, IR version 8, input 'input' [batch, 4], output 'output' [batch, 3]"),
                export.out());
        assertTrue(export.out().contains("standardize scaler"), export.out());
        assertTrue(Files.size(onnx) > 0);

        Path out = dir.resolve("imported");
        CliRun imp = CliRun.run("import", onnx.toString(), "-o", out.toString(), "--name", "IrisAgain");
        assertEquals(0, imp.exitCode(), imp.toString());
        NetworkSpec back = SpecLoader.withDefaults().load(out.resolve("IrisAgain.yaml"));
        assertEquals(spec.withName("IrisAgain"), back);
        Network loaded = Interpreter.create(back);
        SafeTensorsFile f = SafeTensors.load(out.resolve("IrisAgain.safetensors"), back, loaded.parameters(),
                LoadOptions.STRICT);
        assertArrayEquals(net.parameters().toArray(), loaded.parameters().toArray());
        assertArrayEquals(scaler.shift(), Scaler.fromMetadata(f.metadata(), "w").orElseThrow().shift());
        assertTrue(imp.out().contains("note: input scaling"), imp.out());
        assertTrue(imp.out().contains("next: fnnc generate"), imp.out());
    }

    @Test
    void importOfATorchModelWithLossOverride() throws IOException {
        Path model = Path.of("../onnx/src/test/resources/org/fnnc/onnx/torch/regression_double.onnx");
        CliRun imp = CliRun.run("import", model.toString(), "-o", dir.toString(), "--package", "org.example",
                "--loss", "mse");
        assertEquals(0, imp.exitCode(), imp.toString());
        String yaml = Files.readString(dir.resolve("RegressionDouble.yaml"));
        assertTrue(yaml.startsWith("# Imported by fnnc "), yaml);
        assertTrue(yaml.contains("from regression_double.onnx (written by pytorch"), yaml);
        assertTrue(yaml.contains("precision: double"), yaml);
        assertTrue(yaml.contains("package: org.example"), yaml);
        assertFalse(yaml.contains("inferred from the output activation"), "the loss was given: " + yaml);
    }

    @Test
    void notAnOnnxFileIsRefusedAndNothingIsWritten() throws IOException {
        Path bogus = dir.resolve("model.onnx");
        Files.writeString(bogus, "name: Iris\n");
        Path out = dir.resolve("out");
        CliRun imp = CliRun.run("import", bogus.toString(), "-o", out.toString());
        assertEquals(1, imp.exitCode(), imp.toString());
        assertTrue(imp.err().startsWith("model.onnx: error: not a valid ONNX file"), imp.err());
        assertFalse(imp.err().contains("\tat "), "no stack trace: " + imp.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unsupportedGraphIsRefusedNamingTheNode() throws IOException {
        NetworkSpec spec = SpecLoader.withDefaults().load(IRIS);
        Network net = Interpreter.create(spec);
        byte[] bytes = org.fnnc.onnx.OnnxExport.model(spec, net.parameters(), java.util.Optional.empty(),
                org.fnnc.onnx.OnnxExport.Options.DEFAULT).toBuilder().setGraph(
                org.fnnc.onnx.OnnxExport.model(spec, net.parameters(), java.util.Optional.empty(),
                        org.fnnc.onnx.OnnxExport.Options.DEFAULT).getGraph().toBuilder().setNode(1,
                        org.fnnc.onnx.proto.OnnxProto.NodeProto.newBuilder().setOpType("Conv").setName("conv1")
                                .addInput("layers.0.z").addOutput("layers.0.a"))).build().toByteArray();
        Path model = dir.resolve("conv.onnx");
        Files.write(model, bytes);
        Path out = dir.resolve("out");
        CliRun imp = CliRun.run("import", model.toString(), "-o", out.toString());
        assertEquals(1, imp.exitCode(), imp.toString());
        assertTrue(imp.err().contains("conv.onnx: error: node 'conv1' (Conv) is not supported"), imp.err());
        assertTrue(imp.err().contains("supported ops: Gemm, MatMul"), imp.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badOptions() throws IOException {
        Path model = Path.of("../onnx/src/test/resources/org/fnnc/onnx/torch/regression_double.onnx");
        CliRun loss = CliRun.run("import", model.toString(), "-o", dir.toString(), "--loss", "hinge");
        assertEquals(2, loss.exitCode(), loss.toString());
        assertTrue(loss.err().contains("--loss must be one of cross_entropy, binary_cross_entropy, mse"), loss.err());
        CliRun missing = CliRun.run("import", dir.resolve("none.onnx").toString(), "-o", dir.toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        CliRun names = CliRun.run("export", IRIS.toString(), "-w", dir.resolve("w.safetensors").toString(), "-o",
                dir.resolve("m.onnx").toString(), "--input-name", "x", "--output-name", "x");
        assertEquals(2, names.exitCode(), names.toString());
    }
}
