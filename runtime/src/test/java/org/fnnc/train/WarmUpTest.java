package org.fnnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.time.Duration;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

/**
 * The warm-up trains a copy: the network it was given, and a run of that network while the warm-up is still
 * going, come out exactly as without it.
 */
class WarmUpTest {

    private static final TrainingSpec SETTINGS = TrainingSpec.builder().optimizer(OptimizerKind.ADAM)
            .learningRate(0.05).batchSize(8).epochs(5).seed(3).build();

    private static SoftmaxRegression network() {
        SoftmaxRegression net = new SoftmaxRegression(2, 3);
        Fixtures.randomize(net.parameters(), 9, 0.1);
        return net;
    }

    private static double[] values(SoftmaxRegression net) {
        double[] v = new double[net.parameters().size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = net.parameters().get(k);
        }
        return v;
    }

    @Test
    void theNetworkItWarmsUpIsLeftAlone() throws InterruptedException {
        SoftmaxRegression net = network();
        double[] before = values(net);
        try (WarmUp ignored = WarmUp.start(net, SETTINGS, Duration.ofSeconds(30))) {
            Thread.sleep(200);
        }
        assertArrayEquals(before, values(net), 0.0);
    }

    @Test
    void aRunBesideTheWarmUpGivesTheSameParametersAsOneWithout() {
        SoftmaxRegression alone = network();
        Trainer.builder(SETTINGS).build().fit(alone, Fixtures.threeClasses(120, 1), null);

        SoftmaxRegression beside = network();
        try (WarmUp ignored = WarmUp.start(beside, SETTINGS, Duration.ofSeconds(30))) {
            Trainer.builder(SETTINGS).build().fit(beside, Fixtures.threeClasses(120, 1), null);
        }
        assertArrayEquals(values(alone), values(beside), 0.0);
    }
}
