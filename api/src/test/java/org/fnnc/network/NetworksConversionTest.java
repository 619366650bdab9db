package org.fnnc.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The bridge's conversions: to float rounds to nearest (ties to even) as IEEE 754 does; to double is exact. */
class NetworksConversionTest {

    @Test
    void toFloatRoundsToNearestEven() {
        double one = 1.0;
        double halfUlp = Math.scalb(1.0, -24); // half of float's ulp at 1
        double[] values = {0.1, one + halfUlp, one + 3 * halfUlp, 1e39, -1e39, 1e-50, -0.0, Double.NaN,
                Math.scalb(1.0, -149) * 0.75};
        float[] expected = {0.1f, 1.0f, 1.0f + 2 * Math.ulp(1.0f), Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 0.0f, -0.0f, Float.NaN, Float.MIN_VALUE};
        float[] actual = Networks.toFloat(values);
        assertEquals(expected.length, actual.length);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(Float.floatToRawIntBits(expected[k]), Float.floatToRawIntBits(actual[k]),
                    values[k] + " -> " + actual[k]);
        }
    }

    @Test
    void toDoubleIsExact() {
        float[] values = {0.1f, Float.MIN_VALUE, Float.MAX_VALUE, -0.0f, 16_777_217f};
        double[] expected = {0.100000001490116119384765625, Math.scalb(1.0, -149), 0x1.fffffep127, -0.0, 16_777_216.0};
        double[] actual = Networks.toDouble(values);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]),
                    values[k] + " -> " + actual[k]);
        }
    }

    @Test
    void boundedConversionsTouchOnlyTheFirstValues() {
        float[] f = {9f, 9f, 9f};
        Networks.toFloat(new double[] {1.5, 2.5, 3.5}, f, 2);
        assertArrayEquals(new float[] {1.5f, 2.5f, 9f}, f);
        double[] d = {9, 9, 9};
        Networks.toDouble(new float[] {1.5f, 2.5f, 3.5f}, d, 1);
        assertArrayEquals(new double[] {1.5, 9, 9}, d);
    }
}
