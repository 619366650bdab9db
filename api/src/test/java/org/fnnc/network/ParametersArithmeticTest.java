package org.fnnc.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/** {@link Parameters#add} and {@link Parameters#sum}, checked against the canonical arrays. */
class ParametersArithmeticTest {

    private static final ParameterLayout LAYOUT = ParameterLayout.of(NetworkSpec.builder("P").input(3)
            .layer(4, Activation.TANH).layer(2, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build());

    private static double[] values(double offset) {
        double[] v = new double[LAYOUT.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = offset + k * 0.25;
        }
        return v;
    }

    @Test
    void addIsElementwiseInCanonicalTerms() {
        for (Parameters[] pair : new Parameters[][] {
                {new FloatParameters(LAYOUT), new FloatParameters(LAYOUT)},
                {new DoubleParameters(LAYOUT), new DoubleParameters(LAYOUT)}}) {
            double[] a = values(1);
            double[] b = values(-3);
            pair[0].copyFrom(a);
            pair[1].copyFrom(b);
            pair[0].add(pair[1]);
            double[] expected = new double[a.length];
            double sum = 0;
            for (int k = 0; k < a.length; k++) {
                expected[k] = a[k] + b[k];
                sum += expected[k];
            }
            assertArrayEquals(expected, pair[0].toArray());
            assertEquals(sum, pair[0].sum(), 1e-9);
        }
    }

    @Test
    void addRefusesAnotherPrecision() {
        assertThrows(IllegalArgumentException.class,
                () -> new FloatParameters(LAYOUT).add(new DoubleParameters(LAYOUT)));
    }
}
