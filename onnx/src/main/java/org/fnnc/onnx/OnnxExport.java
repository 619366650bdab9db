package org.fnnc.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.fnnc.data.Scaler;
import org.fnnc.files.AtomicFiles;
import org.fnnc.io.SafeTensors;
import org.fnnc.network.Network;
import org.fnnc.network.Parameters;
import org.fnnc.onnx.proto.OnnxProto.AttributeProto;
import org.fnnc.onnx.proto.OnnxProto.GraphProto;
import org.fnnc.onnx.proto.OnnxProto.ModelProto;
import org.fnnc.onnx.proto.OnnxProto.NodeProto;
import org.fnnc.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.fnnc.onnx.proto.OnnxProto.StringStringEntryProto;
import org.fnnc.onnx.proto.OnnxProto.TensorProto;
import org.fnnc.onnx.proto.OnnxProto.TensorShapeProto;
import org.fnnc.onnx.proto.OnnxProto.TypeProto;
import org.fnnc.onnx.proto.OnnxProto.ValueInfoProto;
import org.fnnc.spec.Activation;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;

/**
 * Writes a network as an ONNX model that ONNX Runtime (1.12 or newer), onnxruntime-web, TensorRT and the other
 * engines run: opset {@value #OPSET}, IR version {@value #IR_VERSION}.
 *
 * <pre>
 * input [batch, in]                           float or double, by the spec's precision; batch is dynamic
 *   (Cast to double, Sub shift, Div scale, Cast back)     only with a scaler: the same arithmetic as fnnc's
 *   Gemm(a, layers.0.weight [out, in], layers.0.bias [out], transB=1)
 *   Relu | Tanh | Sigmoid | LeakyRelu(alpha) | Softmax(axis=-1)       nothing for linear
 *     (double networks whose leaky_relu alpha is no float: PRelu with a double slope instead)
 *   ... one Gemm and activation per layer ...
 * output [batch, out]                         what the generated class's predict returns
 * </pre>
 *
 * <p>Weights are stored canonically ({@code [out, in]}, as PyTorch's {@code nn.Linear} and fnnc's safetensors
 * files), so {@code transB=1}. A scaler becomes nodes rather than being folded into the first layer: the
 * weights stay the trained ones bit for bit (an import gets them and the scaler back), and the inputs are
 * scaled in double and rounded once, exactly as {@code fnnc eval} scales them. The model's metadata holds the
 * canonical spec, its hash and architecture hash, the fnnc version and the scaler.
 */
public final class OnnxExport {

    /** ONNX IR version written: 8 (ONNX 1.10, 2021), accepted by every ONNX Runtime since 1.10. */
    public static final long IR_VERSION = 8;
    /** Opset of the default domain: 17 (ONNX 1.12). Softmax has its opset-13 meaning: one axis, the last. */
    public static final long OPSET = 17;
    /** Metadata key of the canonical spec YAML (as in safetensors files). */
    public static final String SPEC_KEY = SafeTensors.SPEC_KEY;
    /** Metadata key of {@link NetworkSpec#hash()}. */
    public static final String SPEC_HASH_KEY = "fnnc.spec_hash";
    /** Metadata key of {@link NetworkSpec#architectureHash()} (as in safetensors files). */
    public static final String ARCHITECTURE_HASH_KEY = SafeTensors.ARCHITECTURE_HASH_KEY;
    /** Metadata key of the version of fnnc (its generator) that wrote the model. */
    public static final String GENERATOR_VERSION_KEY = "fnnc.generator_version";
    /** The producer name written in every model. */
    public static final String PRODUCER = "fnnc";

    /**
     * Names of the model's input and output tensors.
     *
     * @param inputName  the input's name, {@code input} by default
     * @param outputName the output's name, {@code output} by default
     */
    public record Options(String inputName, String outputName) {

        public static final Options DEFAULT = new Options("input", "output");

        public Options {
            Objects.requireNonNull(inputName, "inputName");
            Objects.requireNonNull(outputName, "outputName");
            if (inputName.isEmpty() || outputName.isEmpty() || inputName.equals(outputName)
                    || inputName.startsWith("layers.") || outputName.startsWith("layers.")
                    || inputName.startsWith("scaler.") || outputName.startsWith("scaler.")) {
                throw new IllegalArgumentException("input and output names must be non-empty, different, and not"
                        + " start with 'layers.' or 'scaler.' (names of the model's own tensors): '" + inputName
                        + "', '" + outputName + "'");
            }
        }
    }

    private OnnxExport() {
    }

    /** Writes {@code network} (its spec and current parameters) to {@code file}, atomically. */
    public static void write(Path file, Network network, Optional<Scaler> scaler) throws IOException {
        write(file, network.spec(), network.parameters(), scaler, Options.DEFAULT);
    }

    /** Writes the network of {@code spec} with {@code parameters} to {@code file}, atomically. */
    public static void write(Path file, NetworkSpec spec, Parameters parameters, Optional<Scaler> scaler,
            Options options) throws IOException {
        ModelProto model = model(spec, parameters, scaler, options);
        AtomicFiles.write(file, model::writeTo);
    }

    /** The serialized model. */
    public static byte[] toBytes(NetworkSpec spec, Parameters parameters, Optional<Scaler> scaler, Options options) {
        return model(spec, parameters, scaler, options).toByteArray();
    }

