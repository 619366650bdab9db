package org.fnnc.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fnnc.onnx.proto.OnnxProto.NodeProto;
import org.fnnc.onnx.proto.OnnxProto.TensorProto;
import org.fnnc.onnx.proto.OnnxProto.TensorShapeProto;
import org.fnnc.onnx.proto.OnnxProto.ValueInfoProto;
import org.fnnc.spec.Activation;

/**
 * Reads the data nodes of an {@link OnnxGraph} as a dense network: an optional preamble (Flatten or Reshape to
 * {@code [batch, features]}, Cast, and input scaling as Sub and Div by constants), then layers, each a
 * {@code Gemm} (or {@code MatMul} plus {@code Add} of a bias) followed by at most one activation, with
 * {@code Softmax} or {@code LogSoftmax} only at the end. {@code Identity} and inference-mode {@code Dropout}
 * are skipped anywhere. Anything else is refused, naming the node and listing what is supported.
 */
final class DenseChain {

    /** The op types an imported graph may use, for messages. */
    static final String SUPPORTED = "Gemm, MatMul, Add (bias), Relu, LeakyRelu, PRelu (one slope), Tanh, Sigmoid, Softmax, LogSoftmax "
            + "(last), Flatten, Reshape, Cast, Sub and Div (input scaling, before the first layer), Identity, Dropout "
            + "(inference), and Constant, Transpose, Squeeze, Unsqueeze of constants";

    /**
     * One imported layer.
     *
     * @param weight canonical {@code [units, inputs]}, row-major
     * @param nodes  the ONNX nodes it came from, for the spec's comments
     */
    record Layer(int units, int inputs, Activation activation, double alpha, double[] weight, double[] bias,
            String nodes) {
    }

    private final OnnxGraph graph;
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private double[] shift;
    private double[] scale;
    private boolean logSoftmax;
    private boolean anyDouble;
    private boolean flattened;
    private final List<String> scalingNodes = new ArrayList<>();

    // The layer being read: set by Gemm/MatMul, grown by Add, closed by an activation or the next layer.
    private int openUnits;
    private int openInputs;
    private double[] openWeight;
    private double[] openBias;
    private StringBuilder openNodes;
    private boolean finished;
    private String finishedBy;

    DenseChain(OnnxGraph graph) {
        this.graph = graph;
        ValueInfoProto input = graph.input();
        int rank = declaredRank(input);
        String current = input.getName();
        for (NodeProto node : graph.dataNodes()) {
            requireDataInput(node, current);
            read(node);
            current = node.getOutput(0);
        }
        if (openWeight != null) {
            close(Activation.LINEAR, 0, null);
        }
        if (layers.isEmpty()) {
            throw graph.error("the graph has no dense layer (Gemm or MatMul) between input '" + input.getName()
                    + "' and output '" + graph.output().getName() + "'", "supported: " + SUPPORTED);
        }
        if (rank > 2 && !flattened) {
            throw graph.error("input '" + input.getName() + "' has rank " + rank + " but no Flatten or Reshape to"
                    + " [batch, features] comes before the first layer", null);
        }
        checkDeclaredWidth(input, layers.get(0).inputs(), "input");
        checkDeclaredWidth(graph.output(), layers.get(layers.size() - 1).units(), "output");
        int features = layers.get(0).inputs();
        shift = expand(shift, features, 0.0, "Sub");
        scale = expand(scale, features, 1.0, "Div");
    }

    List<Layer> layers() {
        return layers;
    }

    List<String> notes() {
        return notes;
    }

    /** The nodes that scale the input ({@code node '/Sub' (Sub)}...), empty if none. */
    List<String> scalingNodes() {
        return scalingNodes;
    }

    /** Per-feature shift of the input scaling, or null if the graph has none. */
    double[] shift() {
        return shift;
    }

    /** Per-feature scale of the input scaling, or null if the graph has none. */
    double[] scale() {
        return scale;
    }

    boolean logSoftmax() {
        return logSoftmax;
    }

    /** True if any weight or bias is stored as double. */
    boolean anyDouble() {
        return anyDouble;
    }

