package org.fnnc.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.onnx.proto.OnnxProto.AttributeProto;
import org.fnnc.onnx.proto.OnnxProto.GraphProto;
import org.fnnc.onnx.proto.OnnxProto.ModelProto;
import org.fnnc.onnx.proto.OnnxProto.NodeProto;
import org.fnnc.onnx.proto.OnnxProto.TensorProto;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt, truncated and hostile models get an {@link OnnxFormatException} that names the file and says what is
 * wrong (and the node, for graph problems) — never another exception, a huge allocation or a deep recursion.
 */
class OnnxImportErrorsTest {

    @TempDir
    Path dir;

    static final NetworkSpec SPEC = NetworkSpec.builder("Small").input(3).layer(4, Activation.RELU)
            .layer(2, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();

    static ModelProto valid() {
        FloatParameters p = new FloatParameters(ParameterLayout.of(SPEC));
        OnnxRuntimeAgreementTest.randomize(p, 1);
        return OnnxExport.model(SPEC, p, Optional.empty(), OnnxExport.Options.DEFAULT);
    }

    static String error(byte[] bytes) {
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> OnnxImport.read(bytes, "bad.onnx", OnnxImport.Options.DEFAULT));
        assertTrue(e.getMessage().startsWith("bad.onnx: error: "), e.getMessage());
        return e.getMessage();
    }

    static String error(ModelProto model) {
        return error(model.toByteArray());
    }

    static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    static ModelProto withGraph(ModelProto m, GraphProto.Builder g) {
        return m.toBuilder().setGraph(g).build();
    }

    @Test
    void emptyAndForeignFiles() {
        assertContains(error(new byte[0]), "the file is empty");
        assertContains(error("name: Iris\ninput: 4\n".getBytes()), "not a valid ONNX file");
        assertContains(error(new byte[] {8, 1}), "not an ONNX model: it has no graph");
    }

    @Test
    void truncatedAtEveryLength() {
        byte[] full = valid().toByteArray();
        for (int n = 1; n < full.length; n += 7) {
            byte[] cut = Arrays.copyOf(full, n);
            try {
                OnnxImport.read(cut, "bad.onnx", OnnxImport.Options.DEFAULT);
            } catch (OnnxFormatException expected) {
                assertTrue(expected.getMessage().startsWith("bad.onnx: error: "));
            }
        }
        assertContains(error(Arrays.copyOf(full, full.length / 2)), "bad.onnx: error:");
    }

    @Test
    void lengthFieldClaimingTwoGigabytesFailsWithoutAllocating() {
        // field 7 (graph), wire type 2, length 0x7fffffff, then nothing
        byte[] bytes = {0x08, 0x08, 0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        assertContains(error(bytes), "not a valid ONNX file", "truncated");
    }

    @Test
    void tensorClaimingHugeShape() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setInitializer(0, g.getInitializer(0).toBuilder().clearDims().addDims(1_000_000_000L).addDims(1_000_000_000L));
        assertContains(error(withGraph(m, g)), "initializer 'layers.0.weight'", "more elements than fnnc can hold");
        g.setInitializer(0, g.getInitializer(0).toBuilder().clearDims().addDims(1000).addDims(1000));
        assertContains(error(withGraph(m, g)), "needs 4000000 bytes, but its raw_data has 48");
        g.setInitializer(0, g.getInitializer(0).toBuilder().clearDims().addDims(-4).addDims(3));
        assertContains(error(withGraph(m, g)), "negative dimension");
    }

