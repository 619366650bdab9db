package org.fnnc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fnnc.Fnnc;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Import of real exporter output: the models in src/test/resources/org/fnnc/onnx/torch were written by
 * {@code torch.onnx.export} (src/test/python/make_torch_models.py, PyTorch 1.13 from Debian) together with the
 * outputs PyTorch computed on fixed inputs. The imported spec, compiled by fnnc, must compute those outputs.
 *
 * <p>Tolerance: PyTorch and the generated class sum the same products in different orders (and PyTorch's
 * tanh/sigmoid/exp are vectorised approximations), so float outputs agree to a few ulps of the largest
 * intermediate value, not bit for bit: |fnnc - torch| <= 1e-5 (values here are at most ~10; float's ulp at 8
 * is 9.5e-7, so this is ~10 ulps). Double models: 1e-12.
 */
class TorchImportTest {

    static final Path MODELS = Path.of("src/test/resources/org/fnnc/onnx/torch");

    @ParameterizedTest
    @ValueSource(strings = {"sequential_softmax", "leaky_logsoftmax", "matmul_sigmoid", "regression_double",
            "normalized_opset11"})
    void importedClassComputesWhatPyTorchComputed(String name) throws IOException {
        ImportedModel model = OnnxImport.read(MODELS.resolve(name + ".onnx"), OnnxImport.Options.DEFAULT);
        Expected expected = Expected.read(MODELS.resolve(name + ".expected"));
        Network net = Fnnc.compile(model.spec());
        net.parameters().copyFrom(model.parameters());
        double[] x = expected.inputs.clone();
        model.scaler().ifPresent(s -> s.transform(x));
        double[] y = Networks.predict(net, x, expected.samples);
        double tolerance = model.spec().precision() == Precision.FLOAT ? 1e-5 : 1e-12;
        for (int k = 0; k < y.length; k++) {
            double fnnc = model.logSoftmaxOutput() ? Math.log(y[k]) : y[k];
            assertEquals(expected.outputs[k], fnnc, tolerance, name + " output " + k);
        }
    }

    /** Folded scaling: the generated class alone, on raw inputs, computes what PyTorch computed. */
    @org.junit.jupiter.api.Test
    void foldedScalingTakesRawFeatures() throws IOException {
        ImportedModel model = OnnxImport.read(MODELS.resolve("normalized_opset11.onnx"),
                OnnxImport.Options.DEFAULT.withFoldScaling(true));
        assertTrue(model.scaler().isEmpty());
        Expected expected = Expected.read(MODELS.resolve("normalized_opset11.expected"));
        Network net = Fnnc.compile(model.spec());
        net.parameters().copyFrom(model.parameters());
        double[] y = Networks.predict(net, expected.inputs, expected.samples);
        for (int k = 0; k < y.length; k++) {
            assertEquals(expected.outputs[k], y[k], 1e-5, "output " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequential_softmax"})
    void specOfSequentialModel(String name) throws IOException {
        ImportedModel model = OnnxImport.read(MODELS.resolve(name + ".onnx"), OnnxImport.Options.DEFAULT);
        assertEquals("SequentialSoftmax", model.spec().name());
        assertEquals(12, model.spec().input());
        assertEquals(List.of(16, 8, 3), model.spec().layers().stream().map(l -> l.units()).toList());
        assertEquals(List.of(Activation.RELU, Activation.TANH, Activation.SOFTMAX),
                model.spec().layers().stream().map(l -> l.activation()).toList());
        assertEquals(Loss.CROSS_ENTROPY, model.spec().loss());
        assertTrue(model.lossInferred());
    }

    /** The fixtures exercise the paths they are meant to: check the op types torch wrote. */
    @org.junit.jupiter.api.Test
    void fixturesContainTheExporterIdiomsUnderTest() throws IOException {
        assertOps("sequential_softmax", "Flatten", "Gemm", "Relu", "Tanh", "Softmax");
        assertOps("leaky_logsoftmax", "Gemm", "LeakyRelu", "LogSoftmax");
        assertOps("matmul_sigmoid", "MatMul", "Add", "Tanh", "Sigmoid", "Transpose");
        assertOps("regression_double", "Gemm", "Tanh", "Sigmoid");
        assertOps("normalized_opset11", "Sub", "Div", "Gemm", "Relu", "Softmax");
    }

    private static void assertOps(String name, String... ops) throws IOException {
        var model = OnnxModelReader.read(MODELS.resolve(name + ".onnx"), name);
        java.util.Set<String> present = new java.util.TreeSet<>();
        model.getGraph().getNodeList().forEach(n -> present.add(n.getOpType()));
        for (String op : ops) {
            assertTrue(present.contains(op), name + " has no " + op + " node; it has " + present);
        }
    }

    /** The .expected file: inputs and PyTorch's outputs, row-major. */
    record Expected(int samples, double[] inputs, double[] outputs) {
        static Expected read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
            String[] head = lines.get(0).split(" ");
            int n = Integer.parseInt(head[1]);
            double[] in = rows(lines.subList(1, 1 + n));
            double[] out = rows(lines.subList(2 + n, 2 + 2 * n));
            return new Expected(n, in, out);
        }

        private static double[] rows(List<String> rows) {
            return rows.stream().flatMap(r -> java.util.Arrays.stream(r.trim().split(" ")))
                    .mapToDouble(Double::parseDouble).toArray();
        }
    }
}
