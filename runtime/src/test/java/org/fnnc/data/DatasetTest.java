package org.fnnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Three samples of two features; labels 0, 2, 1. */
    private static Dataset small() {
        return Dataset.classification("small", new float[] {1, 2, 3, 4, 5, 6}, 2, new float[] {0, 2, 1}, 3,
                List.of("a", "b", "c"));
    }

    @Test
    void rejectsInconsistentArrays() {
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression("x", new float[] {1, 2, 3}, 2, new float[] {0}, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.regression("x", new float[] {1, 2, 3, 4}, 2, new float[] {0}, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("x", new float[] {1, 2}, 1, new float[] {0, 3}, 3, List.of()));
        assertTrue(e.getMessage().contains("label of sample 1 is 3.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("x", new float[] {1, 2}, 1, new float[] {0, 0.5f}, 3, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification("x", new float[] {1}, 1, new float[] {0}, 2, List.of("only one")));
    }

    @Test
    void subsetAndBatchesCopyTheRightSamples() {
        Dataset d = small();
        Dataset s = d.subset(new int[] {2, 0});
        assertArrayEquals(new float[] {5, 6, 1, 2}, s.features());
        assertArrayEquals(new float[] {1, 0}, s.targets());
        assertEquals(List.of("a", "b", "c"), s.classNames());

        float[] x = new float[6];
        float[] t = new float[3];
        d.gather(new int[] {1, 2, 0}, 1, 2, x, t);
        assertArrayEquals(new float[] {5, 6, 1, 2, 0, 0}, x);
        assertArrayEquals(new float[] {1, 0, 0}, t);

        double[] xd = new double[4];
        double[] td = new double[2];
        d.gather(new int[] {1, 2, 0}, 0, 2, xd, td);
        assertArrayEquals(new double[] {3, 4, 5, 6}, xd);
        assertArrayEquals(new double[] {2, 1}, td);

        assertThrows(IndexOutOfBoundsException.class, () -> d.gather(new int[] {0, 1}, 1, 2, x, t));
        assertThrows(IllegalArgumentException.class, () -> d.gather(new int[] {0, 1}, 0, 2, new float[3], t));
    }

    @Test
    void labelCounts() {
        Dataset d = Dataset.classification("d", new float[5], 1, new float[] {1, 1, 0, 2, 1}, 4, List.of());
        assertArrayEquals(new int[] {1, 3, 1, 0}, d.labelCounts());
        assertThrows(IllegalStateException.class, () -> Dataset.regression("r", new float[1], 1, new float[1], 1).labelCounts());
    }

    @Test
    void checkCompatibleNamesBothNumbers() {
        NetworkSpec iris = NetworkSpec.builder("Iris").input(4).layer(16, Activation.RELU)
                .layer(3, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();
        Dataset thirty = Dataset.classification("breast_cancer.csv", new float[30], 30, new float[] {1}, 2, List.of());
        DataFormatException e = assertThrows(DataFormatException.class, () -> thirty.checkCompatible(iris));
        assertEquals("breast_cancer.csv: error: data has 30 features per sample but the spec 'Iris' expects input 4",
                e.getMessage());

        Dataset tenClasses = Dataset.classification("d", new float[4], 4, new float[] {9}, 10, List.of());
        e = assertThrows(DataFormatException.class, () -> tenClasses.checkCompatible(iris));
        assertEquals("d: error: data has 10 classes but the spec 'Iris' has 3 outputs (one per class)", e.getMessage());

        Dataset regression = Dataset.regression("r", new float[4], 4, new float[] {0.5f}, 1);
        e = assertThrows(DataFormatException.class, () -> regression.checkCompatible(iris));
        assertTrue(e.getMessage().contains("uses cross_entropy, which takes one class index"), e.getMessage());

        NetworkSpec mse = NetworkSpec.builder("Reg").input(4).layer(2, Activation.LINEAR).loss(Loss.MSE).build();
        e = assertThrows(DataFormatException.class, () -> regression.checkCompatible(mse));
        assertEquals("r: error: data has 1 target per sample but the spec 'Reg' (loss mse) has 2 outputs and expects"
                + " one target per output", e.getMessage());

        small().withName("ok").subset(new int[0]); // empty subsets are allowed
        Dataset.inputsOnly("x", new float[8], 4).checkCompatible(iris);
        Dataset.classification("x", new float[4], 4, new float[] {2}, 3, List.of()).checkCompatible(iris);
    }
}
