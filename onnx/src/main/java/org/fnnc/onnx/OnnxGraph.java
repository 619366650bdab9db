package org.fnnc.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fnnc.onnx.proto.OnnxProto.AttributeProto;
import org.fnnc.onnx.proto.OnnxProto.GraphProto;
import org.fnnc.onnx.proto.OnnxProto.NodeProto;
import org.fnnc.onnx.proto.OnnxProto.TensorProto;
import org.fnnc.onnx.proto.OnnxProto.ValueInfoProto;

/**
 * An ONNX graph reduced to what computes one output: the nodes that output depends on (others, such as a
 * classifier's label output, are ignored), in dependency order, with every constant resolved. Constants are
 * initializers, {@code Constant} nodes, and what exporters leave behind when they do not fold constants:
 * {@code Identity}, {@code Transpose}, {@code Cast}, {@code Reshape}, {@code Squeeze} and {@code Unsqueeze} of
 * constants, which are evaluated here. What remains, {@link #dataNodes()}, computes from the graph input.
 *
 * <p>Everything is checked on the way: one producer per tensor, no cycles, no reads of tensors nobody
 * provides. The walk is iterative, so a graph a million nodes long cannot overflow the stack.
 */
final class OnnxGraph {

    /** Op types evaluated when all their inputs are constant. */
    static final Set<String> FOLDED_OPS = Set.of("Constant", "Identity", "Transpose", "Cast", "Reshape", "Squeeze",
            "Unsqueeze");

    private final String source;
    private final long opset;
    private final Map<String, OnnxConstant> constants = new HashMap<>();
    private final ValueInfoProto input;
    private final ValueInfoProto output;
    private final List<NodeProto> dataNodes = new ArrayList<>();

    OnnxGraph(GraphProto graph, long opset, String outputName, String source) {
        this.source = source;
        this.opset = opset;
        if (graph.getSparseInitializerCount() > 0) {
            throw error("the graph has sparse initializers, which fnnc does not read",
                    "save the model with dense initializers");
        }
        Set<String> initializerNames = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            if (!initializerNames.add(t.getName())) {
                throw error("two initializers are named '" + t.getName() + "'", "corrupt model");
            }
        }
        this.output = chooseOutput(graph, outputName);
        Map<String, Integer> producers = producers(graph);
        List<Integer> order = slice(graph, producers, initializerNames);

