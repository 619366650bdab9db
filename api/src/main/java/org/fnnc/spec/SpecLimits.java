package org.fnnc.spec;

/**
 * Caps that keep a spec from asking for absurd amounts of memory, code or time. All are checked before
 * anything is allocated; all are configurable (a user with a 10 GB network raises {@code maxParameters}).
 *
 * @param maxSpecBytes   largest spec source accepted, in bytes
 * @param maxLayers      most layers
 * @param maxUnits       most units in any one layer (and largest input size)
 * @param maxParameters  most trainable parameters (weights + biases) in the whole network
 * @param maxNameLength  longest class or package name
 */
public record SpecLimits(long maxSpecBytes, int maxLayers, int maxUnits, long maxParameters, int maxNameLength) {

    public static final SpecLimits DEFAULT = new SpecLimits(1L << 20, 1000, 1 << 20, 100_000_000L, 200);

    public SpecLimits {
        if (maxSpecBytes <= 0 || maxLayers <= 0 || maxUnits <= 0 || maxParameters <= 0 || maxNameLength <= 0) {
            throw new IllegalArgumentException("every limit must be positive");
        }
    }

    public SpecLimits withMaxParameters(long max) {
        return new SpecLimits(maxSpecBytes, maxLayers, maxUnits, max, maxNameLength);
    }

    public SpecLimits withMaxLayers(int max) {
        return new SpecLimits(maxSpecBytes, max, maxUnits, maxParameters, maxNameLength);
    }

    public SpecLimits withMaxUnits(int max) {
        return new SpecLimits(maxSpecBytes, maxLayers, max, maxParameters, maxNameLength);
    }

    public SpecLimits withMaxSpecBytes(long max) {
        return new SpecLimits(max, maxLayers, maxUnits, maxParameters, maxNameLength);
    }

    public SpecLimits withMaxNameLength(int max) {
        return new SpecLimits(maxSpecBytes, maxLayers, maxUnits, maxParameters, max);
    }
}
