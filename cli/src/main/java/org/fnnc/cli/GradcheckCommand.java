package org.fnnc.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fnnc.gradcheck.GradientCheck;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fnnc gradcheck}: generated gradients against the interpreter and against finite differences. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks the gradients of SPEC's network on a random batch: the generated network against"
                + " the reference interpreter (same parameters), and against central finite differences of the"
                + " loss on a double interpreter. Prints the worst relative errors by parameter name.",
                "Exits 1 if an error exceeds the tolerance of the precision."})
final class GradcheckCommand extends BaseCommand {

    /** Generated vs interpreter in float: both round every product to float, differences stay near 1e-6. */
    static final double FLOAT_COMPARE_TOLERANCE = 1e-3;
    /** Generated vs interpreter in double: the same sums in another order. */
    static final double DOUBLE_COMPARE_TOLERANCE = 1e-8;
    /** Float gradient vs double finite differences: float rounding (about 1e-7 per operation) accumulates. */
    static final double FLOAT_NUMERIC_TOLERANCE = 1e-2;

    /**
     * Smallest denominator of generated-vs-interpreter relative errors. In float, an entry that sums many
     * terms of either sign cancels to far below the terms: its float rounding is ~1e-7 of the terms, not of
     * the result (784-128-10: entries of 2e-7 next to 1e-3 disagreed by 1e-3 relative, with both sides
     * right). So float entries below 1e-3 of the largest gradient are judged against that scale, as the
     * generator's equivalence tests do; double keeps 1e-6.
     */
    private static double compareFloor(Network reference, double[] x, double[] t, boolean isFloat) {
        if (!isFloat) {
            return 1e-6;
        }
        Networks.lossAndGradients(reference, x, t, x.length / reference.spec().input());
        double max = 0;
        for (double g : reference.gradients().toArray()) {
            max = Math.max(max, Math.abs(g));
        }
        return Math.max(1e-6, 1e-3 * max);
    }

    @Parameters(index = "0", paramLabel = "SPEC", description = "The network spec (YAML).")
    Path specFile;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "4", description = "Samples in the random batch"
            + " (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the batch and the parameter subset (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--subset", paramLabel = "N", defaultValue = "2000",
            description = "Parameters checked against finite differences, chosen at random; 0: all"
                    + " (default: ${DEFAULT-VALUE}; each needs two forward passes).")
    int subset;

    @Option(names = "--worst", paramLabel = "K", defaultValue = "5",
            description = "Worst parameters listed per comparison (default: ${DEFAULT-VALUE}).")
    int worst;

    @Option(names = "--interpreted", description = "Check the interpreter itself (finite differences only).")
    boolean interpreted;

    @Override
    int execute() {
        if (batch < 1 || subset < 0 || worst < 1) {
            throw CliException.usage("--batch-size and --worst must be at least 1 and --subset at least 0");
        }
        NetworkSpec spec = loadSpec(specFile);
        Network network = network(spec, interpreted);
        double[] x = new double[batch * spec.input()];
        double[] t = new double[batch * spec.targetWidth()];
        randomBatch(spec, x, t, seed);
        boolean isFloat = spec.precision() == Precision.FLOAT;
        boolean ok = true;
        if (!interpreted) {
            Network reference = Interpreter.create(spec, network.parameters());
            GradientCheck.Report r = GradientCheck.compare(network, reference, x, t, batch,
                    GradientCheck.Options.DEFAULT.withWorst(worst).withFloor(compareFloor(reference, x, t, isFloat)));
            ok &= verdict("generated vs interpreter", r, isFloat ? FLOAT_COMPARE_TOLERANCE : DOUBLE_COMPARE_TOLERANCE);
        }
        GradientCheck.Options options = GradientCheck.Options.DEFAULT.withWorst(worst);
        if (subset > 0) {
            options = options.withSubset(subset, seed);
        }
        GradientCheck.Report numeric = GradientCheck.check(network, x, t, batch, options);
        ok &= verdict(kind(interpreted) + " vs finite differences", numeric,
                isFloat ? FLOAT_NUMERIC_TOLERANCE : GradientCheck.DOUBLE_TOLERANCE);
        out().println(ok ? "gradients agree" : "GRADIENT CHECK FAILED");
        return ok ? 0 : CliException.FAILURE;
    }

    private boolean verdict(String title, GradientCheck.Report r, double tolerance) {
        boolean pass = r.passes(tolerance);
        out().printf(Locale.ROOT, "== %s: %s (tolerance %.0e)%n", title, pass ? "pass" : "FAIL", tolerance);
        out().print(r.format());
        out().println();
        return pass;
    }

    /** Inputs uniform in [-1, 1]; targets a random class, random 0/1 (BCE) or uniform in [-1, 1] (MSE). */
    static void randomBatch(NetworkSpec spec, double[] x, double[] t, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble(-1, 1);
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = switch (spec.loss()) {
                case CROSS_ENTROPY -> rnd.nextInt(spec.outputSize());
                case BINARY_CROSS_ENTROPY -> rnd.nextInt(2);
                case MSE -> rnd.nextDouble(-1, 1);
            };
        }
    }
}
