package org.fnnc.spec;

/** Floating-point type of parameters, activations and generated arithmetic. */
public enum Precision implements YamlEnum {
    FLOAT(4),
    DOUBLE(8);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one parameter in bytes. */
    public int bytes() {
        return bytes;
    }
}
