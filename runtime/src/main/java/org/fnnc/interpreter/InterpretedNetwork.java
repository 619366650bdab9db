package org.fnnc.interpreter;

import org.fnnc.network.Parameters;
import org.fnnc.spec.NetworkSpec;

/** What the float and double interpreted networks share: the parameters, the gradients and the {@link Core}. */
abstract class InterpretedNetwork<P extends Parameters> {

    final P params;
    final P grads;
    final Core core;

    InterpretedNetwork(NetworkSpec spec, P params, P grads) {
        this.params = params;
        this.grads = grads;
        this.core = new Core(spec, params, grads);
    }

    public final NetworkSpec spec() {
        return core.spec();
    }

    public final P parameters() {
        return params;
    }

    public final P gradients() {
        return grads;
    }

    @Override
    public final String toString() {
        return "interpreter for " + core.spec();
    }
}
