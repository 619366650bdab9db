package org.fnnc.onnx;

import java.util.Arrays;
import org.fnnc.onnx.proto.OnnxProto.TensorProto;

/**
 * The value of a constant tensor of an ONNX graph (an initializer, a Constant node, or a node fnnc folded):
 * element type, shape and row-major values. Integers and booleans are held as doubles, exactly (shapes and
 * flags are small).
 */
record OnnxConstant(TensorProto.DataType type, long[] shape, double[] values) {

    OnnxConstant {
        shape = shape.clone();
    }

    int rank() {
        return shape.length;
    }

    long dim(int d) {
        return shape[d];
    }

    int size() {
        return values.length;
    }

    boolean isReal() {
        return type == TensorProto.DataType.FLOAT || type == TensorProto.DataType.DOUBLE;
    }

    /** {@code [a, b]} and the element type, for messages. */
    String describe() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + " " + Arrays.toString(shape);
    }

    /** The transpose of a matrix. */
    OnnxConstant transposed() {
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        double[] t = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return new OnnxConstant(type, new long[] {cols, rows}, t);
    }

    OnnxConstant withType(TensorProto.DataType newType) {
        double[] v = values.clone();
        if (newType == TensorProto.DataType.FLOAT) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
        return new OnnxConstant(newType, shape, v);
    }

    OnnxConstant withShape(long[] newShape) {
        return new OnnxConstant(type, newShape, values);
    }
}
