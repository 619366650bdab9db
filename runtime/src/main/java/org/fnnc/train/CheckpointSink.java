package org.fnnc.train;

import java.io.IOException;

/**
 * Receives the training state every few epochs (see {@link Trainer.Builder#checkpoint}) so that a front end
 * can write it, e.g. as a safetensors file via {@link TrainingState#tensors} and {@link TrainingState#metadata}.
 */
@FunctionalInterface
public interface CheckpointSink {

    /**
     * Stores {@code state}, taken at the end of epoch {@code state.epoch()}. An exception stops training
     * (an {@link IOException} is rethrown as {@link java.io.UncheckedIOException}).
     */
    void save(TrainingState state) throws IOException;
}