    /** The ONNX model of {@code spec} with {@code parameters} and, if present and not the identity, the scaler. */
    public static ModelProto model(NetworkSpec spec, Parameters parameters, Optional<Scaler> scaler, Options options) {
        if (parameters.layout().depth() != spec.depth() || parameters.size() != spec.parameterCount()) {
            throw new IllegalArgumentException("the parameters do not have the layout of spec " + spec.name());
        }
        Optional<Scaler> activeScaler = scaler.filter(s -> s.kind() != Scaler.Kind.NONE);
        activeScaler.ifPresent(s -> {
            if (s.featureCount() != spec.input()) {
                throw new IllegalArgumentException("the scaler was fitted on " + s.featureCount()
                        + " features but " + spec.name() + " has " + spec.input() + " inputs");
            }
        });
        TensorProto.DataType type = OnnxTensors.dataType(spec.precision());
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName(spec.name())
                .setDocString("fnnc network " + spec + " (" + spec.parameterCount() + " parameters)")
                .addInput(batchTensor(options.inputName(), type, spec.input()))
                .addOutput(batchTensor(options.outputName(), type, spec.outputSize()));

        String a = options.inputName();
        if (activeScaler.isPresent()) {
            a = addScaler(graph, activeScaler.get(), a, spec.precision());
        }
        for (int l = 0; l < spec.depth(); l++) {
            LayerSpec layer = spec.layer(l);
            boolean last = l == spec.depth() - 1;
            String prefix = "layers." + l;
            String weight = prefix + ".weight";
            String bias = prefix + ".bias";
            graph.addInitializer(OnnxTensors.weight(weight, parameters, l));
            graph.addInitializer(OnnxTensors.bias(bias, parameters, l));
            boolean linear = layer.activation() == Activation.LINEAR;
            String z = last && linear ? options.outputName() : prefix + ".z";
            graph.addNode(node("Gemm", prefix + ".gemm", List.of(a, weight, bias), z)
                    .addAttribute(intAttribute("transB", 1)));
            if (linear) {
                a = z;
                continue;
            }
            String out = last ? options.outputName() : prefix + ".a";
            if (layer.activation() == Activation.LEAKY_RELU && !isFloat(layer.alpha())
                    && spec.precision() == Precision.DOUBLE) {
                // LeakyRelu's alpha is a float attribute; PRelu's slope is a tensor of the network's type.
                String slope = prefix + ".slope";
                graph.addInitializer(OnnxTensors.doubles(slope, new long[] {1}, new double[] {layer.alpha()}));
                graph.addNode(node("PRelu", prefix + ".leaky_relu", List.of(z, slope), out));
            } else {
                graph.addNode(activation(layer, prefix, z, out));
            }
            a = out;
        }
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setProducerVersion(FnncVersion.VERSION)
                .setDocString("Exported by fnnc " + FnncVersion.VERSION + " from spec " + spec.qualifiedName()
                        + " (spec hash " + spec.hash() + ")")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        for (Map.Entry<String, String> e : metadata(spec, activeScaler).entrySet()) {
            model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return model.build();
    }

    private static Map<String, String> metadata(NetworkSpec spec, Optional<Scaler> scaler) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SPEC_KEY, spec.canonical());
        m.put(SPEC_HASH_KEY, spec.hash());
        m.put(ARCHITECTURE_HASH_KEY, spec.architectureHash());
        m.put(GENERATOR_VERSION_KEY, FnncVersion.VERSION);
        scaler.ifPresent(s -> m.putAll(s.toMetadata()));
        return m;
    }

    /**
     * {@code x' = (x - shift) / scale} per feature, in double, then rounded to the network's precision: what
     * {@link Scaler#transform(float[])} computes. Returns the name of the scaled input.
     */
    private static String addScaler(GraphProto.Builder graph, Scaler scaler, String input, Precision precision) {
        long[] shape = {scaler.featureCount()};
        graph.addInitializer(OnnxTensors.doubles("scaler.shift", shape, scaler.shift()));
        graph.addInitializer(OnnxTensors.doubles("scaler.scale", shape, scaler.scale()));
        String x = input;
        if (precision == Precision.FLOAT) {
            graph.addNode(node("Cast", "scaler.to_double", List.of(input), "scaler.x")
                    .addAttribute(intAttribute("to", TensorProto.DataType.DOUBLE_VALUE)));
            x = "scaler.x";
        }
        graph.addNode(node("Sub", "scaler.sub", List.of(x, "scaler.shift"), "scaler.centered"));
        String scaled = precision == Precision.FLOAT ? "scaler.scaled_double" : "scaler.scaled";
        graph.addNode(node("Div", "scaler.div", List.of("scaler.centered", "scaler.scale"), scaled));
        if (precision == Precision.FLOAT) {
            graph.addNode(node("Cast", "scaler.to_float", List.of(scaled), "scaler.scaled")
                    .addAttribute(intAttribute("to", TensorProto.DataType.FLOAT_VALUE)));
        }
        return "scaler.scaled";
    }

    private static NodeProto.Builder activation(LayerSpec layer, String prefix, String z, String out) {
        return switch (layer.activation()) {
            case RELU -> node("Relu", prefix + ".relu", List.of(z), out);
            case TANH -> node("Tanh", prefix + ".tanh", List.of(z), out);
            case SIGMOID -> node("Sigmoid", prefix + ".sigmoid", List.of(z), out);
            case LEAKY_RELU -> node("LeakyRelu", prefix + ".leaky_relu", List.of(z), out)
                    .addAttribute(AttributeProto.newBuilder().setName("alpha")
                            .setType(AttributeProto.AttributeType.FLOAT).setF((float) layer.alpha()));
            case SOFTMAX -> node("Softmax", prefix + ".softmax", List.of(z), out)
                    .addAttribute(intAttribute("axis", -1));
            case LINEAR -> throw new AssertionError("linear layers have no activation node");
        };
    }

    private static boolean isFloat(double v) {
        return (double) (float) v == v;
    }

    private static NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A {@code [batch, width]} tensor of {@code type} with a symbolic batch dimension. */
    private static ValueInfoProto batchTensor(String name, TensorProto.DataType type, int width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }
}
