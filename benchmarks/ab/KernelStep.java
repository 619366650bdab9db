import java.util.Arrays;
import java.util.Random;
import org.fnnc.kernels.FloatDense;
import org.fnnc.kernels.FloatDenseWorkspace;
import org.fnnc.spec.Activation;

/**
 * One workload through the kernel library's public calls, as a generated class makes them: a forward pass through
 * dense relu layers (the last linear) and, for training, the plain SGD step (the one-sample step at batch 1, else the
 * input gradient and the fused weight gradient and step per layer). Loaded once per kernel jar by {@link AlternatingPairs}.
 * The workload is a string: {@code train|infer|wg BATCH SIZE0 SIZE1 ...}; {@code wg} times the weight gradient and
 * step alone.
 */
public final class KernelStep {
    /** -Dunkept=true: the step that keeps no weight gradient (what a generated sgdStep takes). */
    private static final boolean UNKEPT = Boolean.getBoolean("unkept");
    private final boolean train;
    private final boolean gradientOnly;
    private final int n;
    private final int layers;
    private final int[] sizes;
    private final float[][][] w;
    private final float[][][] gw;
    private final float[][] b;
    private final float[][] gb;
    private final float[][] act;
    private final float[][] delta;
    private final FloatDenseWorkspace ws;

    public KernelStep(String workload) {
        String[] a = workload.trim().split("\\s+");
        train = !a[0].equals("infer");
        gradientOnly = a[0].equals("wg");
        n = Integer.parseInt(a[1]);
        sizes = Arrays.stream(a).skip(2).mapToInt(Integer::parseInt).toArray();
        layers = sizes.length - 1;
        int widest = Arrays.stream(sizes).max().getAsInt();
        Random r = new Random(1);
        w = new float[layers][][];
        gw = new float[layers][][];
        b = new float[layers][];
        gb = new float[layers][];
        act = new float[layers + 1][];
        delta = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = new float[sizes[l]][sizes[l + 1]];
            gw[l] = new float[sizes[l]][sizes[l + 1]];
            for (float[] row : w[l]) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) (r.nextGaussian() * 0.05);
                }
            }
            b[l] = new float[sizes[l + 1]];
            gb[l] = new float[sizes[l + 1]];
            delta[l] = new float[n * sizes[l + 1]];
            for (int i = 0; i < delta[l].length; i++) {
                delta[l][i] = (float) (r.nextGaussian() * 0.01);
            }
        }
        for (int l = 0; l <= layers; l++) {
            act[l] = new float[n * sizes[l]];
        }
        for (int i = 0; i < act[0].length; i++) {
            act[0][i] = r.nextFloat();
        }
        ws = new FloatDenseWorkspace(n, widest, widest);
    }

    /** Runs the workload for about {@code nanos}; returns the samples processed. */
    public long run(long nanos) {
        long end = System.nanoTime() + nanos;
        long samples = 0;
        do {
            for (int l = 0; l < layers && !gradientOnly; l++) {
                FloatDense.forward(act[l], 0, sizes[l], n, sizes[l], w[l], b[l], sizes[l + 1],
                        l == layers - 1 ? Activation.LINEAR : Activation.RELU, 0f, act[l + 1], 0, sizes[l + 1], ws);
            }
            for (int l = layers - 1; train && n == 1 && l >= 0; l--) {
                FloatDense.sgdOneSample(act[l], 0, sizes[l], delta[l], 0, sizes[l + 1], w[l], b[l], gb[l], 1e-6f,
                        Activation.RELU, 0f, l > 0 ? delta[l - 1] : null, 0, ws);
            }
            for (int l = layers - 1; train && n > 1 && l >= 0; l--) {
                if (l > 0 && !gradientOnly) {
                    FloatDense.inputGradient(delta[l], 0, sizes[l + 1], n, sizes[l + 1], w[l], sizes[l],
                            Activation.RELU, 0f, act[l], 0, sizes[l], delta[l - 1], 0, sizes[l], ws);
                }
                if (UNKEPT) {
                    FloatDense.sgdBlock(act[l], 0, sizes[l], n, sizes[l], delta[l], 0, sizes[l + 1], sizes[l + 1],
                            gb[l], 1f / n, 1e-6f, w[l], b[l], ws);
                } else {
                    FloatDense.weightGradientAndSgd(act[l], 0, sizes[l], n, sizes[l], delta[l], 0, sizes[l + 1],
                            sizes[l + 1], gw[l], gb[l], false, 1f / n, 1e-6f, w[l], b[l], ws);
                }
            }
            samples += n;
        } while (System.nanoTime() < end);
        return samples;
    }
}
