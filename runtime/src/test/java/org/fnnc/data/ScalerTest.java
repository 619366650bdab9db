package org.fnnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalerTest {

    // Columns: (1, 3, 5) varying, (7, 7, 7) constant.
    private static final Dataset TRAIN = Dataset.regression("train", new float[] {1, 7, 3, 7, 5, 7}, 2,
            new float[] {0, 0, 0}, 1);
    private static final Dataset OTHER = Dataset.regression("other", new float[] {9, 8}, 2, new float[] {0}, 1);

    @Test
    void minMaxUsesTrainingStatisticsAndHandlesConstantColumns() {
        Scaler s = Scaler.fit(Scaler.Kind.MIN_MAX, TRAIN);
        assertArrayEquals(new float[] {0, 0, 0.5f, 0, 1, 0}, s.apply(TRAIN).features());
        // other data uses the training min 1 and range 4: (9 - 1) / 4 = 2; constant column: 8 - 7 = 1
        assertArrayEquals(new float[] {2, 1}, s.apply(OTHER).features());
        assertArrayEquals(new float[] {1, 7, 3, 7, 5, 7}, TRAIN.features(), "the input data is not modified");
    }

    @Test
    void standardizeGivesZeroMeanUnitVariance() {
        Scaler s = Scaler.fit(Scaler.Kind.STANDARDIZE, TRAIN);
        // mean 3, population std sqrt(8/3)
        double std = Math.sqrt(8.0 / 3);
        float[] x = s.apply(TRAIN).features();
        assertEquals(-2 / std, x[0], 1e-6);
        assertEquals(0, x[2], 1e-6);
        assertEquals(2 / std, x[4], 1e-6);
        assertEquals(0, x[1], 0);
        double[] d = {9, 8};
        s.transform(d);
        assertEquals(6 / std, d[0], 1e-12);
        assertEquals(1, d[1], 0);
        for (float v : x) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void noneIsTheIdentity() {
        Scaler s = Scaler.fit(Scaler.Kind.NONE, TRAIN);
        assertSame(TRAIN, s.apply(TRAIN));
    }

    @Test
    void metadataRoundTripIsExact() {
        Dataset odd = Dataset.regression("odd", new float[] {0.1f, 1e-7f, 0.3f, 2e-7f, 0.7f, 5e-7f}, 2,
                new float[3], 1);
        Scaler s = Scaler.fit(Scaler.Kind.STANDARDIZE, odd);
        Map<String, String> m = s.toMetadata();
        Scaler back = Scaler.fromMetadata(m, "w.safetensors").orElseThrow();
        assertEquals(Scaler.Kind.STANDARDIZE, back.kind());
        assertArrayEquals(s.shift(), back.shift());
        assertArrayEquals(s.scale(), back.scale());
        assertTrue(Scaler.fromMetadata(Map.of(), "w").isEmpty());
        Map<String, String> unknown = new HashMap<>(m);
        unknown.put("fnnc.scaler.kind", "robust");
        assertEquals("w: error: fnnc.scaler.kind: unknown scaling 'robust' (expected one of none, min_max, standardize)",
                assertThrows(DataFormatException.class, () -> Scaler.fromMetadata(unknown, "w")).getMessage());

        Map<String, String> bad = new HashMap<>(m);
        bad.put("fnnc.scaler.scale", "1,0");
        DataFormatException e = assertThrows(DataFormatException.class, () -> Scaler.fromMetadata(bad, "w"));
        assertTrue(e.getMessage().startsWith("w: error: scaler feature 2 has shift"), e.getMessage());
    }

    @Test
    void rejectsDataOfAnotherWidth() {
        Scaler s = Scaler.fit(Scaler.Kind.MIN_MAX, TRAIN);
        Dataset three = Dataset.classification("three", new float[3], 3, new float[] {0}, 1, List.of());
        DataFormatException e = assertThrows(DataFormatException.class, () -> s.apply(three));
        assertEquals("three: error: data has 3 features per sample but the scaler was fitted on 2", e.getMessage());
    }
}
