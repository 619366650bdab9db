package org.fnnc.generator.plan;

import java.util.ArrayList;
import java.util.List;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.UnrollMode;

/**
 * Where a spec becomes a plan: decides, once, everything the emitters then carry out.
 *
 * <p><b>Straight-line code or loops</b> per layer. {@code auto}: a layer whose forward pass has at most
 * {@code unroll.threshold} multiply-adds is written out as straight-line code, every other layer loops
 * (docs/unrolling.md has the measurements behind the default). {@code full} forces straight-line code and is
 * a spec error when it cannot be done within the JVM's limits; {@code loops} forces loops. Straight-line code
 * is split into methods that stay under {@link BytecodeBudget#METHOD_BUDGET}.
 *
 * <p><b>Kernel family, tiles and batch-size dispatch</b> of loop layers, from the spec's {@code kernels}
 * ({@code auto}: the kernel library; {@code scalar}, {@code vector_api}: loops written into the class); the
 * block size; and whether training runs on sample lanes. The constants below are the measured choices.
 */
public final class Planner {

    /** Samples per block: the scratch holds one block per layer. */
    public static final int BLOCK_SAMPLES = 16;

    /**
     * Samples per block of a network with kernel-library layers: the library's register tiles (6 samples), its
     * packed weight panels (worth packing from 48 samples on) and its weight-gradient tiles (which read and write
     * the gradient once per block) all gain from more samples per call; see docs/kernels.md for the measurements.
     * 128 rather than 64 (Zen 5 family 26 model 2, JDK 17, float, quick harness): 784-512-512-10 training at
     * batch 128 35.5k -> 44.9k samples/s and inference 104k -> 118k, as a 784 -> 512 forward product runs at 161
     * GFLOP/s over 64 samples and 167-181 over 128, and the gradient of a 1.6 MB weight matrix is written once per
     * step instead of twice; 784-128-10 and 784-256-128-10 unchanged within noise.
     */
    public static final int LIBRARY_BLOCK_SAMPLES = 128;

    /**
     * Scalar kernels: 4 weight (or gradient) rows x 2 samples per pass. Measured (784-128-10, float, JDK 17):
     * 8 multiply-adds per loop iteration is the most C2 still unrolls and vectorises with its default
     * LoopUnrollLimit; 4 x 4 (16) stayed scalar and ran 4x slower, while 8 x 1 and 2 x 4 were slower than 4 x 2.
     */
    public static final Tile SCALAR_TILE = new Tile(4, 2);

    /**
     * Vector API kernels: 4 samples (or gradient rows) x 2 vectors of outputs in registers for the whole sum;
     * each step loads 2 row vectors and broadcasts 4 coefficients for 8 fused multiply-adds (65-84 GFLOP/s on
     * a Zen 4 core whose peak was 83, 784x128, float, batch 32). Its gradient rows must match the scalar
     * tile's rows: the weight-gradient kernel runs inside the scalar kernel's loop over blocks of rows.
     */
    public static final Tile VECTOR_TILE = new Tile(4, 2);

    /**
     * Blocks of fewer samples than this take the scalar kernels alone: batch-1 training ran at 26.4k samples/s
     * scalar against 18.4k with the vector kernels (784-128-10, float).
     */
    public static final int VECTOR_MIN_SAMPLES = 4;

    /**
     * Blocks of at least this many samples compute a loop layer's input gradient from a transposed copy of the
     * weights (vectorised axpys); smaller ones use dot products, which cost less than the transpose.
     */
    public static final int TRANSPOSE_MIN_SAMPLES = 4;

    private Planner() {
    }

