package org.fnnc.io;

/**
 * How strictly weights are matched to a network when loading.
 *
 * @param allowPrecisionChange accept F32 tensors into a double network (widening, exact) or F64 into a float
 *                             network (rounding); off by default so that a precision change is never silent
 * @param checkArchitectureHash compare the file's {@code fnnc.architecture_hash} (if it has one) with the
 *                             spec's
 */
public record LoadOptions(boolean allowPrecisionChange, boolean checkArchitectureHash) {

    /** Strict: same precision, matching architecture hash. */
    public static final LoadOptions STRICT = new LoadOptions(false, true);

    /** These options, but converting between F32 and F64 as needed. */
    public LoadOptions withPrecisionChange() {
        return new LoadOptions(true, checkArchitectureHash);
    }
}