    @Test
    void deepNestingIsRefusedBeforeTheStackOverflows() throws Exception {
        // A graph whose node has an attribute holding a graph whose node... 5,000 levels deep, encoded by hand
        // (protobuf's own parser would refuse to build it, which is the point).
        byte[] graph = new byte[0];
        for (int level = 0; level < 5_000; level++) {
            byte[] attribute = field(6, graph);     // AttributeProto.g
            byte[] node = field(5, attribute);      // NodeProto.attribute
            graph = field(1, node);                 // GraphProto.node
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x08, 0x08});         // ir_version 8
        out.write(field(7, graph));                 // ModelProto.graph
        assertContains(error(out.toByteArray()), "not a valid ONNX file", "nesting");
    }

    /** A length-delimited protobuf field. */
    private static byte[] field(int number, byte[] body) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream c = com.google.protobuf.CodedOutputStream.newInstance(out);
        c.writeByteArray(number, body);
        c.flush();
        return out.toByteArray();
    }

    @Test
    void wrongTypes() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setInitializer(0, g.getInitializer(0).toBuilder().setDataType(TensorProto.DataType.INT64_VALUE)
                .setRawData(ByteString.copyFrom(new byte[96])));
        assertContains(error(withGraph(m, g)), "node 'layers.0.gemm' (Gemm)", "int64", "expected float or double");

        g = m.getGraph().toBuilder();
        g.setInitializer(0, g.getInitializer(0).toBuilder().setDataType(TensorProto.DataType.FLOAT16_VALUE));
        assertContains(error(withGraph(m, g)), "float16", "model.float()");

        g = m.getGraph().toBuilder();
        g.setNode(0, g.getNode(0).toBuilder().setAttribute(0, AttributeProto.newBuilder().setName("transB")
                .setType(AttributeProto.AttributeType.FLOAT).setF(1)));
        assertContains(error(withGraph(m, g)), "node 'layers.0.gemm' (Gemm) has attribute 'transB' of type FLOAT");

        g = m.getGraph().toBuilder();
        g.setInput(0, g.getInput(0).toBuilder().setType(g.getInput(0).getType().toBuilder().setTensorType(
                g.getInput(0).getType().getTensorType().toBuilder().setElemType(TensorProto.DataType.STRING_VALUE))));
        assertContains(error(withGraph(m, g)), "input 'input' has element type string");
    }

    @Test
    void cycle() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        // The first Gemm reads the first Relu's output: Gemm -> Relu -> Gemm.
        g.setNode(0, g.getNode(0).toBuilder().setInput(0, "layers.0.a"));
        assertContains(error(withGraph(m, g)), "cycle");
    }

    @Test
    void missingInitializer() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder().removeInitializer(2); // layers.1.weight
        assertContains(error(withGraph(m, g)), "node 'layers.1.gemm' (Gemm) reads 'layers.1.weight'",
                "no node, initializer or graph input provides");
    }

    @Test
    void unsupportedOpNamesTheNodeAndTheSupportedOps() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setNode(1, g.getNode(1).toBuilder().setOpType("Elu").setName("/act/Elu"));
        assertContains(error(withGraph(m, g)), "node '/act/Elu' (Elu) is not supported", "supported ops: Gemm");

        g = m.getGraph().toBuilder();
        g.setNode(1, g.getNode(1).toBuilder().setDomain("com.microsoft"));
        assertContains(error(withGraph(m, g)), "(Relu) from domain 'com.microsoft' is not supported");
    }

    @Test
    void branchesAreRefused() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        // Relu output + Gemm output: a skip connection.
        g.setNode(1, g.getNode(1).toBuilder().setOutput(0, "relu.out"));
        g.addNode(2 - 1 + 1, NodeProto.newBuilder().setOpType("Add").setName("skip").addInput("relu.out")
                .addInput("layers.0.z").addOutput("layers.0.a"));
        assertContains(error(withGraph(m, g)), "node 'skip' (Add)", "without branches or skip connections");
    }

    @Test
    void twoProducersOfOneTensor() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setNode(2, g.getNode(2).toBuilder().setOutput(0, "layers.0.a"));
        assertContains(error(withGraph(m, g)), "tensor 'layers.0.a' is produced twice");
    }

    @Test
    void softmaxOnAHiddenLayer() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setNode(1, g.getNode(1).toBuilder().setOpType("Softmax"));
        assertContains(error(withGraph(m, g)), "node 'layers.1.gemm' (Gemm) follows node 'layers.0.relu' (Softmax)",
                "only on the output layer");
    }

    @Test
    void layerShapesThatDoNotChain() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        TensorProto w1 = g.getInitializer(2);
        g.setInitializer(2, OnnxTensors.tensor(w1.getName(), org.fnnc.spec.Precision.FLOAT, new long[] {2, 5},
                new double[10]));
        assertContains(error(withGraph(m, g)), "node 'layers.1.gemm' (Gemm) takes 5 inputs but the previous layer has 4");
    }

    @Test
    void externalDataHasAHint() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setInitializer(0, g.getInitializer(0).toBuilder().clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL));
        assertContains(error(withGraph(m, g)), "external file", "save_as_external_data=False");
    }

    @Test
    void oldOpsetAndMissingOpset() {
        ModelProto m = valid();
        assertContains(error(m.toBuilder().setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(5)).build()),
                "opset 5", "version_converter");
        assertContains(error(m.toBuilder().clearOpsetImport().build()), "imports no opset");
    }

    @Test
    void severalOutputsNeedAChoice() {
        ModelProto m = valid();
        GraphProto.Builder g = m.getGraph().toBuilder().addOutput(m.getGraph().getOutput(0).toBuilder().setName("layers.0.a"));
        assertContains(error(withGraph(m, g)), "2 outputs ('output', 'layers.0.a')", "--graph-output NAME");
        OnnxImport.read(withGraph(m, g).toByteArray(), "ok.onnx", OnnxImport.Options.DEFAULT.withOutput("output"));
    }

    @Test
    void lossThatDoesNotFitTheOutputIsExplained() {
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxImport.read(valid().toByteArray(),
                "m.onnx", OnnxImport.Options.DEFAULT.withLoss(Loss.MSE)));
        assertContains(e.getMessage(), "not a valid fnnc network", "softmax output is only allowed with cross_entropy");
    }

    @Test
    void missingFile() {
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> OnnxImport.read(dir.resolve("nope.onnx"), OnnxImport.Options.DEFAULT));
        assertContains(e.getMessage(), "nope.onnx: error: file not found");
        assertTrue(Files.notExists(dir.resolve("nope.onnx")));
    }
}
