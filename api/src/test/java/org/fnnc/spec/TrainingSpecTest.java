package org.fnnc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingSpecTest {

    /** Every setting differs from DEFAULT, so a setter that writes the wrong field fails the comparison. */
    private static final TrainingSpec ALL_CHANGED = new TrainingSpec(OptimizerKind.ADAM, 0.003, 17, 9, 0.5, 0.8,
            0.99, 1e-6, 0.01, Schedule.COSINE, 3, 0.25, 0.001, 99L, 4);

    @Test
    void builderSetsEachSettingByName() {
        TrainingSpec built = TrainingSpec.builder().optimizer(OptimizerKind.ADAM).learningRate(0.003).batchSize(17)
                .epochs(9).momentum(0.5).beta1(0.8).beta2(0.99).epsilon(1e-6).weightDecay(0.01)
                .schedule(Schedule.COSINE).stepSize(3).gamma(0.25).minLearningRate(0.001).seed(99L).patience(4)
                .build();
        assertEquals(ALL_CHANGED, built);
    }

    @Test
    void unnamedSettingsKeepTheirStartingValues() {
        assertEquals(TrainingSpec.DEFAULT, TrainingSpec.builder().build());
        assertEquals(ALL_CHANGED, ALL_CHANGED.toBuilder().build());
        TrainingSpec one = TrainingSpec.builder().epochs(12).build();
        assertEquals(12, one.epochs());
        assertEquals(TrainingSpec.DEFAULT.learningRate(), one.learningRate());
    }

    @Test
    void buildChecksRanges() {
        assertThrows(IllegalArgumentException.class, () -> TrainingSpec.builder().learningRate(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> TrainingSpec.builder().learningRate(0.01).minLearningRate(0.1).build());
    }
}
