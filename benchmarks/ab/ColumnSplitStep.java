import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.fnnc.kernels.FloatDense;
import org.fnnc.kernels.FloatDenseWorkspace;
import org.fnnc.spec.Activation;

/**
 * A prototype of training split by columns between two threads, through the kernel library's public calls: thread k
 * owns the k-th half of every hidden layer's units (its columns of the weights, in arrays of its own), so no weight
 * line of theirs is ever shared. The last layer is small: both threads run its forward pass over one shared copy
 * and each takes the input gradient and the step of the rows of its half of the inputs (the bias on a dummy on
 * thread 1; a barrier between the reads and the steps). What crosses between the cores is activations: after each
 * split layer's forward pass (each thread reads the other's half of the outputs) and after each split layer's
 * input gradient (each thread has a partial sum over its own units; it adds the other's for its half of the inputs
 * and applies the derivative). The arithmetic is the one-thread step's but for the input gradients, summed in two
 * parts; a timing tool, its results are not checked against the one-thread step. {@link #main} prints each thread's time per call (the marks cost both sides ~12 clock reads
 * a step, well under 1 us). Two threads at most: the barrier and the partial sums are written for two.
 *
 * <p>The workload is {@code THREADS BATCH SIZE0 SIZE1 ...} (relu hidden layers, a linear last layer, the last
 * layer's delta fixed as in {@link KernelStep}); {@code THREADS} 1 runs the whole-width step {@link KernelStep}
 * takes with {@code -Dunkept=true}. For {@link AlternatingPairs}: {@code -Dstep=ColumnSplitStep} and a workload
 * {@code "1 32 784 512 512 10 vs 2 32 784 512 512 10"} with one jar twice.
 */
public final class ColumnSplitStep {
    private static final float LR = 1e-6f;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    // Call sites timed by mark(), and their names in main's lines.
    private static final int FORWARD_LAST = 0;
    private static final int FORWARD_WAIT_LAST = 1;
    private static final int LAST_FORWARD_AND_INPUT_GRADIENT = 2;
    private static final int LAST_STEP = 3;
    private static final int INPUT_GRADIENT = 4;
    private static final int STEP_FIRST = 5;
    private static final int STEP_HIDDEN = 6;
    private static final int BACKWARD_WAIT = 7;
    private static final int COMBINE = 8;
    private static final int FORWARD = 9;   // + 2 * layer, then its wait, for the split layers 0 .. SPLIT_SITES - 1
    private static final String[] SITES = {"fwdRest", "fwdWaitRest", "lastFwdIg", "lastStep", "igrad", "step0",
        "step>0", "bwdWait", "combine"};
    private static final int SPLIT_SITES = 4;
    private final int threads;
    private final int n;
    private final int layers;
    private final int[] sizes;
    /** [layer][thread]: thread k's columns of a split layer; of the last layer the one shared copy. */
    private final float[][][][] w;
    private final float[][][] b;
    private final float[][][] gb;
    /** [thread]: the rows of the last layer's weights for thread k's half of its inputs (views of w). */
    private final float[][][] lastRows;
    private final float[][] act;
    private final float[][] delta;
    /** [thread][layer]: thread k's partial input gradient of layer l (its units' part of the sum). */
    private final float[][][] partial;
    private final float[][] out;
    private final FloatDenseWorkspace[] ws;
    private final Barrier barrier = new Barrier();
    private volatile boolean more;
    /** [thread][site]: nanoseconds spent before each mark since the previous one. */
    private final long[][] nanos = new long[2][FORWARD + 2 * SPLIT_SITES];
    private final long[] t = new long[2];

    /** Adds the time since thread k's previous mark to {@code site} (-1: only restarts the clock). */
    private void mark(int k, int site) {
        long now = System.nanoTime();
        if (site >= 0) {
            nanos[k][site] += now - t[k];
        }
        t[k] = now;
    }

