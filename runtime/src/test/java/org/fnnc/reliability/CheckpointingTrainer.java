package org.fnnc.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fnnc.data.Datasets;
import org.fnnc.interpreter.Interpreter;
import org.fnnc.io.CheckpointFile;
import org.fnnc.network.Network;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.train.EpochResult;
import org.fnnc.train.Trainer;
import org.fnnc.train.TrainingListener;
import org.fnnc.train.TrainingResult;
import org.fnnc.train.TrainingState;

/**
 * The process that {@link CrashSafetyTest} kills: trains an interpreted 64-16-10 network on the embedded digits
 * with Adam, checkpointing every (short) epoch, resuming from the checkpoint if there is one.
 *
 * <p>{@code java ... CheckpointingTrainer <checkpoint> <epochs-then-stop>}: with 0 it trains until killed; with
 * N it stops after N more epochs and prints {@code FINISHED <first epoch> <last epoch> <loss>}.
 */
public final class CheckpointingTrainer {

    private CheckpointingTrainer() {
    }

    static NetworkSpec spec() {
        return NetworkSpec.builder("CrashNet").packageName("org.fnnc.reliability").input(64)
                .layer(16, Activation.RELU).layer(10, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int moreEpochs = Integer.parseInt(args[1]);
        NetworkSpec spec = spec();
        Network network = Interpreter.create(spec);
        TrainingState from = Files.exists(file) ? CheckpointFile.load(file, spec) : null;
        int firstEpoch = from == null ? 1 : from.epoch() + 1;
        Trainer[] trainer = new Trainer[1];
        trainer[0] = Trainer.builder(TrainingSpec.DEFAULT).optimizer(OptimizerKind.ADAM).learningRate(0.003)
                .batchSize(64).epochs(1_000_000).seed(11)
                .checkpoint(new CheckpointFile(file, spec), 1)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult result) {
                        if (moreEpochs > 0 && result.epoch() >= firstEpoch + moreEpochs - 1) {
                            trainer[0].requestStop();
                        }
                    }
                })
                .build();
        System.out.println("STARTED " + firstEpoch);
        System.out.flush();
        TrainingResult result = from == null ? trainer[0].fit(network, Datasets.digits(), null)
                : trainer[0].resume(network, Datasets.digits(), null, from);
        EpochResult last = result.epochs().get(result.epochs().size() - 1);
        System.out.println("FINISHED " + firstEpoch + " " + last.epoch() + " " + last.trainLoss());
    }
}
