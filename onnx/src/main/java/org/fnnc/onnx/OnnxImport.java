package org.fnnc.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fnnc.data.Scaler;
import org.fnnc.files.AtomicFiles;
import org.fnnc.io.SafeTensors;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Parameters;
import org.fnnc.onnx.proto.OnnxProto.ModelProto;
import org.fnnc.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.fnnc.onnx.proto.OnnxProto.StringStringEntryProto;
import org.fnnc.spec.Activation;
import org.fnnc.spec.InitSpec;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.SpecOrigin;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.UnrollSpec;
import org.fnnc.spec.yaml.SpecLoader;

/**
 * Turns a dense ONNX model (what {@code torch.onnx.export} writes for an {@code nn.Sequential} MLP, tf2onnx for a
 * Keras stack of Dense layers, skl2onnx for an MLPClassifier/MLPRegressor, or {@link OnnxExport}) into an fnnc
 * spec and weights: {@link #read} analyses it, {@link #write} writes {@code DIR/<name>.yaml} and
 * {@code DIR/<name>.safetensors}. A graph that is not a chain of dense layers is refused with the node's name
 * and op type and the supported ops ({@link DenseChain#SUPPORTED}); nothing is written.
 *
 * <p>The loss is not part of an inference graph: it is inferred from the output activation (softmax and
 * log-softmax: cross_entropy; sigmoid: binary_cross_entropy; anything else: mse) unless
 * {@link Options#loss()} says otherwise. A model written by {@link OnnxExport} carries its spec in its
 * metadata; when that spec describes the graph, its name, package and settings are kept.
 */
public final class OnnxImport {

    /** Metadata key of the weights file naming the ONNX file the weights came from. */
    public static final String IMPORTED_FROM_KEY = "fnnc.imported_from";
    /** The oldest default-domain opset read: 7 (ONNX 1.2), from when Gemm, Softmax and friends have today's meaning. */
    public static final long MIN_OPSET = 7;

    /**
     * What to import and how to name it.
     *
     * @param name        class name of the network; null: from the model's fnnc metadata or the file name
     * @param packageName Java package; null: from the model's fnnc metadata, else the default package
     * @param loss        training loss; null: inferred from the output activation
     * @param output      the graph output to import; null: the only (real-valued) one
     */
    public record Options(String name, String packageName, Loss loss, String output, boolean foldScaling) {

        public static final Options DEFAULT = new Options(null, null, null, null, false);

        public Options withName(String n) {
            return new Options(n, packageName, loss, output, foldScaling);
        }

        public Options withPackageName(String p) {
            return new Options(name, p, loss, output, foldScaling);
        }

        public Options withLoss(Loss l) {
            return new Options(name, packageName, l, output, foldScaling);
        }

        public Options withOutput(String o) {
            return new Options(name, packageName, loss, o, foldScaling);
        }

        /** Fold the model's input scaling into the first layer instead of keeping it as the weights' scaler. */
        public Options withFoldScaling(boolean fold) {
            return new Options(name, packageName, loss, output, fold);
        }
    }

    /** The files {@link #write} wrote. */
    public record Written(Path spec, Path weights) {
    }

    private OnnxImport() {
    }

    /** Reads and analyses an ONNX file; nothing is written. */
    public static ImportedModel read(Path file, Options options) throws IOException {
        String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return analyse(OnnxModelReader.read(file, source), source, stem(source), options);
    }

    /** Analyses the bytes of an ONNX model; {@code source} names it in messages. */
    public static ImportedModel read(byte[] model, String source, Options options) {
        return analyse(OnnxModelReader.parse(model, source), source, stem(source), options);
    }

