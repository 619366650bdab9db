import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.fnnc.Fnnc;
import org.fnnc.data.Dataset;
import org.fnnc.network.Network;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.train.Trainer;

/**
 * Epochs of {@code Trainer.fit} (plain SGD, one thread or data-parallel) on a generated class: for A/B figures of
 * changes to the trainer and its data-parallel step. Run by {@link AlternatingPairs} with {@code -Dstep=TrainerStep}
 * over two jars that hold the compiler and the runtime (e.g. the benchmarks' shaded jar of each build). The workload:
 * {@code THREADS BATCH SIZE0 SIZE1 ...}, dense relu layers and a softmax output with cross-entropy, float; each
 * {@code fit} is one epoch of 4,096 random samples (so a round includes the data-parallel step's start, as a short
 * fit does).
 */
public final class TrainerStep {
    private static final int SAMPLES = 4096;
    private final Network network;
    private final Dataset data;
    private final Trainer trainer;

    public TrainerStep(String workload) {
        String[] a = workload.trim().split("\\s+");
        int threads = Integer.parseInt(a[0]);
        int batch = Integer.parseInt(a[1]);
        int[] sizes = Arrays.stream(a).skip(2).mapToInt(Integer::parseInt).toArray();
        NetworkSpec.Builder spec = NetworkSpec.builder("AbTrainer").input(sizes[0]);
        for (int l = 1; l < sizes.length - 1; l++) {
            spec.layer(sizes[l], Activation.RELU);
        }
        int classes = sizes[sizes.length - 1];
        network = Fnnc.compile(spec.layer(classes, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build());
        Random r = new Random(1);
        float[] x = new float[SAMPLES * sizes[0]];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextFloat();
        }
        float[] t = new float[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            t[s] = r.nextInt(classes);
        }
        data = Dataset.classification("ab", x, sizes[0], t, classes, List.of());
        trainer = Trainer.builder(TrainingSpec.DEFAULT).optimizer(OptimizerKind.SGD).learningRate(1e-4)
                .batchSize(batch).epochs(1).threads(threads).build();
    }

    /** Runs epochs for about {@code nanos}; returns the samples done. */
    public long run(long nanos) {
        long end = System.nanoTime() + nanos;
        long samples = 0;
        do {
            trainer.fit(network, data, null);
            samples += SAMPLES;
        } while (System.nanoTime() < end);
        return samples;
    }
}
