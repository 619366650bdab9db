package org.fnnc.onnx;

import java.util.List;
import org.fnnc.onnx.proto.OnnxProto.AttributeProto;
import org.fnnc.onnx.proto.OnnxProto.NodeProto;

/** Typed access to a node's attributes, with errors that name the node when an attribute has the wrong type. */
final class Attributes {

    private Attributes() {
    }

    static AttributeProto find(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    static long integer(NodeProto node, String name, long fallback, OnnxGraph graph) {
        AttributeProto a = find(node, name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeProto.AttributeType.INT && !(a.getType() == AttributeProto.AttributeType.UNDEFINED
                && a.hasI())) {
            throw graph.error(OnnxGraph.describe(node) + " has attribute '" + name + "' of type " + a.getType()
                    + "; expected INT", null);
        }
        return a.getI();
    }

    static double floating(NodeProto node, String name, double fallback, OnnxGraph graph) {
        AttributeProto a = find(node, name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeProto.AttributeType.FLOAT && !(a.getType() == AttributeProto.AttributeType.UNDEFINED
                && a.hasF())) {
            throw graph.error(OnnxGraph.describe(node) + " has attribute '" + name + "' of type " + a.getType()
                    + "; expected FLOAT", null);
        }
        return a.getF();
    }

    static List<Long> integers(NodeProto node, String name, OnnxGraph graph) {
        AttributeProto a = find(node, name);
        if (a == null) {
            return List.of();
        }
        if (a.getType() != AttributeProto.AttributeType.INTS && a.getType() != AttributeProto.AttributeType.UNDEFINED) {
            throw graph.error(OnnxGraph.describe(node) + " has attribute '" + name + "' of type " + a.getType()
                    + "; expected INTS", null);
        }
        return a.getIntsList();
    }
}