    public ColumnSplitStep(String workload) {
        int[] a = Arrays.stream(workload.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        threads = a[0];
        if (threads != 1 && threads != 2) {
            throw new IllegalArgumentException("1 or 2 threads: " + workload);
        }
        n = a[1];
        sizes = Arrays.copyOfRange(a, 2, a.length);
        layers = sizes.length - 1;
        int widest = Arrays.stream(sizes).max().getAsInt();
        Random r = new Random(1);
        w = new float[layers][threads][][];
        b = new float[layers][threads][];
        gb = new float[layers][threads][];
        for (int l = 0; l < layers; l++) {
            float[][] full = new float[sizes[l]][sizes[l + 1]];
            for (float[] row : full) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) (r.nextGaussian() * 0.05);
                }
            }
            int width = split(l) ? sizes[l + 1] / threads : sizes[l + 1];
            for (int k = 0; k < threads; k++) {
                int j0 = split(l) ? k * width : 0;
                w[l][k] = new float[sizes[l]][];
                for (int i = 0; i < sizes[l]; i++) {
                    w[l][k][i] = l == layers - 1 && k > 0 ? w[l][0][i] : Arrays.copyOfRange(full[i], j0, j0 + width);
                }
                b[l][k] = new float[width];
                gb[l][k] = new float[width];
            }
        }
        lastRows = new float[threads][][];
        int h = sizes[layers - 1] / threads;
        for (int k = 0; k < threads; k++) {
            lastRows[k] = Arrays.copyOfRange(w[layers - 1][k], k * h, (k + 1) * h);
        }
        act = new float[layers][];
        delta = new float[layers][];
        for (int l = 0; l < layers; l++) {
            act[l] = new float[n * sizes[l]];
            delta[l] = new float[n * sizes[l + 1]];
        }
        for (int i = 0; i < act[0].length; i++) {
            act[0][i] = r.nextFloat();
        }
        for (int i = 0; i < delta[layers - 1].length; i++) {
            delta[layers - 1][i] = (float) (r.nextGaussian() * 0.01);
        }
        partial = new float[threads][layers][];
        out = new float[threads][n * sizes[layers]];
        ws = new FloatDenseWorkspace[threads];
        for (int k = 0; k < threads; k++) {
            for (int l = 1; l < layers - 1; l++) {
                partial[k][l] = new float[n * sizes[l]];
            }
            ws[k] = new FloatDenseWorkspace(n, widest, widest);
        }
        for (int k = 1; k < threads; k++) {
            int thread = k;
            Thread t = new Thread(() -> {
                while (true) {
                    barrier.await();
                    if (more) {
                        step(thread);
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }

    private boolean split(int l) {
        return threads > 1 && l < layers - 1;
    }

    /** Runs the workload for about {@code nanos}; returns the samples processed. */
    public long run(long nanos) {
        long end = System.nanoTime() + nanos;
        long samples = 0;
        do {
            more = true;
            if (threads > 1) {
                barrier.await();
            }
            step(0);
            samples += n;
        } while (System.nanoTime() < end);
        more = false;
        if (threads > 1) {
            barrier.await();
        }
        return samples;
    }

    private void step(int k) {
        FloatDenseWorkspace s = ws[k];
        int last = layers - 1;
        mark(k, -1);
        for (int l = 0; l < last; l++) {
            int width = sizes[l + 1] / threads;
            FloatDense.forward(act[l], 0, sizes[l], n, sizes[l], w[l][k], b[l][k], width, Activation.RELU, 0f,
                    act[l + 1], k * width, sizes[l + 1], s);
            mark(k, l < SPLIT_SITES ? FORWARD + 2 * l : FORWARD_LAST);
            if (threads > 1) {
                barrier.await();
            }
            mark(k, l < SPLIT_SITES ? FORWARD + 2 * l + 1 : FORWARD_WAIT_LAST);
        }
        FloatDense.forward(act[last], 0, sizes[last], n, sizes[last], w[last][k], b[last][k], sizes[layers],
                Activation.LINEAR, 0f, out[k], 0, sizes[layers], s);
        // the last layer: thread k's half of its input gradient, then the step of the rows of that half
        int h = sizes[last] / threads;
        if (last > 0) {
            FloatDense.inputGradient(delta[last], 0, sizes[layers], n, sizes[layers], lastRows[k], h,
                    Activation.RELU, 0f, act[last], k * h, sizes[last], delta[last - 1], k * h, sizes[last], s);
        }
        if (threads > 1) {
            // the last layer's weights are shared: after both have read them, each steps the rows of its inputs
            barrier.await();
        }
        mark(k, LAST_FORWARD_AND_INPUT_GRADIENT);
        FloatDense.sgdBlock(act[last], k * h, sizes[last], n, h, delta[last], 0, sizes[layers], sizes[layers],
                gb[last][k], 1f / n, LR, lastRows[k], b[last][k], s);
        mark(k, LAST_STEP);
        for (int l = last - 1; l >= 0; l--) {
            int width = sizes[l + 1] / threads;
            if (l > 0 && threads == 1) {
                FloatDense.inputGradient(delta[l], 0, sizes[l + 1], n, sizes[l + 1], w[l][k], sizes[l],
                        Activation.RELU, 0f, act[l], 0, sizes[l], delta[l - 1], 0, sizes[l], s);
            } else if (l > 0) {
                FloatDense.inputGradient(delta[l], k * width, sizes[l + 1], n, width, w[l][k], sizes[l],
                        Activation.LINEAR, 0f, act[l], 0, sizes[l], partial[k][l], 0, sizes[l], s);
            }
            mark(k, INPUT_GRADIENT);
            FloatDense.sgdBlock(act[l], 0, sizes[l], n, sizes[l], delta[l], k * width, sizes[l + 1], width,
                    gb[l][k], 1f / n, LR, w[l][k], b[l][k], s);
            mark(k, l == 0 ? STEP_FIRST : STEP_HIDDEN);
            if (l > 0 && threads > 1) {
                barrier.await();
                mark(k, BACKWARD_WAIT);
                combine(k, l);
                mark(k, COMBINE);
            }
        }
    }

    /** Prints each thread's time per call site: {@code ColumnSplitStep SECONDS WORKLOAD...}. */
    public static void main(String[] args) {
        double seconds = Double.parseDouble(args[0]);
        for (int a = 1; a < args.length; a++) {
            ColumnSplitStep step = new ColumnSplitStep(args[a]);
            step.run(3_000_000_000L);
            for (long[] thread : step.nanos) {
                Arrays.fill(thread, 0);
            }
            long samples = step.run((long) (seconds * 1e9));
            long steps = samples / step.n;
            for (int k = 0; k < step.threads; k++) {
                StringBuilder line = new StringBuilder(String.format("%-24s %,8.0f samples/s  thread %d us/step:",
                        args[a], samples / seconds, k));
                for (int site = 0; site < step.nanos[k].length; site++) {
                    if (step.nanos[k][site] > 0) {
                        line.append(String.format(" %s %.1f", siteName(site), step.nanos[k][site] / 1e3 / steps));
                    }
                }
                System.out.println(line);
            }
        }
    }

    private static String siteName(int site) {
        if (site < FORWARD) {
            return SITES[site];
        }
        return ((site - FORWARD) % 2 == 0 ? "fwd" : "fwdWait") + (site - FORWARD) / 2;
    }

    /**
     * delta[l - 1] for thread k's half of layer l's inputs: the partial sums added, times relu' (on vectors: C2's
     * loop with the select took twice as long at b=128).
     */
    private void combine(int k, int l) {
        int ld = sizes[l];
        int h = ld / threads;
        float[] a = act[l];
        float[] d = delta[l - 1];
        float[] p0 = partial[0][l];
        float[] p1 = partial[1][l];
        for (int r = 0; r < n; r++) {
            int o = r * ld + k * h;
            int i = o;
            for (; i <= o + h - F.length(); i += F.length()) {
                FloatVector sum = FloatVector.fromArray(F, p0, i).add(FloatVector.fromArray(F, p1, i));
                var off = FloatVector.fromArray(F, a, i).compare(VectorOperators.LE, 0f);
                sum.blend(0f, off).intoArray(d, i);
            }
            for (; i < o + h; i++) {
                float sum = p0[i] + p1[i];
                d[i] = a[i] > 0 ? sum : 0f;
            }
        }
    }

    /**
     * Two parties, spinning for 1 ms, then sleeping in steps of 0.1 ms: an idle instance's worker must not hold a
     * core (spinning for good, it halved another instance's two-thread figures).
     */
    private static final class Barrier {
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile int phase;

        void await() {
            int p = phase;
            if (arrived.incrementAndGet() == 2) {
                arrived.set(0);
                phase = p + 1;
            } else {
                long start = System.nanoTime();
                while (phase == p) {
                    if (System.nanoTime() - start < 1_000_000) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.parkNanos(100_000);
                    }
                }
            }
        }
    }
}
