package org.fnnc.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.fnnc.spec.Activation;
import org.junit.jupiter.api.Test;

/**
 * The choice of implementation and the public entry points. The build runs this class with and without
 * {@code jdk.incubator.vector}: with it the vector kernels run; without it the scalar ones do, and one log line
 * says how to enable the fast ones.
 */
class KernelLibraryTest {

    /** Log records of the kernels' logger, captured from before the library chose its implementation. */
    private static final List<LogRecord> RECORDS = new ArrayList<>();
    private static final Logger LOGGER = Logger.getLogger("org.fnnc.kernels");

    static {
        LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                RECORDS.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Test
    void theVectorKernelsRunExactlyWhenTheModuleIsThere() {
        boolean module = DenseKernelsTest.vectorModulePresent();
        KernelLibrary.Implementation expected = module ? KernelLibrary.Implementation.VECTOR
                : KernelLibrary.Implementation.SCALAR;
        assertEquals(expected, KernelLibrary.implementation(), KernelLibrary.description());
        assertEquals(module, FloatDense.KERNELS.getClass().getSimpleName().startsWith("Vector"));
        assertEquals(module, DoubleDense.KERNELS.getClass().getSimpleName().startsWith("Vector"));
        assertEquals(module, Updates.KERNELS.getClass().getSimpleName().startsWith("Vector"));
        if (module) {
            assertTrue(KernelLibrary.floatLanes() >= KernelLibrary.MIN_FLOAT_LANES);
            assertTrue(RECORDS.isEmpty(), "no message when the fast kernels run: " + RECORDS);
        } else {
            assertEquals(0, KernelLibrary.floatLanes());
            assertEquals(1, RECORDS.size(), "one message: " + RECORDS);
            String message = java.text.MessageFormat.format(RECORDS.get(0).getMessage(),
                    RECORDS.get(0).getParameters());
            assertTrue(message.contains("--add-modules jdk.incubator.vector"), message);
            assertTrue(KernelLibrary.description().startsWith("scalar"), KernelLibrary.description());
        }
    }

    @Test
    void theEntryPointsComputeAndCheckTheirArguments() {
        // 2 samples of a 3 -> 2 layer, exact values: y = relu(W x + b)
        float[] x = {1, 2, 3, -1, 0, 1};
        float[][] w = {{1, -1}, {0.5f, 2}, {-1, 0}};
        float[] b = {0.5f, -4};
        float[] y = new float[4];
        FloatDenseWorkspace ws = new FloatDenseWorkspace(2, 3, 2);
        FloatDense.forward(x, 0, 3, 2, 3, w, b, 2, Activation.RELU, 0, y, 0, 2, ws);
        // sample 0: z = (1 + 1 - 3 + 0.5, -1 + 4 + 0 - 4) = (-0.5, -1); sample 1: (-1 + 0 - 1 + 0.5, 1 + 0 - 4)
        assertEquals(List.of(0f, 0f, 0f, 0f), List.of(y[0], y[1], y[2], y[3]));
        FloatDense.forward(x, 0, 3, 2, 3, w, b, 2, Activation.LINEAR, 0, y, 0, 2, ws);
        assertEquals(List.of(-0.5f, -1f, -1.5f, -3f), List.of(y[0], y[1], y[2], y[3]));
        double[] yd = new double[4];
        DoubleDense.forward(new double[] {1, 2, 3, -1, 0, 1}, 0, 3, 2, 3,
                new double[][] {{1, -1}, {0.5, 2}, {-1, 0}}, new double[] {0.5, -4}, 2, Activation.LINEAR, 0,
                yd, 0, 2, new DoubleDenseWorkspace(2, 3, 2));
        assertEquals(List.of(-0.5, -1.0, -1.5, -3.0), List.of(yd[0], yd[1], yd[2], yd[3]));

        assertThrows(IndexOutOfBoundsException.class,
                () -> FloatDense.forward(x, 1, 3, 2, 3, w, b, 2, Activation.RELU, 0, y, 0, 2, ws), "x too short");
        assertThrows(IndexOutOfBoundsException.class,
                () -> FloatDense.forward(x, 0, 3, 2, 3, w, b, 2, Activation.RELU, 0, y, 0, 3, ws), "y too short");
        assertThrows(IndexOutOfBoundsException.class,
                () -> FloatDense.forward(x, 0, 2, 2, 3, w, b, 2, Activation.RELU, 0, y, 0, 2, ws), "ld < width");
        assertThrows(IllegalArgumentException.class,
                () -> FloatDense.forward(x, 0, 3, 2, 3, w, b, 2, Activation.SOFTMAX, 0, y, 0, 2, ws), "softmax");
        assertThrows(IllegalArgumentException.class, () -> FloatDense.forward(new float[9], 0, 3, 3, 3, w, b, 2,
                Activation.RELU, 0, new float[6], 0, 2, ws), "more samples than the workspace holds");
        assertThrows(IllegalArgumentException.class, () -> new FloatDenseWorkspace(0, 1, 1));

        float[] wu = {1, 2, 3};
        Updates.sgd(wu, new float[] {1, 1, 1}, 3, 0, 0.5);
        assertEquals(List.of(0.5f, 1.5f, 2.5f), List.of(wu[0], wu[1], wu[2]));
        assertThrows(IndexOutOfBoundsException.class, () -> Updates.sgd(wu, new float[2], 3, 0, 0.5));
    }
}
