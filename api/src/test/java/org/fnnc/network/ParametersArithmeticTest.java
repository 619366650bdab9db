package org.fnnc.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/** {@link Parameters#add} and {@link Parameters#scaleFinite}, checked against the canonical arrays. */
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
            for (int k = 0; k < a.length; k++) {
                expected[k] = a[k] + b[k];
            }
            assertArrayEquals(expected, pair[0].toArray());
        }
    }

    @Test
    void scaleFiniteScalesAndFindsEveryNonFiniteElement() {
        for (Parameters p : new Parameters[] {new FloatParameters(LAYOUT), new DoubleParameters(LAYOUT)}) {
            boolean single = p instanceof FloatParameters;
            double[] a = values(-2);
            p.copyFrom(a);
            assertTrue(p.scaleFinite(0.1, 0, p.segmentCount()));
            assertFalse(p.hasNonFinite());
            double[] scaled = p.toArray();
            for (int k = 0; k < a.length; k++) {
                // the values are exact in float; one rounding of the product in the parameters' precision
                double expected = single ? (float) a[k] * (float) 0.1 : a[k] * 0.1;
                assertEquals(expected, scaled[k], 0.0, "element " + k);
            }
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                for (int k = 0; k < a.length; k++) {
                    p.copyFrom(a);
                    p.set(k, bad);
                    assertTrue(p.hasNonFinite(), bad + " at " + k);
                    assertFalse(p.scaleFinite(1.0, 0, p.segmentCount()), bad + " at " + k);
                }
            }
            // a finite value that overflows when scaled
            p.copyFrom(a);
            p.set(3, single ? Float.MAX_VALUE : Double.MAX_VALUE);
            assertFalse(p.scaleFinite(4.0, 0, p.segmentCount()));
        }
    }

    @Test
    void addRefusesAnotherPrecision() {
        assertThrows(IllegalArgumentException.class,
                () -> new FloatParameters(LAYOUT).add(new DoubleParameters(LAYOUT)));
    }
}
