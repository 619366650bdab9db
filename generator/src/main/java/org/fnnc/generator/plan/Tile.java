package org.fnnc.generator.plan;

/**
 * A register tile of a loop kernel: the accumulators one pass keeps in registers.
 *
 * @param rows    weight rows (forward, input gradient) or gradient rows (weight gradient) per pass of the
 *                scalar kernels; samples per pass of the vector kernels
 * @param columns samples per pass of the scalar kernels; vectors of outputs per pass of the vector kernels
 */
public record Tile(int rows, int columns) {

    public Tile {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("tile " + rows + " x " + columns);
        }
    }

    /** Multiply-adds per pass. */
    public int size() {
        return rows * columns;
    }
}
