package org.fnnc.network;

import java.util.Optional;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;

/**
 * A feed-forward network built from a {@link NetworkSpec}: the reference interpreter or a generated class.
 *
 * <p>The hot-path methods live on the precision-specific sub-interfaces {@link FloatNetwork} and
 * {@link DoubleNetwork}, so neither precision pays for the other: callers pass primitive arrays, nothing is
 * boxed, nothing is allocated.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>A batch of {@code n} samples is one array, sample-major: {@code x[b * inputSize() + i]}.
 *   <li>Targets are {@link #targetWidth()} numbers per sample: for cross-entropy the class index
 *       ({@code 0 <= y < outputSize()}, an integer value); for binary cross-entropy one 0/1 (or [0, 1])
 *       target per output; for MSE one real target per output.
 *   <li>Losses are means over the batch; {@code lossAndGradients} leaves the mean gradient in
 *       {@link #gradients()}; {@code accumulateGradients} adds the <em>sum</em> of per-sample gradients
 *       and returns the sum of losses (for callers that reduce over several shards).
 * </ul>
 *
 * <p>Networks are not thread-safe: they own scratch buffers. Use {@link #copy()} for another thread.
 */
public interface Network {

    NetworkSpec spec();

    default Precision precision() {
        return spec().precision();
    }

    default int inputSize() {
        return spec().input();
    }

    default int outputSize() {
        return spec().outputSize();
    }

    /** Numbers per sample in a target array: 1 for cross-entropy, else {@link #outputSize()}. */
    default int targetWidth() {
        return spec().targetWidth();
    }

    /**
     * The trainable parameters, shared with the network (writes are seen by the next call). A generated float
     * network's {@code sgdStep} of one sample leaves its first layer's weight step pending on the returned object
     * ({@link FloatParameters#deferStep}), for its next forward pass to take while it reads the weights; any method of
     * the returned object takes it first ({@link Parameters#settle()}), so arrays kept from before that step show the
     * stepped weights once any method of the returned object has been called.
     */
    Parameters parameters();

    /**
     * The gradient buffers, same layout as {@link #parameters()}. A generated network's {@code sgdStep} of one
     * block may leave a layer's weight gradient as a product (of two vectors at batch 1, else of the block's inputs
     * and deltas) that the returned object computes into its arrays when first read ({@link Parameters#settle()});
     * arrays kept from before that step show the new gradient once any method of the returned object has been
     * called.
     */
    Parameters gradients();

    /** An independent network of the same kind with a deep copy of the parameters. */
    Network copy();

    /**
     * A network of the same kind that shares this network's parameters (the very same arrays, so an update
     * through either is seen by both) but owns its scratch buffers and gradients: it can compute gradients on
     * another thread while this one does, as long as nobody writes the parameters meanwhile. Data-parallel
     * training ({@code Trainer.Builder.threads}) runs one per extra thread.
     *
     * @throws UnsupportedOperationException if this implementation cannot share its parameters
     */
    default Network sharingParameters() {
        throw new UnsupportedOperationException(getClass().getName() + " does not implement sharingParameters(),"
                + " which data-parallel training needs; train with threads = 1");
    }

    /** The Java source this network was compiled from; empty for the interpreter. */
    default Optional<String> source() {
        return Optional.empty();
    }

    /**
     * Forward pass for one sample in double precision, converting for float networks. A convenience that
     * allocates its result; use the precision-specific {@code predict} on hot paths.
     */
    double[] predict(double[] x);
}
