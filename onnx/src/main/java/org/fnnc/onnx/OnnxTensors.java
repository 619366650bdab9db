package org.fnnc.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.fnnc.network.Parameters;
import org.fnnc.onnx.proto.OnnxProto.TensorProto;
import org.fnnc.spec.Precision;

/**
 * Converts between fnnc's numbers and ONNX {@code TensorProto}s. Writing uses {@code raw_data} (little-endian,
 * as every exporter does). Reading accepts raw and typed storage and checks before allocating anything that
 * the declared dims agree with the bytes actually present, so a tensor claiming billions of elements costs
 * nothing.
 */
final class OnnxTensors {

    /** Most elements one tensor may have: the largest Java array. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private OnnxTensors() {
    }

    static TensorProto.DataType dataType(Precision precision) {
        return precision == Precision.FLOAT ? TensorProto.DataType.FLOAT : TensorProto.DataType.DOUBLE;
    }

    /** Layer {@code l}'s weights, canonical {@code [out, in]}, in the parameters' precision. */
    static TensorProto weight(String name, Parameters parameters, int l) {
        int out = parameters.layout().units(l);
        int in = parameters.layout().fanIn(l);
        double[] w = new double[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                w[o * in + i] = parameters.getWeight(l, o, i);
            }
        }
        return tensor(name, parameters.precision(), new long[] {out, in}, w);
    }

    /** Layer {@code l}'s bias {@code [out]}. */
    static TensorProto bias(String name, Parameters parameters, int l) {
        int out = parameters.layout().units(l);
        double[] b = new double[out];
        for (int o = 0; o < out; o++) {
            b[o] = parameters.getBias(l, o);
        }
        return tensor(name, parameters.precision(), new long[] {out}, b);
    }

    static TensorProto doubles(String name, long[] shape, double[] values) {
        return tensor(name, Precision.DOUBLE, shape, values);
    }

    /** A tensor of float (values rounded) or double elements. */
    static TensorProto tensor(String name, Precision precision, long[] shape, double[] values) {
        boolean isFloat = precision == Precision.FLOAT;
        ByteBuffer raw = ByteBuffer.allocate(values.length * (isFloat ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (isFloat) {
                raw.putFloat((float) v);
            } else {
                raw.putDouble(v);
            }
        }
        raw.flip();
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType(precision).getNumber());
        for (long d : shape) {
            t.addDims(d);
        }
        return t.setRawData(ByteString.copyFrom(raw)).build();
    }

    /**
     * The values of a constant tensor (an initializer or a Constant node's value), checked.
     *
     * @param where what to call the tensor in messages, e.g. {@code initializer 'fc1.weight'}
     */
    static OnnxConstant read(TensorProto t, String where, String source) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new OnnxFormatException(source, where + " keeps its data in an external file, which fnnc does not read",
                    "save the model with its weights inside: onnx.save_model(model, path, save_as_external_data=False)");
        }
        if (t.hasSegment()) {
            throw new OnnxFormatException(source, where + " is a segment of a larger tensor, which fnnc does not read",
                    "save the model with onnx.save_model, which writes whole tensors");
        }
        int typeCode = t.getDataType();
        TensorProto.DataType type = TensorProto.DataType.forNumber(typeCode);
        ElementType element = ElementType.of(type);
        if (element == null) {
            throw new OnnxFormatException(source, where + " has element type " + typeName(typeCode)
                    + "; fnnc reads float, double, int32, int64 and bool tensors",
                    type == TensorProto.DataType.FLOAT16 || type == TensorProto.DataType.BFLOAT16
                            ? "export the model in float32 (model.float() before torch.onnx.export)"
                            : "export the model's weights as float32 or float64");
        }
        long[] shape = new long[t.getDimsCount()];
        boolean empty = false;
        for (int d = 0; d < shape.length; d++) {
            shape[d] = t.getDims(d);
            if (shape[d] < 0) {
                throw new OnnxFormatException(source, where + " has a negative dimension in its shape "
                        + t.getDimsList(), null);
            }
            empty |= shape[d] == 0;
        }
        long count = 1;
        for (int d = 0; d < shape.length && !empty; d++) {
            if (count > MAX_ELEMENTS / shape[d]) {
                throw new OnnxFormatException(source, where + " has shape " + t.getDimsList()
                        + ", more elements than fnnc can hold", null);
            }
            count *= shape[d];
        }
        count = empty ? 0 : count;
        int n = (int) count;
        int typed = element.typedCount(t);
        if (t.hasRawData()) {
            if (typed > 0) {
                throw new OnnxFormatException(source, where + " has both raw_data and typed data", null);
            }
            long bytes = t.getRawData().size();
            if (bytes != (long) n * element.bytes) {
                throw new OnnxFormatException(source, where + " has shape " + t.getDimsList() + " of " + element.onnxName + ", which needs "
                        + (long) n * element.bytes + " bytes, but its raw_data has " + bytes
                        + " (truncated or corrupt)", null);
            }
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = element.read(raw);
            }
            return new OnnxConstant(type, shape, values);
        }
        if (typed != n) {
            throw new OnnxFormatException(source, where + " has shape " + t.getDimsList() + " (" + n + " elements) but "
                    + typed + " values", "truncated or corrupt");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = element.typed(t, i);
        }
        return new OnnxConstant(type, shape, values);
    }

    /** {@code FLOAT}, {@code INT64}... or the number of an unknown type. */
    static String typeName(int code) {
        TensorProto.DataType type = TensorProto.DataType.forNumber(code);
        return type == null ? "#" + code : type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The element types fnnc reads, with where their values live. */
    private enum ElementType {
        FLOAT("float", 4) {
            @Override
            int typedCount(TensorProto t) {
                return t.getFloatDataCount();
            }

            @Override
            double typed(TensorProto t, int i) {
                return t.getFloatData(i);
            }

            @Override
            double read(ByteBuffer raw) {
                return raw.getFloat();
            }
        },
        DOUBLE("double", 8) {
            @Override
            int typedCount(TensorProto t) {
                return t.getDoubleDataCount();
            }

            @Override
            double typed(TensorProto t, int i) {
                return t.getDoubleData(i);
            }

            @Override
            double read(ByteBuffer raw) {
                return raw.getDouble();
            }
        },
        INT64("int64", 8) {
            @Override
            int typedCount(TensorProto t) {
                return t.getInt64DataCount();
            }

            @Override
            double typed(TensorProto t, int i) {
                return t.getInt64Data(i);
            }

            @Override
            double read(ByteBuffer raw) {
                return raw.getLong();
            }
        },
        INT32("int32", 4) {
            @Override
            int typedCount(TensorProto t) {
                return t.getInt32DataCount();
            }

            @Override
            double typed(TensorProto t, int i) {
                return t.getInt32Data(i);
            }

            @Override
            double read(ByteBuffer raw) {
                return raw.getInt();
            }
        },
        BOOL("bool", 1) {
            @Override
            int typedCount(TensorProto t) {
                return t.getInt32DataCount();
            }

            @Override
            double typed(TensorProto t, int i) {
                return t.getInt32Data(i) != 0 ? 1 : 0;
            }

            @Override
            double read(ByteBuffer raw) {
                return raw.get() != 0 ? 1 : 0;
            }
        };

        final String onnxName;
        final int bytes;

        ElementType(String onnxName, int bytes) {
            this.onnxName = onnxName;
            this.bytes = bytes;
        }

        abstract int typedCount(TensorProto t);

        abstract double typed(TensorProto t, int i);

        abstract double read(ByteBuffer raw);

        static ElementType of(TensorProto.DataType type) {
            if (type == null) {
                return null;
            }
            return switch (type) {
                case FLOAT -> FLOAT;
                case DOUBLE -> DOUBLE;
                case INT64 -> INT64;
                case INT32 -> INT32;
                case BOOL -> BOOL;
                default -> null;
            };
        }
    }

}
