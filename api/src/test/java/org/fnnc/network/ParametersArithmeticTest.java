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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** Either order of the segments: the same results, and only the segments of the range. */
    @ParameterizedTest(name = "descending {0}")
    @ValueSource(booleans = {false, true})
    void scaleFiniteScalesAndFindsEveryNonFiniteElement(boolean descending) {
        for (Parameters p : new Parameters[] {new FloatParameters(LAYOUT), new DoubleParameters(LAYOUT)}) {
            boolean single = p instanceof FloatParameters;
            double[] a = values(-2);
            p.copyFrom(a);
            assertTrue(p.scaleFinite(0.1, 0, p.segmentCount(), descending));
            assertFalse(p.hasNonFinite());
            double[] scaled = p.toArray();
            for (int k = 0; k < a.length; k++) {
                // the values are exact in float; one rounding of the product in the parameters' precision
                double expected = single ? (float) a[k] * (float) 0.1 : a[k] * 0.1;
                assertEquals(expected, scaled[k], 0.0, "element " + k);
            }
            // segments 2 .. 4 of 9 (3 rows of W0, b0, 4 rows of W1, b1) and no others, halved (exact)
            p.copyFrom(a);
            double[][] before = segmentValues(p);
            assertTrue(p.scaleFinite(0.5, 2, 5, descending));
            double[][] after = segmentValues(p);
            for (int seg = 0; seg < before.length; seg++) {
                for (int k = 0; k < before[seg].length; k++) {
                    double expected = seg >= 2 && seg < 5 ? before[seg][k] * 0.5 : before[seg][k];
                    assertEquals(expected, after[seg][k], 0.0, "segment " + seg + " element " + k);
                }
            }
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                for (int k = 0; k < a.length; k++) {
                    p.copyFrom(a);
                    p.set(k, bad);
                    assertTrue(p.hasNonFinite(), bad + " at " + k);
                    assertFalse(p.scaleFinite(1.0, 0, p.segmentCount(), descending), bad + " at " + k);
                }
            }
            // a finite value that overflows when scaled
            p.copyFrom(a);
            p.set(3, single ? Float.MAX_VALUE : Double.MAX_VALUE);
            assertFalse(p.scaleFinite(4.0, 0, p.segmentCount(), descending));
        }
    }

    /** Each segment's values widened to double, for either precision. */
    private static double[][] segmentValues(Parameters p) {
        double[][] values = new double[p.segmentCount()][];
        for (int seg = 0; seg < values.length; seg++) {
            if (p instanceof FloatParameters f) {
                float[] row = f.segments()[seg];
                values[seg] = new double[row.length];
                for (int k = 0; k < row.length; k++) {
                    values[seg][k] = row[k];
                }
            } else {
                values[seg] = ((DoubleParameters) p).segments()[seg].clone();
            }
        }
        return values;
    }

    @ParameterizedTest(name = "descending {0}")
    @ValueSource(booleans = {false, true})
    void summationWritesThePartsScaledSumInOrderIntoEveryPartOfTheRange(boolean descending) {
        for (boolean single : new boolean[] {true, false}) {
            Parameters[] parts = new Parameters[3];
            double[][] values = new double[3][];
            for (int j = 0; j < 3; j++) {
                parts[j] = single ? new FloatParameters(LAYOUT) : new DoubleParameters(LAYOUT);
                values[j] = values(0.1 + j);
                parts[j].copyFrom(values[j]);
            }
            Parameters.Summation sum = Parameters.summation(parts);
            // segments 1 .. 3 only, of 9 (3 rows of W0, b0, 4 rows of W1, b1); the mean of the 3 parts
            assertTrue(sum.sumInto(1, 4, 1.0 / 3, descending));
            for (int j = 0; j < 3; j++) {
                float[][] fs = single ? ((FloatParameters) parts[j]).segments() : null;
                double[][] ds = single ? null : ((DoubleParameters) parts[j]).segments();
                Parameters fresh = single ? new FloatParameters(LAYOUT) : new DoubleParameters(LAYOUT);
                Parameters[] originals = new Parameters[3];
                for (int i = 0; i < 3; i++) {
                    originals[i] = single ? new FloatParameters(LAYOUT) : new DoubleParameters(LAYOUT);
                    originals[i].copyFrom(values[i]);
                }
                float[][][] of = new float[3][][];
                double[][][] od = new double[3][][];
                for (int i = 0; i < 3; i++) {
                    if (single) {
                        of[i] = ((FloatParameters) originals[i]).segments();
                    } else {
                        od[i] = ((DoubleParameters) originals[i]).segments();
                    }
                }
                int segments = fresh.segmentCount();
                for (int s = 0; s < segments; s++) {
                    int len = single ? fs[s].length : ds[s].length;
                    for (int k = 0; k < len; k++) {
                        double expected;
                        if (s < 1 || s >= 4) {
                            expected = single ? of[j][s][k] : od[j][s][k];
                        } else if (single) {
                            expected = ((of[0][s][k] + of[1][s][k]) + of[2][s][k]) * (float) (1.0 / 3);
                        } else {
                            expected = ((od[0][s][k] + od[1][s][k]) + od[2][s][k]) * (1.0 / 3);
                        }
                        double actual = single ? fs[s][k] : ds[s][k];
                        assertEquals(expected, actual, 0.0, "part " + j + " segment " + s + " element " + k);
                    }
                }
            }
            parts[2].set(0, Double.NaN); // segment 0: outside the next range, inside the one after
            assertTrue(sum.sumInto(1, 2, 1.0, descending));
            assertFalse(sum.sumInto(0, 1, 1.0, descending));
            for (double factor : new double[] {0.5, 4.0}) { // a finite sum whose scaled value overflows at 4
                for (int j = 0; j < 3; j++) {
                    parts[j].copyFrom(values[j]);
                }
                parts[2].set(0, single ? Float.MAX_VALUE : Double.MAX_VALUE); // W0[0][0]: segment 0
                assertEquals(factor < 1, sum.sumInto(0, 1, factor, descending), "factor " + factor);
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> Parameters.summation(new FloatParameters(LAYOUT), new DoubleParameters(LAYOUT)));
    }

    /** Same precision copies segment by segment; across precisions through canonical order, rounded once. */
    @Test
    void copyFromParametersOfEitherPrecisionAndAnEqualLayoutObject() {
        ParameterLayout twin = ParameterLayout.of(NetworkSpec.builder("P").input(3)
                .layer(4, Activation.TANH).layer(2, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build());
        double[] a = values(-1.3);
        for (int k = 0; k < a.length; k++) {
            a[k] = a[k] / 3; // not exact in float
        }
        Parameters[] sources = {new FloatParameters(LAYOUT), new DoubleParameters(LAYOUT)};
        for (Parameters src : sources) {
            src.copyFrom(a);
            for (Parameters dst : new Parameters[] {new FloatParameters(twin), new DoubleParameters(twin)}) {
                dst.copyFrom(src);
                double[] got = dst.toArray();
                double[] from = src.toArray();
                for (int k = 0; k < a.length; k++) {
                    double expected = dst instanceof FloatParameters ? (float) from[k] : from[k];
                    assertEquals(expected, got[k], 0.0, src.precision() + " -> " + dst.precision() + " at " + k);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new FloatParameters(LAYOUT).copyFrom(
                new FloatParameters(ParameterLayout.of(NetworkSpec.builder("Q").input(4).layer(3, Activation.TANH)
                        .loss(Loss.MSE).build()))));
    }

    @Test
    void addRefusesAnotherPrecision() {
        assertThrows(IllegalArgumentException.class,
                () -> new FloatParameters(LAYOUT).add(new DoubleParameters(LAYOUT)));
    }
}
