package org.fnnc.io;

import org.fnnc.spec.Precision;

/**
 * The element types of the safetensors format, with their sizes. All are understood when a file's layout is
 * validated; tensor values can be read and written as {@link #F32} and {@link #F64}.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether fnnc reads and writes values of this type. */
    public boolean isSupported() {
        return this == F32 || this == F64;
    }

    /** F32 for float, F64 for double. */
    public static DType of(Precision precision) {
        return precision == Precision.FLOAT ? F32 : F64;
    }
}