        Map<String, TensorProto> initializers = new HashMap<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        // Graph inputs that are not initializers (IR < 4 lists initializers as inputs too) feed the network.
        Set<String> used = new HashSet<>();
        for (int i : order) {
            used.addAll(graph.getNode(i).getInputList());
        }
        used.add(output.getName());
        List<ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(v -> !initializerNames.contains(v.getName()) && used.contains(v.getName()))
                .collect(Collectors.toList());
        if (inputs.size() != 1) {
            throw error(inputs.isEmpty() ? "output '" + output.getName() + "' does not depend on any graph input"
                    : "output '" + output.getName() + "' depends on " + inputs.size() + " graph inputs ("
                    + inputs.stream().map(ValueInfoProto::getName).collect(Collectors.joining(", "))
                    + "); an fnnc network has one", null);
        }
        this.input = inputs.get(0);
        for (String name : used) {
            if (initializers.containsKey(name)) {
                constants.put(name, OnnxTensors.read(initializers.get(name), "initializer '" + name + "'", source));
            }
        }
        for (int i : order) {
            NodeProto node = graph.getNode(i);
            if (isConstant(node)) {
                fold(node);
            } else {
                dataNodes.add(node);
            }
        }
    }

    /** The graph input the network reads. */
    ValueInfoProto input() {
        return input;
    }

    /** The graph output the network computes. */
    ValueInfoProto output() {
        return output;
    }

    /** The nodes computing from the input, in dependency order. */
    List<NodeProto> dataNodes() {
        return dataNodes;
    }

    /** The value of a constant tensor, or null if {@code name} is computed from the input. */
    OnnxConstant constant(String name) {
        return constants.get(name);
    }

    long opset() {
        return opset;
    }

    OnnxFormatException error(String message, String hint) {
        return new OnnxFormatException(source, message, hint);
    }

    /** {@code node 'name' (Op)}, or {@code node #3 (Op)} for an unnamed node. */
    static String describe(NodeProto node) {
        String name = node.getName().isEmpty() ? "producing '" + (node.getOutputCount() > 0 ? node.getOutput(0) : "")
                + "'" : "'" + node.getName() + "'";
        return "node " + name + " (" + node.getOpType() + ")";
    }

    private ValueInfoProto chooseOutput(GraphProto graph, String outputName) {
        List<ValueInfoProto> outputs = graph.getOutputList();
        String names = outputs.stream().map(v -> "'" + v.getName() + "'").collect(Collectors.joining(", "));
        if (outputName != null) {
            return outputs.stream().filter(v -> v.getName().equals(outputName)).findFirst()
                    .orElseThrow(() -> error("the graph has no output named '" + outputName + "'",
                            outputs.isEmpty() ? "it has no outputs" : "its outputs are " + names));
        }
        if (outputs.size() == 1) {
            return outputs.get(0);
        }
        List<ValueInfoProto> real = outputs.stream().filter(v -> {
            int t = v.getType().getTensorType().getElemType();
            return t == TensorProto.DataType.FLOAT_VALUE || t == TensorProto.DataType.DOUBLE_VALUE;
        }).collect(Collectors.toList());
        if (real.size() == 1) {
            return real.get(0);
        }
        throw error(outputs.isEmpty() ? "the graph has no outputs" : "the graph has " + outputs.size()
                + " outputs (" + names + ") and fnnc imports one", outputs.isEmpty() ? null
                : "name the one to import (fnnc import --graph-output NAME)");
    }

    private Map<String, Integer> producers(GraphProto graph) {
        Map<String, Integer> producers = new HashMap<>();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto node = graph.getNode(i);
            for (String out : node.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                Integer before = producers.put(out, i);
                if (before != null) {
                    throw error("tensor '" + out + "' is produced twice, by " + describe(graph.getNode(before))
                            + " and " + describe(node), "corrupt model: each tensor has one producer");
                }
            }
        }
        return producers;
    }

    /**
     * The indices of the nodes the output depends on, producers before consumers: an iterative depth-first
     * walk back from the output that finds cycles (a node met again while still open) and reads of tensors
     * that nothing provides.
     */
    private List<Integer> slice(GraphProto graph, Map<String, Integer> producers, Set<String> initializers) {
        Set<String> graphInputs = graph.getInputList().stream().map(ValueInfoProto::getName).collect(Collectors.toSet());
        byte[] state = new byte[graph.getNodeCount()]; // 0 new, 1 open, 2 done
        List<Integer> order = new ArrayList<>();
        Deque<int[]> stack = new ArrayDeque<>(); // {node, next input to visit}
        Integer first = producers.get(output.getName());
        if (first == null) {
            if (graphInputs.contains(output.getName()) || initializers.contains(output.getName())) {
                throw error("output '" + output.getName() + "' is computed by no node", "the graph has no layers");
            }
            throw error("output '" + output.getName() + "' is produced by no node", "corrupt model");
        }
        stack.push(new int[] {first, 0});
        state[first] = 1;
        while (!stack.isEmpty()) {
            int[] top = stack.peek();
            NodeProto node = graph.getNode(top[0]);
            if (top[1] == node.getInputCount()) {
                state[top[0]] = 2;
                order.add(top[0]);
                stack.pop();
                continue;
            }
            String in = node.getInput(top[1]++);
            if (in.isEmpty() || initializers.contains(in)) {
                continue; // an omitted optional input, or a constant
            }
            Integer producer = producers.get(in);
            if (producer == null) {
                if (!graphInputs.contains(in)) {
                    throw error(describe(node) + " reads '" + in + "', which no node, initializer or graph input"
                            + " provides", "a missing initializer? the model is incomplete");
                }
                continue;
            }
            if (state[producer] == 1) {
                throw error(describe(node) + " reads '" + in + "', which depends on that node's own output:"
                        + " the graph has a cycle", "corrupt model: an ONNX graph is acyclic");
            }
            if (state[producer] == 0) {
                state[producer] = 1;
                stack.push(new int[] {producer, 0});
            }
        }
        return order;
    }

    private boolean isConstant(NodeProto node) {
        if (node.getOpType().equals("Constant") && node.getDomain().isEmpty()) {
            return true;
        }
        if (!FOLDED_OPS.contains(node.getOpType()) || !isDefaultDomain(node) || node.getInputCount() == 0) {
            return false;
        }
        for (String in : node.getInputList()) {
            if (!in.isEmpty() && !constants.containsKey(in)) {
                return false;
            }
        }
        return true;
    }

    static boolean isDefaultDomain(NodeProto node) {
        return node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
    }

    /** Evaluates a constant node and records its output. */
    private void fold(NodeProto node) {
        if (node.getOutputCount() != 1) {
            throw error(describe(node) + " has " + node.getOutputCount() + " outputs; expected 1", null);
        }
        OnnxConstant value = switch (node.getOpType()) {
            case "Constant" -> constantValue(node);
            case "Identity" -> input(node, 0);
            case "Cast" -> cast(node);
            case "Transpose" -> transpose(node);
            case "Reshape" -> reshape(node, input(node, 0), input(node, 1));
            case "Squeeze", "Unsqueeze" -> squeeze(node);
            default -> throw new AssertionError(node.getOpType());
        };
        constants.put(node.getOutput(0), value);
    }

    private OnnxConstant input(NodeProto node, int k) {
        if (k >= node.getInputCount() || node.getInput(k).isEmpty()) {
            throw error(describe(node) + " lacks input " + (k + 1), null);
        }
        return constants.get(node.getInput(k));
    }

    private OnnxConstant constantValue(NodeProto node) {
        if (node.getAttributeCount() != 1) {
            throw error(describe(node) + " has " + node.getAttributeCount() + " attributes; a Constant has one", null);
        }
        AttributeProto a = node.getAttribute(0);
        String where = describe(node);
        return switch (a.getName()) {
            case "value" -> {
                if (!a.hasT()) {
                    throw error(where + " has a 'value' attribute without a tensor", null);
                }
                yield OnnxTensors.read(a.getT(), where, source);
            }
            case "value_float" -> new OnnxConstant(TensorProto.DataType.FLOAT, new long[0], new double[] {a.getF()});
            case "value_floats" -> new OnnxConstant(TensorProto.DataType.FLOAT, new long[] {a.getFloatsCount()},
                    a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray());
            case "value_int" -> new OnnxConstant(TensorProto.DataType.INT64, new long[0], new double[] {a.getI()});
            case "value_ints" -> new OnnxConstant(TensorProto.DataType.INT64, new long[] {a.getIntsCount()},
                    a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray());
            default -> throw error(where + " holds a '" + a.getName() + "' value; fnnc reads numeric tensors", null);
        };
    }

    private OnnxConstant cast(NodeProto node) {
        long to = Attributes.integer(node, "to", -1, this);
        TensorProto.DataType type = TensorProto.DataType.forNumber((int) to);
        if (type != TensorProto.DataType.FLOAT && type != TensorProto.DataType.DOUBLE
                && type != TensorProto.DataType.INT64 && type != TensorProto.DataType.INT32) {
            throw error(describe(node) + " casts a constant to " + OnnxTensors.typeName((int) to)
                    + "; fnnc folds casts to float, double, int32 and int64", null);
        }
        OnnxConstant in = input(node, 0);
        if (!in.isReal() || type == TensorProto.DataType.FLOAT || type == TensorProto.DataType.DOUBLE) {
            return in.withType(type);
        }
        double[] v = in.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.isFinite(v[i]) ? (double) (long) v[i] : 0; // ONNX leaves non-finite casts undefined
        }
        return new OnnxConstant(type, in.shape(), v);
    }

    private OnnxConstant transpose(NodeProto node) {
        OnnxConstant in = input(node, 0);
        List<Long> perm = Attributes.integers(node, "perm", this);
        if (in.rank() <= 1) {
            return in;
        }
        boolean reverse = perm.isEmpty() || (perm.size() == 2 && perm.get(0) == 1 && perm.get(1) == 0);
        if (in.rank() != 2 || !reverse) {
            throw error(describe(node) + " transposes a constant of shape " + java.util.Arrays.toString(in.shape())
                    + " with perm " + perm + "; fnnc folds transposes of matrices", null);
        }
        return in.transposed();
    }

    /** Reshape of a constant (0 copies a dimension, -1 is inferred), as far as weights need it. */
    OnnxConstant reshape(NodeProto node, OnnxConstant in, OnnxConstant shape) {
        long[] target = new long[shape.size()];
        int inferred = -1;
        long known = 1;
        for (int d = 0; d < target.length; d++) {
            long v = (long) shape.values()[d];
            if (v == 0) {
                if (d >= in.rank()) {
                    throw error(describe(node) + " copies dimension " + d + " of a rank-" + in.rank() + " tensor", null);
                }
                v = in.dim(d);
            }
            if (v == -1 && inferred < 0) {
                inferred = d;
                continue;
            }
            if (v < 0) {
                throw error(describe(node) + " has an invalid target shape " + java.util.Arrays.toString(shape.values()),
                        null);
            }
            target[d] = v;
            known = product(node, known, v);
        }
        if (inferred >= 0) {
            if (known == 0 || in.size() % known != 0) {
                throw error(describe(node) + " cannot reshape " + in.size() + " elements to "
                        + java.util.Arrays.toString(shape.values()), null);
            }
            target[inferred] = in.size() / known;
            known = product(node, known, target[inferred]);
        }
        if (known != in.size()) {
            throw error(describe(node) + " reshapes " + in.size() + " elements to " + known, null);
        }
        return in.withShape(target);
    }

    private OnnxConstant squeeze(NodeProto node) {
        OnnxConstant in = input(node, 0);
        List<Long> axes = new ArrayList<>(Attributes.integers(node, "axes", this));
        if (node.getInputCount() > 1 && !node.getInput(1).isEmpty()) {
            for (double a : input(node, 1).values()) {
                axes.add((long) a);
            }
        }
        boolean squeeze = node.getOpType().equals("Squeeze");
        int rank = squeeze ? in.rank() : in.rank() + axes.size();
        Set<Integer> picked = new HashSet<>();
        for (long a : axes) {
            if (a < -rank || a >= rank) {
                throw error(describe(node) + " has axis " + a + " outside a rank-" + rank + " result", null);
            }
            picked.add((int) (a < 0 ? a + rank : a));
        }
        List<Long> dims = new ArrayList<>();
        if (squeeze) {
            for (int d = 0; d < in.rank(); d++) {
                boolean drop = axes.isEmpty() ? in.dim(d) == 1 : picked.contains(d);
                if (drop && in.dim(d) != 1) {
                    throw error(describe(node) + " squeezes dimension " + d + " of size " + in.dim(d), null);
                }
                if (!drop) {
                    dims.add(in.dim(d));
                }
            }
        } else {
            int next = 0;
            for (int d = 0; d < rank; d++) {
                dims.add(picked.contains(d) ? 1L : in.dim(next++));
            }
        }
        return in.withShape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    private long product(NodeProto node, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw error(describe(node) + " has a target shape with more elements than fnnc can hold", null);
        }
    }
}