    /** The plan for the spec; throws a positioned {@link SpecException} for impossible {@code full} requests. */
    public static NetworkPlan plan(NetworkSpec spec) {
        List<LayerPlan> layers = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        long unrolledMacs = 0;
        for (int l = 0; l < spec.depth(); l++) {
            LayerSpec layer = spec.layer(l);
            int in = spec.inputsOf(l);
            int out = layer.units();
            long macs = (long) in * out;
            boolean layerOverride = layer.unroll() != UnrollMode.AUTO;
            UnrollMode mode = layerOverride ? layer.unroll() : spec.unroll().mode();
            String where = layerOverride ? "layers[" + l + "].unroll" : "unroll";
            StraightLineSplit split = StraightLineSplit.of(in, out);
            long passMacs = 3 * macs;
            switch (mode) {
                case LOOPS:
                    layers.add(loops(spec, l, in, out, "requested"));
                    break;
                case FULL: {
                    String why = split == null ? whyNotStraight(in, out)
                            : unrolledMacs + passMacs > BytecodeBudget.MAX_UNROLLED_MACS_PER_CLASS
                                    ? "fully unrolling it would bring the class to " + (unrolledMacs + passMacs)
                                    + " straight-line multiply-adds (forward and backward), more than the "
                                    + BytecodeBudget.MAX_UNROLLED_MACS_PER_CLASS + " one class may hold"
                                    : null;
                    if (why != null) {
                        problems.add(spec.origin().diagnostic(where, "layer " + l + " (" + out + " x " + in
                                + ") cannot be fully unrolled: " + why, "use 'unroll: loops' or 'auto' for this layer"));
                        layers.add(loops(spec, l, in, out, "full impossible"));
                    } else {
                        unrolledMacs += passMacs;
                        layers.add(straight(l, in, out, "requested", split));
                    }
                    break;
                }
                case AUTO: {
                    int threshold = spec.unroll().threshold();
                    if (macs > threshold) {
                        layers.add(loops(spec, l, in, out, "above threshold " + threshold));
                    } else if (split == null || unrolledMacs + passMacs > BytecodeBudget.MAX_UNROLLED_MACS_PER_CLASS) {
                        layers.add(loops(spec, l, in, out, "too large to unroll"));
                    } else {
                        unrolledMacs += passMacs;
                        layers.add(straight(l, in, out, "at most threshold " + threshold, split));
                    }
                    break;
                }
                default:
                    throw new AssertionError(mode);
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        boolean allStraight = layers.stream().allMatch(p -> p.family() == KernelFamily.STRAIGHT_LINE);
        boolean lanes = spec.kernels() == Kernels.VECTOR_API && allStraight;
        String lanesReason = spec.kernels() != Kernels.VECTOR_API ? "kernels: " + spec.kernels().yamlName()
                : allStraight ? "kernels: vector_api, every layer straight-line" : "loop layers run vector loops";
        boolean library = layers.stream().anyMatch(p -> p.family() == KernelFamily.LIBRARY_LOOPS);
        return new NetworkPlan(spec.kernels(), library ? LIBRARY_BLOCK_SAMPLES : BLOCK_SAMPLES, layers, lanes,
                lanesReason);
    }

    private static LayerPlan loops(NetworkSpec spec, int l, int in, int out, String reason) {
        int transpose = l > 0 ? TRANSPOSE_MIN_SAMPLES : 0;
        if (spec.kernels() == Kernels.AUTO) {
            // Softmax, the one activation that is not element-wise, is only allowed on the output layer (SpecRules),
            // whose activation the loss applies: the library's fused epilogues serve every loop layer.
            return new LayerPlan(l, in, out, KernelFamily.LIBRARY_LOOPS, reason, 0, 0, null, null, 0, 0);
        }
        if (spec.kernels() == Kernels.VECTOR_API) {
            return new LayerPlan(l, in, out, KernelFamily.VECTOR_LOOPS, reason, 0, 0, SCALAR_TILE, VECTOR_TILE,
                    VECTOR_MIN_SAMPLES, transpose);
        }
        return new LayerPlan(l, in, out, KernelFamily.SCALAR_LOOPS, reason, 0, 0, SCALAR_TILE, null, 0, transpose);
    }

    private static LayerPlan straight(int l, int in, int out, String reason, StraightLineSplit split) {
        return new LayerPlan(l, in, out, KernelFamily.STRAIGHT_LINE, reason, split.unitsPerPart, split.rowsPerPart,
                null, null, 0, 0);
    }

    private static String whyNotStraight(int in, int out) {
        return "one unit's sum has " + in + " terms and one gradient row " + out + "; a method that the JIT compiles ("
                + BytecodeBudget.METHOD_BUDGET + " bytecode bytes) holds at most "
                + maxTerms() + " straight-line multiply-adds";
    }

    private static int maxTerms() {
        int terms = 1;
        while (BytecodeBudget.linesPerMethod(terms + 1, 2 * (terms + 1)) >= 1) {
            terms++;
        }
        return terms;
    }

    /** How a straight-line layer is split into methods; null if even one unit or row does not fit. */
    private record StraightLineSplit(int unitsPerPart, int rowsPerPart) {
        static StraightLineSplit of(int in, int out) {
            // Forward: each method loads the inputs and weight rows into locals, then one line per unit.
            int units = BytecodeBudget.linesPerMethod(in, 2 * in);
            // Backward: each method loads the deltas into locals, then one line per input row.
            int rows = BytecodeBudget.linesPerMethod(out, out);
            if (units < 1 || rows < 1) {
                return null;
            }
            return new StraightLineSplit(Math.min(units, out), Math.min(rows, in));
        }
    }
}
