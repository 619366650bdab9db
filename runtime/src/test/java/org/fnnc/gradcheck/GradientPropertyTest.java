package org.fnnc.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.testsupport.Fixtures;

/** Random valid specs (widths 1-32, depth 1-4, every activation/loss pairing) pass the gradient check. */
class GradientPropertyTest {

    @Property(tries = 60)
    void interpreterGradientsMatchFiniteDifferences(
            @ForAll @IntRange(min = 1, max = 32) int input,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 32) Integer> widths,
            @ForAll("hidden") List<Activation> hidden,
            @ForAll Loss loss,
            @ForAll @IntRange(min = 0, max = 4) int outputChoice,
            @ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll long seed) {
        int depth = widths.size();
        int[] units = widths.stream().mapToInt(Integer::intValue).toArray();
        Activation[] activations = new Activation[depth];
        for (int l = 0; l < depth - 1; l++) {
            activations[l] = hidden.get(l);
        }
        List<Activation> outputs = Fixtures.outputsFor(loss);
        activations[depth - 1] = outputs.get(outputChoice % outputs.size());
        if (activations[depth - 1] == Activation.SOFTMAX) {
            units[depth - 1] = Math.max(2, units[depth - 1]); // a softmax over one unit is refused
        }
        NetworkSpec spec = Fixtures.spec(input, units, activations, loss, Precision.DOUBLE, seed);
        Network net = Interpreter.create(spec);
        Fixtures.randomBiases(net.parameters(), seed + 1);
        SplitMix64 rng = new SplitMix64(seed + 2);
        double[] x = Fixtures.inputs(spec, net.parameters(), batch, rng);
        double[] t = Fixtures.targets(spec, batch, rng);

        // A seeded subset keeps the 4-layer, 32-wide cases fast; small networks are checked in full.
        GradientCheck.Report report = GradientCheck.check(net, x, t, batch,
                GradientCheck.Options.DEFAULT.withSubset(96, seed));

        assertTrue(report.passes(GradientCheck.DOUBLE_TOLERANCE), () -> spec + "\n" + report.format());
    }

    @Provide
    Arbitrary<List<Activation>> hidden() {
        return Arbitraries.of(Fixtures.HIDDEN).list().ofSize(3);
    }
}
