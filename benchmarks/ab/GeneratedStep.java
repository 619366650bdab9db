import java.util.Arrays;
import java.util.Random;
import org.fnnc.Fnnc;
import org.fnnc.network.FloatNetwork;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;

/**
 * One workload through a generated class, as a user calls it ({@code Fnnc.compile}, then {@code sgdStep} or
 * {@code predict}): for A/B figures of changes to the generator and the kernels together. Run by
 * {@link AlternatingPairs} with {@code -Dstep=GeneratedStep} over two jars that hold the whole compiler (e.g. the
 * benchmarks' shaded jar of each build). The workload: {@code train|infer BATCH SIZE0 SIZE1 ...}, dense relu layers
 * and a softmax output with cross-entropy, float.
 */
public final class GeneratedStep {
    private final boolean train;
    private final int n;
    private final FloatNetwork network;
    private final float[] x;
    private final float[] t;
    private final float[] out;

    public GeneratedStep(String workload) {
        String[] a = workload.trim().split("\\s+");
        train = !a[0].equals("infer");
        n = Integer.parseInt(a[1]);
        int[] sizes = Arrays.stream(a).skip(2).mapToInt(Integer::parseInt).toArray();
        NetworkSpec.Builder spec = NetworkSpec.builder("AbStep").input(sizes[0]);
        for (int l = 1; l < sizes.length - 1; l++) {
            spec.layer(sizes[l], Activation.RELU);
        }
        int classes = sizes[sizes.length - 1];
        network = (FloatNetwork) Fnnc.compile(spec.layer(classes, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build());
        Random r = new Random(1);
        double[] p = new double[network.parameters().size()];
        for (int k = 0; k < p.length; k++) {
            p[k] = r.nextGaussian() * 0.05;
        }
        network.parameters().copyFrom(p);
        x = new float[n * sizes[0]];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextFloat();
        }
        t = new float[n];
        for (int s = 0; s < n; s++) {
            t[s] = r.nextInt(classes);
        }
        out = new float[n * classes];
    }

    /** Runs steps for about {@code nanos}; returns the samples done. */
    public long run(long nanos) {
        long end = System.nanoTime() + nanos;
        long samples = 0;
        do {
            if (train) {
                network.sgdStep(x, t, n, 1e-6);
            } else {
                network.predict(x, n, out);
            }
            samples += n;
        } while (System.nanoTime() < end);
        return samples;
    }
}
