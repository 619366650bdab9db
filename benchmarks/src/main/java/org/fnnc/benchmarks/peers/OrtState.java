package org.fnnc.benchmarks.peers;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.fnnc.benchmarks.PeerFiles;
import org.fnnc.benchmarks.Workload;

/**
 * A workload's network in ONNX Runtime (CPU, one intra-op thread, graph optimisation ALL, sequential execution),
 * from the ONNX model {@code pytorch_peer.py onnx} exported (input {@code x [batch, in]}, output
 * {@code probabilities [batch, out]}), in one of three ways of calling it:
 * <ul>
 *   <li>{@code ort}: the input tensor on a direct buffer and the output tensor pinned on another, both created
 *       once: ORT reads and writes Java's memory with no copy and nothing is allocated per call (its best);</li>
 *   <li>{@code ort-output-per-call}: the input tensor created once, the output allocated by ORT on each call and
 *       copied into a {@code float[]};</li>
 *   <li>{@code ort-naive}: what most users write: a tensor created from the heap {@code float[]} on each call
 *       (ORT copies it into native memory), the output copied out and both closed.</li>
 * </ul>
 */
public final class OrtState implements AutoCloseable {

    /** The ways of calling ORT, as {@code impl} values. */
    public static final String[] IMPLS = {"ort", "ort-output-per-call", "ort-naive"};

    static final String INPUT = PeerFiles.ONNX_INPUT;
    static final String OUTPUT = PeerFiles.ONNX_OUTPUT;

    private final String impl;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final long[] inputShape;
    private final float[] x;
    private final float[] out;
    private final OnnxTensor input;
    private final OnnxTensor pinnedOutput;
    private final FloatBuffer pinnedOutputBuffer;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> pinnedOutputs;

    public OrtState(String impl, Workload w, Path model) throws OrtException {
        if (!Arrays.asList(IMPLS).contains(impl)) {
            throw new IllegalArgumentException("impl must be one of " + String.join(", ", IMPLS) + ": " + impl);
        }
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("no ONNX model " + model.toAbsolutePath() + ": write it with "
                    + "`java -cp benchmarks/target/benchmarks.jar org.fnnc.benchmarks.PeerFiles DIR` (fnnc's export)"
                    + " or `/usr/bin/python3 benchmarks/peers/pytorch_peer.py onnx DIR` (PyTorch's)");
        }
        this.impl = impl;
        int batch = w.batch();
        int in = w.spec().input();
        int outputs = w.spec().outputSize();
        environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = environment.createSession(model.toString(), options);
        }
        checkSignature(session, in, model);
        inputShape = new long[] {batch, in};
        x = w.inputsFloat();
        out = new float[batch * outputs];
        boolean inputOnce = !impl.equals("ort-naive");
        input = inputOnce ? OnnxTensor.createTensor(environment, direct(x), inputShape) : null;
        inputs = inputOnce ? Map.of(INPUT, input) : null;
        pinnedOutputBuffer = impl.equals("ort") ? direct(new float[out.length]) : null;
        pinnedOutput = pinnedOutputBuffer != null
                ? OnnxTensor.createTensor(environment, pinnedOutputBuffer, new long[] {batch, outputs}) : null;
        pinnedOutputs = pinnedOutput != null ? Map.of(OUTPUT, pinnedOutput) : null;
    }

    private static void checkSignature(OrtSession session, int in, Path model) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        NodeInfo x = inputs.get(INPUT);
        long[] shape = x != null && x.getInfo() instanceof TensorInfo t ? t.getShape() : null;
        if (shape == null || shape.length != 2 || shape[0] != -1 || shape[1] != in
                || !session.getOutputNames().contains(OUTPUT)) {
            throw new IllegalArgumentException(model + ": expected input " + INPUT + " [batch, " + in
                    + "] with a dynamic batch and output " + OUTPUT + "; has inputs " + inputs + ", outputs "
                    + session.getOutputNames());
        }
    }

    /** A native-order direct buffer holding {@code values} (ORT uses such memory in place). */
    private static FloatBuffer direct(float[] values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        b.put(values).rewind();
        return b;
    }

    /** Inference on the batch; returns the probabilities ({@code [batch][outputs]}, row-major). */
    public Object infer() throws OrtException {
        switch (impl) {
            case "ort" -> {
                try (OrtSession.Result ignored = session.run(inputs, pinnedOutputs)) {
                    return pinnedOutputBuffer;
                }
            }
            case "ort-output-per-call" -> {
                try (OrtSession.Result r = session.run(inputs)) {
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
                    return out;
                }
            }
            default -> {
                try (OnnxTensor t = OnnxTensor.createTensor(environment, FloatBuffer.wrap(x), inputShape);
                        OrtSession.Result r = session.run(Map.of(INPUT, t))) {
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(out);
                    return out;
                }
            }
        }
    }

    /** The outputs of one inference, copied. */
    public float[] outputs() throws OrtException {
        Object result = infer();
        if (result instanceof FloatBuffer b) {
            float[] copy = new float[b.remaining()];
            b.duplicate().get(copy);
            return copy;
        }
        return ((float[]) result).clone();
    }

    @Override
    public void close() throws OrtException {
        for (OnnxValue v : new OnnxValue[] {input, pinnedOutput}) {
            if (v != null) {
                v.close();
            }
        }
        session.close();
    }
}
