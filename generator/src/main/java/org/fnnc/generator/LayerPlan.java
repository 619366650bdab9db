package org.fnnc.generator;

/**
 * How the generator lays out one dense layer's code.
 *
 * @param layer        layer index
 * @param in           fan-in
 * @param out          units
 * @param strategy     straight-line code or loops
 * @param reason       why the planner chose it (printed in the generated header)
 * @param unitsPerPart FULL only: units computed by one forward method (the forward pass is split into
 *                     {@code ceil(out / unitsPerPart)} methods so each stays under the bytecode budget)
 * @param rowsPerPart  FULL only: input rows handled by one weight-gradient or input-gradient method
 */
public record LayerPlan(int layer, int in, int out, Strategy strategy, String reason, int unitsPerPart, int rowsPerPart) {

    /** The two code shapes. */
    public enum Strategy {
        /** Straight-line multiply-adds, inputs and weight rows in locals. */
        FULL,
        /** Constant-bound axpy loops over input-major weight rows, shaped for C2's vectoriser. */
        LOOPS
    }

    /** Multiply-adds of the forward pass (the weight gradient and input gradient have as many each). */
    public long macs() {
        return (long) in * out;
    }

    /** Number of forward methods (1 for loops). */
    public int forwardParts() {
        return strategy == Strategy.FULL ? ceilDiv(out, unitsPerPart) : 1;
    }

    /** Number of weight-gradient (and of input-gradient) methods (1 for loops). */
    public int backwardParts() {
        return strategy == Strategy.FULL ? ceilDiv(in, rowsPerPart) : 1;
    }

    /** One line for the generated header, e.g. {@code layers.0  784 x 128   100352 MACs  loops (above threshold 256)}. */
    public String describe() {
        String parts = strategy == Strategy.FULL && (forwardParts() > 1 || backwardParts() > 1)
                ? ", " + forwardParts() + " forward and " + backwardParts() + "+" + backwardParts() + " backward methods"
                : "";
        return String.format("layers.%d  %d x %d  %d MACs  %s (%s%s)", layer, out, in, macs(),
                strategy.name().toLowerCase(java.util.Locale.ROOT), reason, parts);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
