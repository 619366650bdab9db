package org.fnnc.generator.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every decision about one dense layer's code, made by the {@link Planner}: the emitters only carry it out.
 *
 * @param layer               layer index
 * @param in                  fan-in
 * @param out                 units
 * @param family              how the layer computes a block of samples
 * @param reason              why the planner chose the family (printed with the plan)
 * @param unitsPerPart        {@link KernelFamily#STRAIGHT_LINE} only: units computed by one forward method (the
 *                            forward pass is split into {@code ceil(out / unitsPerPart)} methods, each under
 *                            the bytecode budget); 0 otherwise
 * @param rowsPerPart         straight-line only: input rows handled by one weight-gradient or input-gradient
 *                            method; 0 otherwise
 * @param scalarTile          scalar and vector loops: the scalar kernels' register tile, weight (or gradient)
 *                            rows x samples per pass; null for straight-line code and the kernel library (whose
 *                            tiles the library chooses when it loads, from the JVM's vector width)
 * @param vectorTile          {@link KernelFamily#VECTOR_LOOPS} only: the Vector API kernels' register tile,
 *                            samples (or gradient rows) x vectors of outputs per pass; null otherwise
 * @param vectorMinSamples    vector loops only: blocks of fewer samples run the scalar kernels alone; 0 otherwise
 * @param transposeMinSamples scalar and vector loops with an input gradient (not the first layer): blocks of at least this
 *                            many samples form it from a transposed copy of the weights ({@code wt<l>}), smaller
 *                            ones from dot products; 0 when there is no transposed copy
 */
public record LayerPlan(int layer, int in, int out, KernelFamily family, String reason, int unitsPerPart,
                        int rowsPerPart, Tile scalarTile, Tile vectorTile, int vectorMinSamples,
                        int transposeMinSamples) {

    public LayerPlan {
        boolean straight = family == KernelFamily.STRAIGHT_LINE;
        boolean generatedLoops = family == KernelFamily.SCALAR_LOOPS || family == KernelFamily.VECTOR_LOOPS;
        if (straight != (unitsPerPart > 0 && rowsPerPart > 0) || generatedLoops != (scalarTile != null)
                || (family == KernelFamily.VECTOR_LOOPS) != (vectorTile != null && vectorMinSamples > 0)
                || (transposeMinSamples > 0 && (!generatedLoops || layer == 0))) {
            throw new IllegalArgumentException("inconsistent plan for layers." + layer + ": " + family);
        }
    }

    /** Multiply-adds of the forward pass (the weight gradient and input gradient have as many each). */
    public long macs() {
        return (long) in * out;
    }

    /** Number of forward methods of straight-line code (1 for loops). */
    public int forwardParts() {
        return family == KernelFamily.STRAIGHT_LINE ? ceilDiv(out, unitsPerPart) : 1;
    }

    /** Number of weight-gradient (and of input-gradient) methods of straight-line code (1 for loops). */
    public int backwardParts() {
        return family == KernelFamily.STRAIGHT_LINE ? ceilDiv(in, rowsPerPart) : 1;
    }

    /** Whether the layer keeps a transposed copy of its weights for the input gradient. */
    public boolean transposedCopy() {
        return transposeMinSamples > 0;
    }

    /**
     * The plan as text: a first line like {@code layers.0  128 x 784  100352 MACs  scalar loops (above threshold
     * 128)}, then, for loop layers, indented lines with the tiles and the batch-size dispatch.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        String parts = family == KernelFamily.STRAIGHT_LINE && (forwardParts() > 1 || backwardParts() > 1)
                ? ", " + forwardParts() + " forward and " + backwardParts() + "+" + backwardParts() + " backward methods"
                : "";
        lines.add(String.format(Locale.ROOT, "layers.%d  %d x %d  %d MACs  %s (%s%s)", layer, out, in, macs(),
                family.label(), reason, parts));
        if (family == KernelFamily.LIBRARY_LOOPS) {
            lines.add("  org.fnnc.kernels calls on flat [block x " + out + "] matrices; Vector API or scalar tiles"
                    + " chosen when the library loads");
        } else if (vectorTile != null) {
            lines.add(String.format(Locale.ROOT, "  vector tile %d samples x %d vectors for blocks of %d+ samples;"
                    + " scalar tile %d rows x %d samples (smaller blocks, last columns)", vectorTile.rows(),
                    vectorTile.columns(), vectorMinSamples, scalarTile.rows(), scalarTile.columns()));
        } else if (scalarTile != null) {
            lines.add(String.format(Locale.ROOT, "  scalar tile %d rows x %d samples", scalarTile.rows(),
                    scalarTile.columns()));
        }
        if (transposedCopy()) {
            lines.add(String.format(Locale.ROOT, "  input gradient: transposed copy wt%d for blocks of %d+ samples,"
                    + " dot products below", layer, transposeMinSamples));
        }
        return lines;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
