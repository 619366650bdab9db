package org.fnnc.train;

import org.fnnc.network.ParameterLayout;
import org.fnnc.network.ParameterTensor;

/**
 * Where each storage segment of {@link org.fnnc.network.FloatParameters#segments()} (the same for double)
 * sits in the canonical layout: per layer {@code l}, {@code fanIn(l)} weight rows of length {@code units(l)}
 * (row {@code i} holds canonical {@code W[*][i]}), then the bias. Converts per-segment optimizer state to
 * and from canonical tensors.
 */
final class SegmentMap {

    private final ParameterLayout layout;
    private final int[] firstSegment;
    private final int[] lengths;

    SegmentMap(ParameterLayout layout) {
        this.layout = layout;
        int depth = layout.depth();
        this.firstSegment = new int[depth];
        int count = 0;
        for (int l = 0; l < depth; l++) {
            firstSegment[l] = count;
            count += layout.fanIn(l) + 1;
        }
        this.lengths = new int[count];
        for (int l = 0; l < depth; l++) {
            for (int s = firstSegment[l]; s <= firstSegment[l] + layout.fanIn(l); s++) {
                lengths[s] = layout.units(l);
            }
        }
    }

    ParameterLayout layout() {
        return layout;
    }

    int count() {
        return lengths.length;
    }

    /**
     * Cuts the segments into {@code parts} contiguous ranges of about equal element counts (not segment
     * counts: a layer's weight rows and its bias differ in length only by the row count): part {@code k} is
     * segments {@code bounds[k] .. bounds[k+1]-1}. A part may be empty when there are fewer segments than parts.
     */
    int[] split(int parts) {
        long total = layout.size();
        int[] bounds = new int[parts + 1];
        int s = 0;
        long before = 0; // elements in segments 0 .. s-1
        for (int k = 1; k < parts; k++) {
            double target = (double) total * k / parts;
            // take segment s while that brings the cut closer to the target
            while (s < lengths.length && Math.abs(before + lengths[s] - target) <= Math.abs(before - target)) {
                before += lengths[s++];
            }
            bounds[k] = s;
        }
        bounds[parts] = lengths.length;
        return bounds;
    }

    /** The length of segment {@code s}. */
    int length(int s) {
        return lengths[s];
    }

    /** Zero-filled arrays shaped like the segments. */
    double[][] allocate() {
        double[][] a = new double[lengths.length][];
        for (int s = 0; s < lengths.length; s++) {
            a[s] = new double[lengths[s]];
        }
        return a;
    }

    /** Tensor {@code t} of per-segment values, in canonical order ({@code [out][in]} for a weight). */
    double[] toCanonical(double[][] segments, ParameterTensor t) {
        double[] out = new double[t.size()];
        int first = firstSegment[t.layer()];
        if (t.weight()) {
            for (int i = 0; i < t.in(); i++) {
                double[] row = segments[first + i];
                for (int o = 0; o < t.out(); o++) {
                    out[o * t.in() + i] = row[o];
                }
            }
        } else {
            System.arraycopy(segments[first + layout.fanIn(t.layer())], 0, out, 0, t.out());
        }
        return out;
    }

    /** The inverse of {@link #toCanonical}: writes canonical tensor values into the segments. */
    void fromCanonical(double[] values, ParameterTensor t, double[][] segments) {
        int first = firstSegment[t.layer()];
        if (t.weight()) {
            for (int i = 0; i < t.in(); i++) {
                double[] row = segments[first + i];
                for (int o = 0; o < t.out(); o++) {
                    row[o] = values[o * t.in() + i];
                }
            }
        } else {
            System.arraycopy(values, 0, segments[first + layout.fanIn(t.layer())], 0, t.out());
        }
    }
}
