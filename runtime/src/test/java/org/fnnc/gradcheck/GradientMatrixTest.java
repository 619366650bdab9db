package org.fnnc.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.network.SplitMix64;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.testsupport.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hidden activation x every allowed output activation and loss x depths 1-3 x batch sizes 1 and 5:
 * the double interpreter's analytic gradient against central finite differences.
 */
class GradientMatrixTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Loss loss : Loss.values()) {
            for (Activation output : Fixtures.outputsFor(loss)) {
                for (int depth = 1; depth <= 3; depth++) {
                    // Depth 1 has no hidden layer: one case instead of one per hidden activation.
                    List<Activation> hidden = depth == 1 ? List.of(Activation.LINEAR) : Fixtures.HIDDEN;
                    for (Activation h : hidden) {
                        for (int batch : new int[] {1, 5}) {
                            cases.add(Arguments.of(loss, output, h, depth, batch));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} hidden={2} depth={3} batch={4}")
    @MethodSource("cases")
    void analyticGradientMatchesFiniteDifferences(Loss loss, Activation output, Activation hidden, int depth,
            int batch) {
        int[] widths = new int[depth];
        for (int l = 0; l < depth; l++) {
            widths[l] = l == depth - 1 ? 3 : 5 - l;
        }
        long seed = 31L * loss.ordinal() + 7L * output.ordinal() + 3L * hidden.ordinal() + depth + 100L * batch;
        NetworkSpec spec = Fixtures.spec(4, widths, hidden, output, loss, Precision.DOUBLE, seed);
        Network net = Interpreter.create(spec);
        Fixtures.randomBiases(net.parameters(), seed + 1);
        SplitMix64 rng = new SplitMix64(seed + 2);
        double[] x = Fixtures.inputs(spec, net.parameters(), batch, rng);
        double[] t = Fixtures.targets(spec, batch, rng);

        GradientCheck.Report report = GradientCheck.check(net, x, t, batch);

        assertEquals(spec.parameterCount(), report.checked());
        assertTrue(report.passes(GradientCheck.DOUBLE_TOLERANCE), report::format);
    }
}
