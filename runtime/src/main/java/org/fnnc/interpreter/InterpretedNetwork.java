package org.fnnc.interpreter;

import org.fnnc.network.Parameters;
import org.fnnc.network.Targets;
import org.fnnc.spec.NetworkSpec;

/**
 * What the float and double interpreted networks share: the spec, the parameters, the gradients, the
 * {@link Reference} math and the checks of a call's arrays.
 */
abstract class InterpretedNetwork<P extends Parameters> {

    final NetworkSpec spec;
    final P params;
    final P grads;
    final Reference reference;

    InterpretedNetwork(NetworkSpec spec, P params, P grads) {
        this.spec = spec;
        this.params = params;
        this.grads = grads;
        this.reference = new Reference(spec, params, grads);
    }

    public final NetworkSpec spec() {
        return spec;
    }

    public final P parameters() {
        return params;
    }

    public final P gradients() {
        return grads;
    }

    /** Checks the array lengths of a forward pass of {@code batch} samples. */
    final void checkForward(int xLength, int outLength, int batch) {
        Targets.checkOutput(xLength, spec.input(), outLength, spec.outputSize(), batch);
    }

    /** Checks the array lengths of a loss over {@code batch} samples. */
    final void checkLoss(int xLength, int tLength, int batch) {
        Targets.checkBatch(xLength, spec.input(), tLength, spec.targetWidth(), batch);
    }

    @Override
    public final String toString() {
        return "interpreter for " + spec;
    }
}