    private static ImportedModel analyse(ModelProto model, String source, String stem, Options options) {
        long opset = defaultOpset(model, source);
        OnnxGraph graph = new OnnxGraph(model.getGraph(), opset, options.output(), source);
        DenseChain chain = new DenseChain(graph);
        List<String> notes = new ArrayList<>(chain.notes());
        Precision precision = chain.anyDouble() ? Precision.DOUBLE : Precision.FLOAT;
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        List<LayerSpec> layers = layers(chain);
        NetworkSpec exported = exportedSpec(metadata, source, chain.layers(), layers, precision, notes);
        NetworkSpec spec = spec(chain, layers, precision, exported, source, stem, options);
        Optional<Scaler> scaler = scaler(chain, metadata, notes);
        Parameters parameters = parameters(spec, chain, options.foldScaling() ? scaler.orElse(null) : null);
        if (scaler.isPresent()) {
            notes.add("input scaling (" + String.join(", ", chain.scalingNodes()) + ") " + (options.foldScaling()
                    ? "was folded into the first layer: the generated class takes raw features"
                    : "is stored as the weights' scaler: fnnc eval and predict apply it, the generated class expects"
                    + " scaled inputs (fnnc import --fold-scaling folds it into the first layer instead)"));
            scaler = options.foldScaling() ? Optional.empty() : scaler;
        }
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).strip();
        boolean lossInferred = options.loss() == null && exported == null;
        List<String> layerNodes = chain.layers().stream().map(DenseChain.Layer::nodes).toList();
        return new ImportedModel(spec, parameters, scaler, source, producer, chain.logSoftmax(), lossInferred,
                layerNodes, notes);
    }

    private static long defaultOpset(ModelProto model, String source) {
        long opset = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = o.getVersion();
            }
        }
        if (opset < 0) {
            throw new OnnxFormatException(source, "the model imports no opset of the default ONNX domain",
                    "corrupt model: every ONNX model names the opset its operators follow");
        }
        if (opset < MIN_OPSET) {
            throw new OnnxFormatException(source, "the model uses opset " + opset + "; fnnc reads opset "
                    + MIN_OPSET + " and newer", "convert it: onnx.version_converter.convert_version(model, 13)");
        }
        return opset;
    }

    private static List<LayerSpec> layers(DenseChain chain) {
        List<LayerSpec> layers = new ArrayList<>();
        for (DenseChain.Layer l : chain.layers()) {
            layers.add(l.activation() == Activation.LEAKY_RELU ? LayerSpec.leakyRelu(l.units(), l.alpha())
                    : LayerSpec.of(l.units(), l.activation()));
        }
        return layers;
    }

    /** The spec: the exported one's settings if there is one, else defaults; the options override. */
    private static NetworkSpec spec(DenseChain chain, List<LayerSpec> layers, Precision precision,
            NetworkSpec exported, String source, String stem, Options options) {
        Loss loss = options.loss();
        if (loss == null) {
            loss = exported != null ? exported.loss() : switch (layers.get(layers.size() - 1).activation()) {
                case SOFTMAX -> Loss.CROSS_ENTROPY;
                case SIGMOID -> Loss.BINARY_CROSS_ENTROPY;
                default -> Loss.MSE;
            };
        }
        String name = options.name() != null ? options.name() : exported != null ? exported.name() : className(stem);
        String pkg = options.packageName() != null ? options.packageName() : exported != null ? exported.packageName() : "";
        try {
            if (exported != null) {
                return new NetworkSpec(name, pkg, exported.input(), layers, loss, precision, exported.init(),
                        exported.training(), exported.unroll(), exported.kernels(), SpecOrigin.PROGRAMMATIC);
            }
            return new NetworkSpec(name, pkg, chain.layers().get(0).inputs(), layers, loss, precision, InitSpec.DEFAULT,
                    TrainingSpec.DEFAULT, UnrollSpec.DEFAULT, Kernels.AUTO, SpecOrigin.PROGRAMMATIC);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(source, "the imported network is not a valid fnnc network: "
                    + e.getMessage(), null);
        }
    }

    /**
     * The spec in the model's {@code fnnc.spec} metadata (a model {@link OnnxExport} wrote) if it describes the
     * graph: same input, units and activations, alphas equal after ONNX's rounding to float. Else null.
     */
    private static NetworkSpec metadataSpec(Map<String, String> metadata, String source) {
        String text = metadata.get(OnnxExport.SPEC_KEY);
        if (text == null) {
            return null;
        }
        try {
            return SpecLoader.withDefaults().load(text, source + " (metadata " + OnnxExport.SPEC_KEY + ")");
        } catch (SpecException e) {
            return null;
        }
    }

    private static NetworkSpec exportedSpec(Map<String, String> metadata, String source, List<DenseChain.Layer> graph,
            List<LayerSpec> layers, Precision precision, List<String> notes) {
        NetworkSpec meta = metadataSpec(metadata, source);
        if (meta == null) {
            if (metadata.containsKey(OnnxExport.SPEC_KEY)) {
                notes.add("the model's " + OnnxExport.SPEC_KEY + " metadata is not a valid spec and was ignored");
            }
            return null;
        }
        boolean same = meta.input() == graph.get(0).inputs() && meta.depth() == graph.size()
                && meta.precision() == precision;
        for (int l = 0; same && l < graph.size(); l++) {
            LayerSpec m = meta.layer(l);
            DenseChain.Layer g = graph.get(l);
            same = m.units() == g.units() && m.activation() == g.activation()
                    && (float) m.alpha() == (float) layers.get(l).alpha();
        }
        if (!same) {
            notes.add("the model's " + OnnxExport.SPEC_KEY + " metadata describes another network than its graph"
                    + " and was ignored");
            return null;
        }
        for (int l = 0; l < graph.size(); l++) {
            layers.set(l, layers.get(l).activation() == Activation.LEAKY_RELU
                    ? LayerSpec.leakyRelu(layers.get(l).units(), meta.layer(l).alpha()).withUnroll(meta.layer(l).unroll())
                    : layers.get(l).withUnroll(meta.layer(l).unroll()));
        }
        notes.add("the model was exported by fnnc: name, package and settings come from its spec");
        return meta;
    }

    /**
     * The chain's weights in the spec's precision; with {@code folded}, {@code W (x - shift) / scale + b} becomes
     * {@code W' x + b'} with {@code W'_oi = W_oi / scale_i} and {@code b'_o = b_o - sum_i W'_oi shift_i}, computed
     * in double and rounded once.
     */
    private static Parameters parameters(NetworkSpec spec, DenseChain chain, Scaler folded) {
        ParameterLayout layout = ParameterLayout.of(spec);
        Parameters p = spec.precision() == Precision.FLOAT ? new FloatParameters(layout) : new DoubleParameters(layout);
        for (int l = 0; l < chain.layers().size(); l++) {
            DenseChain.Layer layer = chain.layers().get(l);
            double[] shift = l == 0 && folded != null ? folded.shift() : null;
            double[] scale = l == 0 && folded != null ? folded.scale() : null;
            for (int o = 0; o < layer.units(); o++) {
                double bias = layer.bias()[o];
                for (int i = 0; i < layer.inputs(); i++) {
                    double w = layer.weight()[o * layer.inputs() + i];
                    if (shift != null) {
                        w /= scale[i];
                        bias -= w * shift[i];
                    }
                    p.setWeight(l, o, i, w);
                }
                p.setBias(l, o, bias);
            }
        }
        return p;
    }

    private static Optional<Scaler> scaler(DenseChain chain, Map<String, String> metadata, List<String> notes) {
        if (chain.shift() == null && chain.scale() == null) {
            return Optional.empty();
        }
        int n = chain.layers().get(0).inputs();
        double[] shift = chain.shift() != null ? chain.shift() : new double[n];
        double[] scale = chain.scale();
        if (scale == null) {
            scale = new double[n];
            java.util.Arrays.fill(scale, 1.0);
        }
        Scaler.Kind kind = Scaler.Kind.STANDARDIZE;
        String named = metadata.get(Scaler.KIND_KEY);
        if (named != null) {
            try {
                kind = Scaler.Kind.fromName(named);
            } catch (IllegalArgumentException e) {
                notes.add("the model's " + Scaler.KIND_KEY + " metadata '" + named + "' is unknown; kept as standardize");
            }
        }
        return Optional.of(Scaler.of(kind, shift, scale));
    }

    /**
     * Writes {@code DIR/<name>.safetensors} (weights, scaler, where they came from) and {@code DIR/<name>.yaml},
     * each atomically, creating {@code dir} if needed and replacing earlier imports of the same name. If the
     * spec cannot be written after the weights were, new weights are removed again.
     */
    public static Written write(ImportedModel model, Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " exists and is not a directory");
        }
        Files.createDirectories(dir);
        String name = model.spec().name();
        Path weights = dir.resolve(name + ".safetensors");
        Path spec = dir.resolve(name + ".yaml");
        byte[] yaml = ImportedSpecText.of(model, weights.getFileName().toString()).getBytes(StandardCharsets.UTF_8);
        Map<String, String> metadata = new LinkedHashMap<>();
        model.scaler().ifPresent(s -> metadata.putAll(s.toMetadata()));
        metadata.put(IMPORTED_FROM_KEY, model.source() + (model.producer().isEmpty() ? "" : " (" + model.producer() + ")"));
        boolean hadWeights = Files.exists(weights);
        SafeTensors.save(weights, model.spec(), model.parameters(), List.of(), metadata);
        try {
            AtomicFiles.write(spec, yaml);
        } catch (IOException | RuntimeException e) {
            if (!hadWeights) {
                Files.deleteIfExists(weights);
            }
            throw e;
        }
        return new Written(spec, weights);
    }

    /** {@code mnist_mlp.onnx} -> {@code mnist_mlp}. */
    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** A Java class name from a file name: {@code mnist_mlp-v2} -> {@code MnistMlpV2}. */
    static String className(String stem) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < stem.length() && sb.length() < 64; i++) {
            char c = stem.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            } else {
                upper = true;
            }
        }
        if (sb.length() == 0 || !Character.isLetter(sb.charAt(0))) {
            sb.insert(0, "Model");
        }
        String name = sb.toString();
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "network", "floatnetwork", "doublenetwork", "object", "string" -> name + "Model";
            default -> name;
        };
    }
}
