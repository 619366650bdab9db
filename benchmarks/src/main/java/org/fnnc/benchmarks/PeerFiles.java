package org.fnnc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.fnnc.Fnnc;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.Tensor;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Parameters;
import org.fnnc.onnx.OnnxExport;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * Writes what the peers (PyTorch, ONNX Runtime) need to run the benchmarks' exact workloads, float:
 * <ul>
 *   <li>{@code NET.safetensors}: the initial parameters every fnnc benchmark state starts from, as fnnc saves
 *       weights ({@code layers.N.weight [out, in]}, {@code layers.N.bias [out]}: PyTorch's names);</li>
 *   <li>{@code NET.data.safetensors}: per batch size B the workload's batch, {@code x.bB [B, in]} and
 *       {@code t.bB} (class indices for cross-entropy, else {@code [B, outputs]}), and what fnnc's generated
 *       class computes from the initial parameters, {@code predict.bB [B, outputs]} and {@code loss.bB [1]} (the
 *       mean loss of the first {@code sgdStep}); the metadata give the layer widths, activations, loss and
 *       learning rate;</li>
 *   <li>{@code NET.fnnc.onnx}: the same initial parameters in fnnc's own ONNX export ({@link OnnxExport}, input
 *       {@value #ONNX_INPUT}, output {@value #ONNX_OUTPUT}), the model ONNX Runtime is timed on
 *       ({@code pytorch_peer.py onnx} writes PyTorch's export of the same weights as {@code NET.onnx}).</li>
 * </ul>
 * The peers check their own outputs and loss against these before they time anything.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.fnnc.benchmarks.PeerFiles DIR [NET...] [--batches 1,32,128]}.
 */
public final class PeerFiles {

    /** The networks of issue 14's table: 784-128-10, 784-256-128-10, 784-512-512-10. */
    public static final List<String> TABLE_NETWORKS = List.of("mnist-mlp", "mnist-deep", "mnist-wide");

    /** The ONNX models' input name (PyTorch's export uses the same). */
    public static final String ONNX_INPUT = "x";

    /** The ONNX models' output name (PyTorch's export uses the same). */
    public static final String ONNX_OUTPUT = "probabilities";

    /** The file of the model an exporter ({@code fnnc} or {@code pytorch}) wrote for {@code net}. */
    public static Path onnxModel(Path dir, String net, String exporter) {
        return switch (exporter) {
            case "fnnc" -> dir.resolve(net + ".fnnc.onnx");
            case "pytorch" -> dir.resolve(net + ".onnx");
            default -> throw new IllegalArgumentException("exporter must be fnnc or pytorch: " + exporter);
        };
    }

    /** The batch sizes of the table. */
    public static final List<Integer> TABLE_BATCHES = List.of(1, 32, 128);

    private PeerFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: PeerFiles DIR [NET...] [--batches 1,32,128]   (NET: "
                    + String.join(", ", Workload.NETWORKS) + "; default " + String.join(" ", TABLE_NETWORKS) + ")");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> nets = new ArrayList<>();
        List<Integer> batches = TABLE_BATCHES;
        for (int k = 1; k < args.length; k++) {
            if (args[k].equals("--batches") && k + 1 < args.length) {
                batches = parseBatches(args[++k]);
            } else {
                nets.add(args[k]);
            }
        }
        for (String net : nets.isEmpty() ? TABLE_NETWORKS : nets) {
            write(dir, net, batches);
            System.out.println("wrote " + dir.resolve(net + ".safetensors") + ", " + net + ".data.safetensors and "
                    + net + ".fnnc.onnx");
        }
    }

    private static List<Integer> parseBatches(String list) {
        try {
            return java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--batches takes sizes separated by commas, e.g. 1,32,128: " + list);
        }
    }

    /** Writes {@code dir/NET.safetensors} and {@code dir/NET.data.safetensors} (see the class comment). */
    public static void write(Path dir, String net, List<Integer> batches) throws IOException {
        NetworkSpec spec = Workload.of(net, "float", 1).spec();
        checkPeersCanRun(spec);
        Files.createDirectories(dir);
        FloatNetwork network = (FloatNetwork) Fnnc.compile(spec);
        Parameters initial = network.parameters().copy();
        SafeTensors.save(dir.resolve(net + ".safetensors"), spec, initial);
        OnnxExport.write(onnxModel(dir, net, "fnnc"), spec, initial, Optional.empty(),
                new OnnxExport.Options(ONNX_INPUT, ONNX_OUTPUT));

        List<Tensor> data = new ArrayList<>();
        int in = spec.input();
        int out = spec.outputSize();
        for (int batch : batches) {
            Workload w = Workload.of(net, "float", batch);
            float[] x = w.inputsFloat();
            float[] t = w.targetsFloat();
            data.add(Tensor.f32("x.b" + batch, new long[] {batch, in}, x));
            data.add(Tensor.f32("t.b" + batch, spec.targetWidth() == 1 ? new long[] {batch}
                    : new long[] {batch, spec.targetWidth()}, t));
            network.parameters().copyFrom(initial);
            float[] predicted = new float[batch * out];
            network.predict(x, batch, predicted);
            data.add(Tensor.f32("predict.b" + batch, new long[] {batch, out}, predicted));
            float loss = network.sgdStep(x, t, batch, Workload.LEARNING_RATE);
            data.add(Tensor.f32("loss.b" + batch, new long[] {1}, new float[] {loss}));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("net", net);
        metadata.put("layers", IntStream.rangeClosed(0, spec.depth())
                .mapToObj(l -> Integer.toString(l == 0 ? spec.input() : spec.layer(l - 1).units()))
                .collect(Collectors.joining(",")));
        metadata.put("activations", IntStream.range(0, spec.depth())
                .mapToObj(l -> spec.layer(l).activation().yamlName()).collect(Collectors.joining(",")));
        metadata.put("loss", spec.loss().yamlName());
        metadata.put("learning_rate", Double.toString(Workload.LEARNING_RATE));
        metadata.put("data_seed", Long.toString(Workload.DATA_SEED));
        metadata.put("reference", network.getClass().getName() + " (fnnc generated class, default kernels)");
        SafeTensors.write(dir.resolve(net + ".data.safetensors"), data, metadata);
    }

    /** The PyTorch peer builds Linear layers with ReLU/Tanh/Sigmoid/identity and a softmax + cross-entropy head. */
    private static void checkPeersCanRun(NetworkSpec spec) {
        for (int l = 0; l < spec.depth() - 1; l++) {
            Activation a = spec.layer(l).activation();
            if (a != Activation.RELU && a != Activation.TANH && a != Activation.SIGMOID && a != Activation.LINEAR) {
                throw new IllegalArgumentException(spec.name() + " layer " + l + ": the peers support relu, tanh, "
                        + "sigmoid and linear hidden layers, not " + a.yamlName());
            }
        }
        if (spec.loss() != Loss.CROSS_ENTROPY || spec.layer(spec.depth() - 1).activation() != Activation.SOFTMAX) {
            throw new IllegalArgumentException(spec.name() + ": the peers run softmax outputs with cross_entropy only");
        }
    }
}
