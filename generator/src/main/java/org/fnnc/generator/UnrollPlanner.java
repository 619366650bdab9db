package org.fnnc.generator;

import java.util.ArrayList;
import java.util.List;
import org.fnnc.generator.LayerPlan.Strategy;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.UnrollMode;

/**
 * Chooses, per layer, between straight-line code and loops, and splits straight-line code into methods
 * that stay under {@link BytecodeBudget#METHOD_BUDGET}.
 *
 * <p>{@code auto}: a layer whose forward pass has at most {@code unroll.threshold} multiply-adds is
 * unrolled, every other layer uses loops (docs/unrolling.md has the measurements behind the default of
 * 256). {@code full} on a layer (or the whole network) forces straight-line code and is a spec error when it
 * cannot be done within the JVM's limits; {@code loops} forces loops.
 */
public final class UnrollPlanner {

    private UnrollPlanner() {
    }

    /** The plan for the spec; throws a positioned {@link SpecException} for impossible {@code full} requests. */
    public static UnrollPlan plan(NetworkSpec spec) {
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
            FullSplit split = FullSplit.of(in, out);
            long passMacs = 3 * macs;
            switch (mode) {
                case LOOPS:
                    layers.add(loops(l, in, out, "requested"));
                    break;
                case FULL: {
                    String why = split == null ? whyNotFull(in, out)
                            : unrolledMacs + passMacs > BytecodeBudget.MAX_UNROLLED_MACS_PER_CLASS
                                    ? "fully unrolling it would bring the class to " + (unrolledMacs + passMacs)
                                    + " straight-line multiply-adds (forward and backward), more than the "
                                    + BytecodeBudget.MAX_UNROLLED_MACS_PER_CLASS + " one class may hold"
                                    : null;
                    if (why != null) {
                        problems.add(spec.origin().diagnostic(where, "layer " + l + " (" + out + " x " + in
                                + ") cannot be fully unrolled: " + why, "use 'unroll: loops' or 'auto' for this layer"));
                        layers.add(loops(l, in, out, "full impossible"));
                    } else {
                        unrolledMacs += passMacs;
                        layers.add(full(l, in, out, "requested", split));
                    }
                    break;
                }
                case AUTO: {
                    int threshold = spec.unroll().threshold();
                    if (macs > threshold) {
                        layers.add(loops(l, in, out, "above threshold " + threshold));
                    } else if (split == null || unrolledMacs + passMacs > BytecodeBudget.MAX_UNROLLED_MACS_PER_CLASS) {
                        layers.add(loops(l, in, out, "too large to unroll"));
                    } else {
                        unrolledMacs += passMacs;
                        layers.add(full(l, in, out, "at most threshold " + threshold, split));
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
        return new UnrollPlan(layers);
    }

    private static LayerPlan loops(int l, int in, int out, String reason) {
        return new LayerPlan(l, in, out, Strategy.LOOPS, reason, 0, 0);
    }

    private static LayerPlan full(int l, int in, int out, String reason, FullSplit split) {
        return new LayerPlan(l, in, out, Strategy.FULL, reason, split.unitsPerPart, split.rowsPerPart);
    }

    private static String whyNotFull(int in, int out) {
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

    /** How a fully unrolled layer is split into methods; null if even one unit or row does not fit. */
    private record FullSplit(int unitsPerPart, int rowsPerPart) {
        static FullSplit of(int in, int out) {
            // Forward: each method loads the inputs and weight rows into locals, then one line per unit.
            int units = BytecodeBudget.linesPerMethod(in, 2 * in);
            // Backward: each method loads the deltas into locals, then one line per input row.
            int rows = BytecodeBudget.linesPerMethod(out, out);
            if (units < 1 || rows < 1) {
                return null;
            }
            return new FullSplit(Math.min(units, out), Math.min(rows, in));
        }
    }
}
