package org.fnnc.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.Network;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure what they claim: each fnnc benchmark state performs one SGD step and one forward
 * pass that agree with an independent computation by the interpreter, and the FLOP counts used for GFLOP/s
 * are the hand-counted ones.
 */
class BenchmarkStateTest {

    /** Hand count for 784-128-10 (issue 7): forward 2 * (784*128 + 128*10); training adds dW1, dW2 and dA1. */
    @Test
    void flopCountsMatchTheHandCount() {
        NetworkSpec mlp = Workload.spec("mnist-mlp");
        assertEquals(203_264, Workload.forwardFlops(mlp));
        assertEquals(409_088, Workload.trainFlops(mlp));
        NetworkSpec wide = Workload.spec("mnist-wide");
        long fwd = 2L * (784 * 512 + 512 * 512 + 512 * 10);
        assertEquals(fwd, Workload.forwardFlops(wide));
        assertEquals(2 * fwd + 2L * (512 * 512 + 512 * 10), Workload.trainFlops(wide));
        assertEquals(2 * (4 * 16 + 16 * 3), Workload.forwardFlops(Workload.spec("iris")));
        NetworkSpec deep = Workload.spec("mnist-deep");  // issue 14's 784-256-128-10 (report.py counts the same)
        long deepForward = 2L * (784 * 256 + 256 * 128 + 128 * 10);
        assertEquals(deepForward, Workload.forwardFlops(deep));
        assertEquals(2 * deepForward + 2L * (256 * 128 + 128 * 10), Workload.trainFlops(deep));
    }

    @Test
    void everyExampleSpecLoadsAndUnknownOnesAreNamed() {
        for (String name : Workload.NETWORKS) {
            assertTrue(Workload.spec(name).parameterCount() > 0, name);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.spec("nope"));
        assertTrue(e.getMessage().contains("specs/nope.yaml") && e.getMessage().contains("mnist-mlp"), e.getMessage());
    }

    /**
     * One training step of each state (fused sgdStep of the generated class, its unfused lossAndGradients +
     * update, the Vector API class's fused step, the interpreter's default sgdStep) equals an independent one: the mean gradient of a double
     * interpreter applied as p - lr * g. Float states round every operation (6e-8 relative); 1e-5 of the
     * parameter scale covers sums of up to 784 terms. Double states: 1e-10.
     */
    @Test
    void trainStepIsOneSgdStepOfTheInterpretersGradient() {
        for (String net : new String[] {"xor", "iris", "mnist-mlp"}) {
            for (String precision : new String[] {"float", "double"}) {
                for (String impl : new String[] {"generated", "generated-unfused", "scalar", "vector", "interpreter"}) {
                    for (int batch : new int[] {1, 33}) {
                        Workload w = Workload.of(net, precision, batch);
                        FnncState state = new FnncState(impl, w);
                        Network oracle = Interpreter.create(w.spec().withPrecision(org.fnnc.spec.Precision.DOUBLE),
                                state.network().parameters());
                        double[] before = oracle.parameters().toArray();
                        double oracleLoss = ((org.fnnc.network.DoubleNetwork) oracle).lossAndGradients(w.inputs(),
                                w.targets(), batch);
                        double[] g = oracle.gradients().toArray();
                        double loss = state.trainStep();
                        double[] after = state.network().parameters().toArray();
                        double tol = precision.equals("float") ? 1e-5 : 1e-10;
                        double scale = 0;
                        for (double v : before) {
                            scale = Math.max(scale, Math.abs(v));
                        }
                        String what = net + " " + precision + " " + impl + " batch " + batch;
                        assertEquals(oracleLoss, loss, tol * Math.max(1, Math.abs(oracleLoss)), what + " loss");
                        double moved = 0;
                        for (int k = 0; k < before.length; k++) {
                            double expected = before[k] - Workload.LEARNING_RATE * g[k];
                            assertEquals(expected, after[k], tol * scale, what + " parameter " + k);
                            moved = Math.max(moved, Math.abs(after[k] - before[k]));
                        }
                        assertTrue(moved > 0, what + ": the step changed nothing");
                        double[] left = state.network().gradients().toArray();
                        double gScale = 0;
                        for (double v : g) {
                            gScale = Math.max(gScale, Math.abs(v));
                        }
                        for (int k = 0; k < g.length; k++) {
                            assertEquals(g[k], left[k], tol * gScale, what + ": mean gradient " + k + " left after the step");
                        }
                    }
                }
            }
        }
    }

    @Test
    void inferComputesTheInterpretersOutputs() {
        Workload w = Workload.of("iris", "float", 5);
        FnncState state = new FnncState("generated", w);
        float[] out = (float[]) state.infer();
        Network oracle = Interpreter.create(w.spec().withPrecision(org.fnnc.spec.Precision.DOUBLE),
                state.network().parameters());
        double[] x = w.inputs();
        for (int b = 0; b < 5; b++) {
            double[] sample = java.util.Arrays.copyOfRange(x, b * 4, b * 4 + 4);
            double[] expected = oracle.predict(sample);
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[j], out[b * 3 + j], 1e-6, "sample " + b + " output " + j);
            }
        }
    }

    @Test
    void workloadDataIsDeterministicAndValid() {
        Workload a = Workload.of("mnist-mlp", "float", 7);
        Workload b = Workload.of("mnist-mlp", "double", 7);
        assertEquals(java.util.Arrays.toString(a.inputs()), java.util.Arrays.toString(b.inputs()));
        for (double v : a.inputs()) {
            assertTrue(v > 0 && v < 1, "input " + v);
        }
        double[] hot = a.targetsOneHot();
        for (int s = 0; s < 7; s++) {
            assertEquals(1.0, hot[s * 10 + (int) a.targets()[s]]);
        }
    }
}
