package org.fnnc.benchmarks;

import org.fnnc.Fnnc;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.Network;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.Precision;

/**
 * An fnnc network (generated or interpreted) with a workload's data in its precision, and the two operations
 * the benchmarks time: one SGD training step (forward, backward, update) and inference. Both networks start
 * from the same initial parameters (the spec's seed).
 */
public final class FnncState {

    private final Network network;
    private final Workload workload;
    private final boolean unfused;
    private final FloatNetwork f;
    private final DoubleNetwork d;
    private final float[] xf;
    private final float[] tf;
    private final float[] outf;
    private final double[] xd;
    private final double[] td;
    private final double[] outd;

    /**
     * {@code impl} is {@code generated} (the generated class with the default kernels, {@code kernels: auto}: loop
     * layers call the kernel library, whose Vector API kernels run as the benchmarks' forks get
     * {@code --add-modules jdk.incubator.vector}), {@code generated-unfused} (the same, see {@link #trainStep}),
     * {@code scalar} (the generated scalar loops, {@code kernels: scalar}, the default before issue 14),
     * {@code vector} (the generated class with {@code kernels: vector_api}, which needs the module) or
     * {@code interpreter}.
     */
    public FnncState(String impl, Workload workload) {
        this.workload = workload;
        this.network = switch (impl) {
            case "generated", "generated-unfused" -> Fnnc.compile(workload.spec());
            case "scalar" -> Fnnc.compile(workload.spec().withKernels(Kernels.SCALAR));
            case "vector" -> Fnnc.compile(workload.spec().withKernels(Kernels.VECTOR_API));
            case "interpreter" -> Interpreter.create(workload.spec());
            default -> throw new IllegalArgumentException(
                    "impl must be generated, generated-unfused, scalar, vector or interpreter: " + impl);
        };
        this.unfused = impl.equals("generated-unfused");
        int outputs = workload.batch() * workload.spec().outputSize();
        boolean isFloat = workload.spec().precision() == Precision.FLOAT;
        this.f = isFloat ? (FloatNetwork) network : null;
        this.d = isFloat ? null : (DoubleNetwork) network;
        this.xf = isFloat ? workload.inputsFloat() : null;
        this.tf = isFloat ? workload.targetsFloat() : null;
        this.outf = isFloat ? new float[outputs] : null;
        this.xd = isFloat ? null : workload.inputs();
        this.td = isFloat ? null : workload.targets();
        this.outd = isFloat ? null : new double[outputs];
    }

    public Network network() {
        return network;
    }

    /**
     * One SGD step on the batch: mean gradient, then {@code p -= lr * g}; returns the batch's mean loss. The
     * {@code generated} and {@code interpreter} states call {@code sgdStep} (fused in generated classes, the
     * interface default in the interpreter); {@code generated-unfused} calls {@code lossAndGradients} and
     * updates over the segments, as every state did before the fused step existed.
     */
    public double trainStep() {
        double lr = Workload.LEARNING_RATE;
        int batch = workload.batch();
        if (!unfused) {
            return f != null ? f.sgdStep(xf, tf, batch, lr) : d.sgdStep(xd, td, batch, lr);
        }
        if (f != null) {
            float loss = f.lossAndGradients(xf, tf, batch);
            float[][] p = f.parameters().segments();
            float[][] g = f.gradients().segments();
            float step = (float) lr;
            for (int k = 0; k < p.length; k++) {
                float[] pk = p[k];
                float[] gk = g[k];
                for (int i = 0; i < pk.length; i++) {
                    pk[i] -= step * gk[i];
                }
            }
            return loss;
        }
        double loss = d.lossAndGradients(xd, td, batch);
        double[][] p = d.parameters().segments();
        double[][] g = d.gradients().segments();
        for (int k = 0; k < p.length; k++) {
            double[] pk = p[k];
            double[] gk = g[k];
            for (int i = 0; i < pk.length; i++) {
                pk[i] -= lr * gk[i];
            }
        }
        return loss;
    }

    /** Forward pass of the batch; returns the output array (float[] or double[]). */
    public Object infer() {
        if (f != null) {
            f.predict(xf, workload.batch(), outf);
            return outf;
        }
        d.predict(xd, workload.batch(), outd);
        return outd;
    }
}
