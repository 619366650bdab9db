package org.fnnc.spark;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A column of fixed-width numeric vectors as fnnc reads it: an ML {@link Vector}, an {@code array<float>} or an
 * {@code array<double>} (features; multi-output targets), or, for width 1 where allowed, a plain number.
 * Values are copied into a caller's buffer without boxing where Spark allows it.
 */
enum VectorColumn {
    /** {@code org.apache.spark.ml.linalg.Vector} (dense or sparse). */
    VECTOR,
    /** {@code array<float>}. */
    FLOAT_ARRAY,
    /** {@code array<double>}. */
    DOUBLE_ARRAY,
    /** A numeric column: one value. */
    NUMBER;

    /**
     * The kind of column {@code name} of {@code schema}.
     *
     * @param role        what the column is for, for messages ("features", "label")
     * @param allowNumber whether a plain numeric column (width 1) is allowed
     * @throws IllegalArgumentException naming the column, its type and the types allowed
     */
    static VectorColumn of(StructType schema, String name, String role, boolean allowNumber) {
        StructField field = field(schema, name, role);
        DataType t = field.dataType();
        if (t.equals(SQLDataTypes.VectorType())) {
            return VECTOR;
        }
        if (t instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType)) {
            return FLOAT_ARRAY;
        }
        if (t instanceof ArrayType a && a.elementType().equals(DataTypes.DoubleType)) {
            return DOUBLE_ARRAY;
        }
        if (allowNumber && t instanceof NumericType) {
            return NUMBER;
        }
        throw new IllegalArgumentException(role + " column '" + name + "' has type " + t.simpleString()
                + "; fnnc reads " + (allowNumber ? "a number, " : "") + "a vector (org.apache.spark.ml.linalg.Vector),"
                + " array<float> or array<double>. Hint: VectorAssembler builds a vector from numeric columns");
    }

    /** The field {@code name} of {@code schema}; a clear error listing the columns if there is none. */
    static StructField field(StructType schema, String name, String role) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException(role + " column '" + name + "' does not exist; the data has columns "
                + String.join(", ", schema.fieldNames()) + ". Hint: set the column name with set"
                + Character.toUpperCase(role.charAt(0)) + role.substring(1) + "Col");
    }

    /**
     * Copies the {@code width} values of column {@code index} of {@code row} to {@code dst[offset ..]}.
     *
     * @return null, or what is wrong with the value (null, wrong width)
     */
    String read(Row row, int index, int width, float[] dst, int offset) {
        if (row.isNullAt(index)) {
            return "is null";
        }
        switch (this) {
            case VECTOR -> {
                Vector v = (Vector) row.get(index);
                if (v.size() != width) {
                    return "has " + v.size() + " values, expected " + width;
                }
                if (v instanceof DenseVector d) {
                    double[] values = d.values();
                    for (int k = 0; k < width; k++) {
                        dst[offset + k] = (float) values[k];
                    }
                } else {
                    SparseVector s = (SparseVector) v;
                    java.util.Arrays.fill(dst, offset, offset + width, 0f);
                    int[] idx = s.indices();
                    double[] values = s.values();
                    for (int k = 0; k < idx.length; k++) {
                        dst[offset + idx[k]] = (float) values[k];
                    }
                }
            }
            case FLOAT_ARRAY, DOUBLE_ARRAY -> {
                scala.collection.Seq<?> seq = (scala.collection.Seq<?>) row.get(index);
                if (seq.length() != width) {
                    return "has " + seq.length() + " values, expected " + width;
                }
                for (int k = 0; k < width; k++) {
                    Object o = seq.apply(k);
                    if (o == null) {
                        return "has a null at index " + k;
                    }
                    dst[offset + k] = ((Number) o).floatValue();
                }
            }
            case NUMBER -> {
                if (width != 1) {
                    return "is one number, expected " + width + " values";
                }
                dst[offset] = ((Number) row.get(index)).floatValue();
            }
        }
        return null;
    }

    /** As {@link #read(Row, int, int, float[], int)}, keeping double precision. */
    String read(Row row, int index, int width, double[] dst, int offset) {
        if (row.isNullAt(index)) {
            return "is null";
        }
        switch (this) {
            case VECTOR -> {
                Vector v = (Vector) row.get(index);
                if (v.size() != width) {
                    return "has " + v.size() + " values, expected " + width;
                }
                if (v instanceof DenseVector d) {
                    System.arraycopy(d.values(), 0, dst, offset, width);
                } else {
                    SparseVector s = (SparseVector) v;
                    java.util.Arrays.fill(dst, offset, offset + width, 0.0);
                    int[] idx = s.indices();
                    double[] values = s.values();
                    for (int k = 0; k < idx.length; k++) {
                        dst[offset + idx[k]] = values[k];
                    }
                }
            }
            case FLOAT_ARRAY, DOUBLE_ARRAY -> {
                scala.collection.Seq<?> seq = (scala.collection.Seq<?>) row.get(index);
                if (seq.length() != width) {
                    return "has " + seq.length() + " values, expected " + width;
                }
                for (int k = 0; k < width; k++) {
                    Object o = seq.apply(k);
                    if (o == null) {
                        return "has a null at index " + k;
                    }
                    dst[offset + k] = ((Number) o).doubleValue();
                }
            }
            case NUMBER -> {
                if (width != 1) {
                    return "is one number, expected " + width + " values";
                }
                dst[offset] = ((Number) row.get(index)).doubleValue();
            }
        }
        return null;
    }
}
