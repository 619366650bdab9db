package com.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.nets.Wide;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class WideTest {

    /** The class compiled with javac uses the Vector API and learns: 200 SGD steps cut the loss. */
    @Test
    void vectorKernelClassCompilesRunsAndLearns() throws ReflectiveOperationException {
        Field species = Wide.class.getDeclaredField("VS");
        assertTrue(species.getType().getName().equals("jdk.incubator.vector.VectorSpecies"), species.toString());
        Wide net = new Wide();
        int batch = 24;
        float[] x = new float[batch * 40];
        float[] t = new float[batch];
        for (int s = 0; s < batch; s++) {
            int label = s % 3;
            t[s] = label;
            for (int i = 0; i < 40; i++) {
                x[s * 40 + i] = (float) (Math.sin(17.0 * s + i) * 0.3 + (i % 3 == label ? 1.0 : 0.0));
            }
        }
        float first = net.loss(x, t, batch);
        for (int step = 0; step < 200; step++) {
            net.sgdStep(x, t, batch, 0.1);
        }
        float last = net.loss(x, t, batch);
        assertTrue(last < 0.2f * first, "loss " + first + " -> " + last);
    }
}
