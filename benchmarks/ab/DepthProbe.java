import java.lang.management.ManagementFactory;
import java.util.Random;
import org.fnnc.Fnnc;
import org.fnnc.kernels.FloatDense;
import org.fnnc.kernels.FloatDenseWorkspace;
import org.fnnc.network.FloatNetwork;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * Hazard 6 of docs/kernels.md: on JDK 17, a kernel inlined deep into a caller's compilation can lose the Vector API's
 * intrinsics (its force-inlined chain crosses {@code MaxInlineLevel}), and its vectors are then boxed. This probe calls
 * one one-sample kernel of a 784-128-10 network's first layer from the bottom of a chain of {@code DEPTH} methods
 * (each calls the next, all hot, so C2 inlines the chain into the loop; sixteen methods, not one recursive one, which
 * C2 would inline only one level deep) and prints the bytes allocated per step once
 * warm; 0 means the intrinsics held. Sweep the depth:
 * <pre>
 *   javac -d /tmp/dp -cp benchmarks/target/benchmarks.jar benchmarks/ab/DepthProbe.java
 *   for d in $(seq 0 15); do java --add-modules jdk.incubator.vector -cp /tmp/dp:benchmarks/target/benchmarks.jar \
 *       DepthProbe $d after; done
 * </pre>
 * Paths: {@code after} ({@code FloatDense.forwardAfterStep} where it steps, then runs the pass: 128 units),
 * {@code sgd} ({@code FloatDense.sgdOneSample} of the 128 -> 10 layer), {@code forward} (one sample's forward pass);
 * {@code generated-train} and {@code generated-infer}: one sample's {@code sgdStep} and {@code predict} of 784-128-10
 * compiled by {@code Fnnc.compile} with {@code -Dkernels=auto|vector_api|scalar} (vector_api puts the Vector API in
 * the generated class itself).
 * JVM flags to compare: {@code -XX:MaxInlineLevel=30}; {@code -XX:CompileCommand=dontinline,org.fnnc.kernels.VectorFloatDense::forward}.
 * Since the kernels' entry points are kept out of line ({@code OutOfLine}), JDK 17 allocates nothing at any depth
 * (0 of 48 JVMs, against 7 of 48 the build before, 2026-12-06): run it against an older build to see the hazard.
 */
public final class DepthProbe {
    private final int depth;
    private final String path;
    private final float[] x = new float[784];
    private final float[] u = new float[784];
    private final float[] v = new float[128];
    private final float[] y = new float[128];
    private final float[] d = new float[10];
    private final float[] dx = new float[128];
    private final float[][] w = new float[784][128];
    private final float[][] w2 = new float[128][10];
    private final float[] b = new float[128];
    private final float[] b2 = new float[10];
    private final float[] gb2 = new float[10];
    private final FloatDenseWorkspace ws = new FloatDenseWorkspace(1, 784, 128);
    /** For the paths {@code generated-train} and {@code generated-infer}: 784-128-10 compiled by fnnc. */
    private final FloatNetwork network;
    private final float[] t = new float[1];

    private DepthProbe(int depth, String path) {
        this.depth = depth;
        this.path = path;
        Random r = new Random(1);
        for (int i = 0; i < 784; i++) {
            x[i] = r.nextFloat();
            u[i] = r.nextFloat();
            for (int j = 0; j < 128; j++) {
                w[i][j] = (float) r.nextGaussian() * 0.05f;
            }
        }
        for (int j = 0; j < 128; j++) {
            v[j] = (float) r.nextGaussian() * 1e-3f;
            for (int k = 0; k < 10; k++) {
                w2[j][k] = (float) r.nextGaussian() * 0.05f;
            }
        }
        for (int k = 0; k < 10; k++) {
            d[k] = (float) r.nextGaussian() * 1e-3f;
        }
        if (path.startsWith("generated")) {
            network = (FloatNetwork) Fnnc.compile(NetworkSpec.builder("DepthProbeMlp").input(784)
                    .layer(128, Activation.RELU).layer(10, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY)
                    .kernels(Kernels.valueOf(System.getProperty("kernels", "auto").toUpperCase())).build());
            double[] p = new double[network.parameters().size()];
            for (int k = 0; k < p.length; k++) {
                p[k] = r.nextGaussian() * 0.05;
            }
            network.parameters().copyFrom(p);
            t[0] = 3;
        } else {
            network = null;
        }
    }

    private void step() {
        switch (path) {
            case "after" -> FloatDense.forwardAfterStep(x, 0, 784, w, b, 128, Activation.RELU, 0f, y, 0, u, 0, v, 0,
                    1e-6f, ws);
            case "sgd" -> FloatDense.sgdOneSample(y, 0, 128, d, 0, 10, w2, b2, gb2, 1e-6f, Activation.RELU, 0f, dx, 0,
                    ws);
            case "generated-train" -> network.sgdStep(x, t, 1, 1e-6);
            case "generated-infer" -> network.predict(x, 1, y);
            default -> FloatDense.forward(x, 0, 784, 1, 784, w, b, 128, Activation.RELU, 0f, y, 0, 128, ws);
        }
    }

    private static void level0(DepthProbe p) {
        if (p.depth > 0) {
            level1(p);
        } else {
            p.step();
        }
    }

    private static void level1(DepthProbe p) {
        if (p.depth > 1) {
            level2(p);
        } else {
            p.step();
        }
    }

    private static void level2(DepthProbe p) {
        if (p.depth > 2) {
            level3(p);
        } else {
            p.step();
        }
    }

    private static void level3(DepthProbe p) {
        if (p.depth > 3) {
            level4(p);
        } else {
            p.step();
        }
    }

    private static void level4(DepthProbe p) {
        if (p.depth > 4) {
            level5(p);
        } else {
            p.step();
        }
    }

    private static void level5(DepthProbe p) {
        if (p.depth > 5) {
            level6(p);
        } else {
            p.step();
        }
    }

    private static void level6(DepthProbe p) {
        if (p.depth > 6) {
            level7(p);
        } else {
            p.step();
        }
    }

    private static void level7(DepthProbe p) {
        if (p.depth > 7) {
            level8(p);
        } else {
            p.step();
        }
    }

    private static void level8(DepthProbe p) {
        if (p.depth > 8) {
            level9(p);
        } else {
            p.step();
        }
    }

    private static void level9(DepthProbe p) {
        if (p.depth > 9) {
            level10(p);
        } else {
            p.step();
        }
    }

    private static void level10(DepthProbe p) {
        if (p.depth > 10) {
            level11(p);
        } else {
            p.step();
        }
    }

    private static void level11(DepthProbe p) {
        if (p.depth > 11) {
            level12(p);
        } else {
            p.step();
        }
    }

    private static void level12(DepthProbe p) {
        if (p.depth > 12) {
            level13(p);
        } else {
            p.step();
        }
    }

    private static void level13(DepthProbe p) {
        if (p.depth > 13) {
            level14(p);
        } else {
            p.step();
        }
    }

    private static void level14(DepthProbe p) {
        if (p.depth > 14) {
            level15(p);
        } else {
            p.step();
        }
    }

    private static void level15(DepthProbe p) {
        if (p.depth > 15) {
            p.step();
        } else {
            p.step();
        }
    }

    public static void main(String[] args) {
        DepthProbe p = new DepthProbe(Integer.parseInt(args[0]), args.length > 1 ? args[1] : "after");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long perStep = 0;
        for (int window = 0; window < 25; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 1_000; i++) {
                level0(p);
            }
            perStep = (threads.getThreadAllocatedBytes(id) - before) / 1_000;
        }
        System.out.println(p.path + " at depth " + p.depth + ": " + perStep + " bytes per step");
    }
}
