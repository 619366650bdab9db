package org.fnnc.onnx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.fnnc.data.Scaler;
import org.fnnc.network.Parameters;
import org.fnnc.spec.NetworkSpec;

/**
 * A dense network read from an ONNX model by {@link OnnxImport#read}: the spec, its parameters (the model's
 * weights, in the spec's precision) and the input scaling the model applied, if any.
 *
 * @param spec              the network; generate or compile it as any other spec
 * @param parameters        the weights and biases, canonical layout of {@code spec}
 * @param scaler            the model's input scaling ({@code (x - shift) / scale} before the first layer), which
 *                          the generated class does not apply: it is stored with the weights, as for networks
 *                          fnnc trained on scaled features
 * @param source            the ONNX file's name
 * @param producer          who wrote the model ({@code pytorch 2.1}, {@code fnnc 0.1.0}...), or empty
 * @param logSoftmaxOutput  true if the model ended in LogSoftmax: {@code predict} returns probabilities, the
 *                          ONNX model returned their logarithms
 * @param lossInferred      true if the loss was inferred from the output activation (not given, not from fnnc
 *                          metadata)
 * @param layerNodes        per layer, the ONNX nodes it was read from (e.g. {@code Gemm /fc1/Gemm, Relu /relu})
 * @param notes             what the import changed or dropped, one sentence each
 */
public record ImportedModel(NetworkSpec spec, Parameters parameters, Optional<Scaler> scaler, String source,
        String producer, boolean logSoftmaxOutput, boolean lossInferred, List<String> layerNodes, List<String> notes) {

    public ImportedModel {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(scaler, "scaler");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(producer, "producer");
        layerNodes = List.copyOf(layerNodes);
        notes = List.copyOf(notes);
    }
}