    private void read(NodeProto node) {
        if (!OnnxGraph.isDefaultDomain(node)) {
            throw unsupported(node, " from domain '" + node.getDomain() + "'");
        }
        if (finished && !node.getOpType().equals("Identity") && !node.getOpType().equals("Dropout")) {
            throw graph.error(OnnxGraph.describe(node) + " follows " + finishedBy + ": fnnc allows softmax and"
                    + " log-softmax only on the output layer", null);
        }
        switch (node.getOpType()) {
            case "Identity" -> { }
            case "Dropout" -> dropout(node);
            case "Flatten" -> flatten(node);
            case "Reshape" -> reshape(node);
            case "Cast" -> cast(node);
            case "Sub", "Div" -> scaling(node);
            case "Gemm" -> gemm(node);
            case "MatMul" -> matMul(node);
            case "Add" -> addBias(node);
            case "Relu" -> activation(node, Activation.RELU, 0);
            case "Tanh" -> activation(node, Activation.TANH, 0);
            case "Sigmoid" -> activation(node, Activation.SIGMOID, 0);
            case "LeakyRelu" -> activation(node, Activation.LEAKY_RELU, leakyAlpha(node));
            case "PRelu" -> activation(node, Activation.LEAKY_RELU, preluSlope(node));
            case "Softmax", "LogSoftmax" -> softmax(node);
            default -> throw unsupported(node, "");
        }
    }

    private OnnxFormatException unsupported(NodeProto node, String detail) {
        return graph.error(OnnxGraph.describe(node) + detail + " is not supported: fnnc imports dense networks",
                "supported ops: " + SUPPORTED);
    }

    /** The node must read the tensor computed so far, exactly once, and nothing else computed. */
    private void requireDataInput(NodeProto node, String current) {
        int data = 0;
        for (String in : node.getInputList()) {
            if (!in.isEmpty() && graph.constant(in) == null) {
                data++;
                if (!in.equals(current)) {
                    throw graph.error(OnnxGraph.describe(node) + " reads '" + in + "' besides '" + current
                            + "': fnnc networks are a chain of layers, without branches or skip connections", null);
                }
            }
        }
        if (data == 0) {
            throw graph.error(OnnxGraph.describe(node) + " computes from constants only, which fnnc does not fold",
                    "fold constants when exporting, e.g. torch.onnx.export(..., do_constant_folding=True)");
        }
        if (data > 1) {
            throw graph.error(OnnxGraph.describe(node) + " reads '" + current + "' " + data + " times; fnnc"
                    + " networks are a chain of dense layers", null);
        }
        if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
            throw graph.error(OnnxGraph.describe(node) + " has no output", "corrupt model");
        }
    }

    private boolean beforeFirstLayer() {
        return layers.isEmpty() && openWeight == null;
    }

    private void dropout(NodeProto node) {
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            OnnxConstant training = graph.constant(node.getInput(2));
            if (training.size() != 1 || training.values()[0] != 0) {
                throw graph.error(OnnxGraph.describe(node) + " runs in training mode", "export the model in eval"
                        + " mode (model.eval() before torch.onnx.export)");
            }
        }
        notes.add(OnnxGraph.describe(node) + " is the identity at inference and was dropped");
    }

    private void flatten(NodeProto node) {
        long axis = Attributes.integer(node, "axis", 1, graph);
        if (axis != 1) {
            throw graph.error(OnnxGraph.describe(node) + " flattens at axis " + axis + "; fnnc networks keep axis 0"
                    + " as the batch (axis 1)", null);
        }
        if (!beforeFirstLayer() && !finished) {
            return; // [batch, features] already
        }
        flattened = true;
    }

    private void reshape(NodeProto node) {
        OnnxConstant shape = graph.constant(node.getInput(1));
        double[] s = shape.values();
        boolean keepsBatch = s.length == 2 && (s[0] == -1 || s[0] == 0) && (s[1] == -1 || s[1] >= 1)
                && !(s[0] == -1 && s[1] == -1);
        if (!keepsBatch || !beforeFirstLayer()) {
            throw graph.error(OnnxGraph.describe(node) + " reshapes to " + Arrays.toString(s) + "; fnnc accepts a"
                    + " reshape to [batch, features] (e.g. [-1, 784] or [0, -1]) before the first layer", null);
        }
        flattened = true;
    }

    private void cast(NodeProto node) {
        long to = Attributes.integer(node, "to", -1, graph);
        if (to != TensorProto.DataType.FLOAT_VALUE && to != TensorProto.DataType.DOUBLE_VALUE) {
            throw graph.error(OnnxGraph.describe(node) + " casts to " + OnnxTensors.typeName((int) to)
                    + "; fnnc networks compute in float or double", null);
        }
        if (!beforeFirstLayer()) {
            throw graph.error(OnnxGraph.describe(node) + " changes the precision between layers; fnnc networks"
                    + " compute every layer in one precision", null);
        }
    }

    /** Input scaling {@code (x - shift) / scale}, before the first layer. */
    private void scaling(NodeProto node) {
        boolean sub = node.getOpType().equals("Sub");
        if (!beforeFirstLayer()) {
            throw unsupported(node, " after the first layer");
        }
        if (graph.constant(node.getInput(0)) != null) {
            throw graph.error(OnnxGraph.describe(node) + " computes constant " + (sub ? "-" : "/") + " input;"
                    + " fnnc reads input scaling as (x - shift) / scale", null);
        }
        if ((sub && (shift != null || scale != null)) || (!sub && scale != null)) {
            throw graph.error(OnnxGraph.describe(node) + " is a second " + node.getOpType() + " or comes after the Div;"
                    + " fnnc reads input scaling as one Sub then one Div", null);
        }
        OnnxConstant c = graph.constant(node.getInput(1));
        double[] v = vector(node, c, -1);
        for (double x : v) {
            if (!Double.isFinite(x) || (!sub && x == 0)) {
                throw graph.error(OnnxGraph.describe(node) + " has a non-finite" + (sub ? "" : " or zero")
                        + " constant (" + x + ")", null);
            }
        }
        if (sub) {
            shift = v;
        } else {
            scale = v;
        }
        scalingNodes.add(OnnxGraph.describe(node));
    }

    private void gemm(NodeProto node) {
        closeIfOpen();
        requireDataAt(node, 0, "A");
        if (Attributes.integer(node, "transA", 0, graph) != 0) {
            throw graph.error(OnnxGraph.describe(node) + " transposes its input (transA=1); fnnc layers take"
                    + " [batch, features]", null);
        }
        boolean transB = Attributes.integer(node, "transB", 0, graph) != 0;
        double alpha = Attributes.floating(node, "alpha", 1.0, graph);
        double beta = Attributes.floating(node, "beta", 1.0, graph);
        OnnxConstant b = realConstant(node, 1, "B");
        if (b.rank() != 2) {
            throw graph.error(OnnxGraph.describe(node) + " has weights of shape " + Arrays.toString(b.shape())
                    + "; expected a matrix", null);
        }
        OnnxConstant w = transB ? b : b.transposed();
        open(node, w);
        if (alpha != 1.0) {
            for (int k = 0; k < openWeight.length; k++) {
                openWeight[k] *= alpha;
            }
            notes.add(OnnxGraph.describe(node) + ": alpha " + alpha + " was multiplied into the weights");
        }
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            double[] c = vector(node, realConstant(node, 2, "C"), openUnits);
            for (int o = 0; o < openUnits; o++) {
                openBias[o] += beta * c[o];
            }
            if (beta != 1.0) {
                notes.add(OnnxGraph.describe(node) + ": beta " + beta + " was multiplied into the bias");
            }
        }
    }

    private void matMul(NodeProto node) {
        closeIfOpen();
        requireDataAt(node, 0, "A");
        OnnxConstant b = realConstant(node, 1, "B");
        if (b.rank() != 2) {
            throw graph.error(OnnxGraph.describe(node) + " multiplies by a constant of shape "
                    + Arrays.toString(b.shape()) + "; expected a [in, out] matrix", null);
        }
        open(node, b.transposed());
    }

    /** {@code Add} of a constant after Gemm or MatMul: the bias. */
    private void addBias(NodeProto node) {
        if (openWeight == null) {
            throw graph.error(OnnxGraph.describe(node) + " adds a constant " + (beforeFirstLayer()
                    ? "to the input" : "after an activation") + "; fnnc reads Add only as the bias of a MatMul or Gemm",
                    "supported ops: " + SUPPORTED);
        }
        int k = graph.constant(node.getInput(0)) != null ? 0 : 1;
        double[] c = vector(node, realConstant(node, k, "B"), openUnits);
        for (int o = 0; o < openUnits; o++) {
            openBias[o] += c[o];
        }
        openNodes.append(", ").append(name(node));
    }

    private void activation(NodeProto node, Activation activation, double alpha) {
        if (openWeight == null) {
            throw graph.error(OnnxGraph.describe(node) + " is not preceded by a dense layer (Gemm or MatMul)",
                    beforeFirstLayer() ? "fnnc networks start with a dense layer"
                            : "fnnc layers have one activation each");
        }
        close(activation, alpha, node);
    }

    private void softmax(NodeProto node) {
        long fallback = graph.opset() >= 13 ? -1 : 1;
        long axis = Attributes.integer(node, "axis", fallback, graph);
        if (axis != -1 && axis != 1) {
            throw graph.error(OnnxGraph.describe(node) + " normalises over axis " + axis + "; fnnc's softmax runs"
                    + " over the features (axis -1 of [batch, features])", null);
        }
        boolean log = node.getOpType().equals("LogSoftmax");
        activation(node, Activation.SOFTMAX, 0);
        finished = true;
        finishedBy = OnnxGraph.describe(node);
        if (log) {
            logSoftmax = true;
            notes.add(OnnxGraph.describe(node) + ": the network's output layer is softmax (with cross_entropy),"
                    + " so predict returns probabilities; the ONNX model returned their logarithms");
        }
    }

    private double leakyAlpha(NodeProto node) {
        float alpha = (float) Attributes.floating(node, "alpha", 0.01f, graph);
        if (!(alpha >= 0 && alpha < 1)) {
            throw graph.error(OnnxGraph.describe(node) + " has alpha " + alpha + "; fnnc's leaky_relu takes alpha"
                    + " in [0, 1)", null);
        }
        // ONNX stores alpha as a float: take the shortest decimal that is that float (0.01f -> 0.01).
        return Double.parseDouble(Float.toString(alpha));
    }

    /** PRelu with one slope for every unit (torch's nn.PReLU() or fnnc's double export) is leaky_relu. */
    private double preluSlope(NodeProto node) {
        OnnxConstant slope = realConstant(node, 1, "slope");
        double[] v = slope.values();
        for (double s : v) {
            if (s != v[0]) {
                throw graph.error(OnnxGraph.describe(node) + " has a slope per channel; fnnc's leaky_relu has one"
                        + " alpha per layer", null);
            }
        }
        if (v.length == 0 || !(v[0] >= 0 && v[0] < 1)) {
            throw graph.error(OnnxGraph.describe(node) + " has slope " + (v.length == 0 ? "[]" : v[0])
                    + "; fnnc's leaky_relu takes alpha in [0, 1)", null);
        }
        return slope.type() == TensorProto.DataType.FLOAT ? Double.parseDouble(Float.toString((float) v[0])) : v[0];
    }

    private void open(NodeProto node, OnnxConstant canonical) {
        long units = canonical.dim(0);
        long inputs = canonical.dim(1);
        if (units < 1 || inputs < 1) {
            throw graph.error(OnnxGraph.describe(node) + " has an empty weight matrix "
                    + Arrays.toString(canonical.shape()), null);
        }
        if (!layers.isEmpty() && inputs != layers.get(layers.size() - 1).units()) {
            throw graph.error(OnnxGraph.describe(node) + " takes " + inputs + " inputs but the previous layer has "
                    + layers.get(layers.size() - 1).units() + " units", "corrupt model: the shapes do not chain");
        }
        openUnits = (int) units;
        openInputs = (int) inputs;
        openWeight = canonical.values().clone();
        openBias = new double[openUnits];
        openNodes = new StringBuilder(name(node));
    }

    private void closeIfOpen() {
        if (openWeight != null) {
            close(Activation.LINEAR, 0, null);
        }
    }

    private void close(Activation activation, double alpha, NodeProto node) {
        if (node != null) {
            openNodes.append(", ").append(name(node));
        }
        layers.add(new Layer(openUnits, openInputs, activation, alpha, openWeight, openBias, openNodes.toString()));
        openWeight = null;
        openBias = null;
        openNodes = null;
    }

    private static String name(NodeProto node) {
        return node.getName().isEmpty() ? node.getOpType() : node.getOpType() + " " + node.getName();
    }

    private void requireDataAt(NodeProto node, int k, String role) {
        if (node.getInputCount() <= k || graph.constant(node.getInput(k)) != null) {
            throw graph.error(OnnxGraph.describe(node) + " has the computed tensor in another place than its input "
                    + role + "; fnnc reads x W with the weights as the constant", null);
        }
    }

    private OnnxConstant realConstant(NodeProto node, int k, String role) {
        if (node.getInputCount() <= k || node.getInput(k).isEmpty()) {
            throw graph.error(OnnxGraph.describe(node) + " lacks its input " + role, "corrupt model");
        }
        OnnxConstant c = graph.constant(node.getInput(k));
        if (c == null) {
            throw graph.error(OnnxGraph.describe(node) + " computes its input " + role + " ('" + node.getInput(k)
                    + "') from the data; fnnc reads it as a constant (weights or bias)", null);
        }
        if (!c.isReal()) {
            throw graph.error(OnnxGraph.describe(node) + " has input " + role + " '" + node.getInput(k) + "' of type "
                    + c.describe() + "; expected float or double", null);
        }
        anyDouble |= c.type() == TensorProto.DataType.DOUBLE;
        return c;
    }

    /**
     * A constant broadcast along the features: shape {@code []}, {@code [1]}, {@code [n]} or {@code [1, n]}.
     * {@code n < 0} accepts any length (checked later by {@link #expand}).
     */
    private double[] vector(NodeProto node, OnnxConstant c, int n) {
        long[] s = c.shape();
        boolean scalar = c.size() == 1 && (s.length <= 1 || (s.length == 2 && s[0] == 1));
        boolean row = s.length <= 1 || (s.length == 2 && s[0] == 1);
        if (scalar && n > 0) {
            double[] v = new double[n];
            Arrays.fill(v, c.values()[0]);
            return v;
        }
        if (!row || (n >= 0 && c.size() != n)) {
            throw graph.error(OnnxGraph.describe(node) + " has a constant of shape " + Arrays.toString(s)
                    + " where fnnc expects one value per feature" + (n >= 0 ? " (" + n + ")" : ""), null);
        }
        return c.values().clone();
    }

    private double[] expand(double[] v, int features, double identity, String op) {
        if (v == null) {
            return null;
        }
        if (v.length == features) {
            return v;
        }
        if (v.length == 1) {
            double[] e = new double[features];
            Arrays.fill(e, v[0]);
            return e;
        }
        throw graph.error("the input scaling " + op + " has " + v.length + " values but the first layer takes "
                + features + " inputs", null);
    }

    private static int declaredRank(ValueInfoProto v) {
        return v.getType().getTensorType().hasShape() ? v.getType().getTensorType().getShape().getDimCount() : -1;
    }

    /** If the tensor declares its feature dimensions, they must multiply to {@code width}. */
    private void checkDeclaredWidth(ValueInfoProto v, int width, String what) {
        if (!v.getType().hasTensorType()) {
            throw graph.error(what + " '" + v.getName() + "' is not a tensor", null);
        }
        int type = v.getType().getTensorType().getElemType();
        if (type != TensorProto.DataType.FLOAT_VALUE && type != TensorProto.DataType.DOUBLE_VALUE && type != 0) {
            throw graph.error(what + " '" + v.getName() + "' has element type " + OnnxTensors.typeName(type)
                    + "; fnnc networks take and return float or double", null);
        }
        if (!v.getType().getTensorType().hasShape()) {
            return;
        }
        List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
        long product = 1;
        for (int d = dims.size() == 1 ? 0 : 1; d < dims.size(); d++) {
            if (!dims.get(d).hasDimValue()) {
                return; // symbolic: nothing to check
            }
            long dim = dims.get(d).getDimValue();
            product = dim < 0 || dim > Integer.MAX_VALUE || product * dim > Integer.MAX_VALUE ? -1 : product * dim;
            if (product < 0) {
                break;
            }
        }
        if (product != width) {
            throw graph.error(what + " '" + v.getName() + "' is declared with shape " + dimsText(dims) + " but the "
                    + (what.equals("input") ? "first layer takes " : "last layer has ") + width + " features", null);
        }
    }

    private static String dimsText(List<TensorShapeProto.Dimension> dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < dims.size(); d++) {
            TensorShapeProto.Dimension dim = dims.get(d);
            sb.append(d == 0 ? "" : ", ").append(dim.hasDimValue() ? String.valueOf(dim.getDimValue())
                    : dim.getDimParam().isEmpty() ? "?" : dim.getDimParam());
        }
        return sb.append(']').toString();
    }
}
