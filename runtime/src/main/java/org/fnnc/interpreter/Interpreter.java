package org.fnnc.interpreter;

import org.fnnc.network.DoubleNetwork;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatNetwork;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.Initializer;
import org.fnnc.network.Network;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Parameters;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;

/**
 * The reference interpreter: the executable form of fnnc's math and the oracle generated networks are
 * tested against (docs/interpreter.md).
 *
 * <p>An interpreted network stores its parameters in the spec's precision, exactly like a generated one, so
 * optimizers and weight files treat both alike; all arithmetic is done in {@code double}. It implements
 * {@link FloatNetwork} for float specs and {@link DoubleNetwork} for double specs, allocates its scratch
 * buffers once and nothing per call.
 */
public final class Interpreter {

    private Interpreter() {
    }

    /**
     * An interpreted network for the spec, initialised by {@link Initializer}: a {@link FloatNetwork} for a
     * float spec, a {@link DoubleNetwork} for a double spec.
     */
    public static Network create(NetworkSpec spec) {
        return spec.precision() == Precision.FLOAT ? createFloat(spec) : createDouble(spec);
    }

    /**
     * An interpreted network for the spec whose parameters are copied from {@code source} (any precision,
     * rounded to the spec's; same layout required).
     */
    public static Network create(NetworkSpec spec, Parameters source) {
        Network network = create(spec);
        network.parameters().copyFrom(source);
        return network;
    }

    /** An interpreted float network for a float spec, initialised by {@link Initializer}. */
    public static FloatNetwork createFloat(NetworkSpec spec) {
        requirePrecision(spec, Precision.FLOAT);
        FloatParameters params = new FloatParameters(ParameterLayout.of(spec));
        Initializer.initialize(spec, params);
        return new InterpretedFloatNetwork(spec, params);
    }

    /** An interpreted double network for a double spec, initialised by {@link Initializer}. */
    public static DoubleNetwork createDouble(NetworkSpec spec) {
        requirePrecision(spec, Precision.DOUBLE);
        DoubleParameters params = new DoubleParameters(ParameterLayout.of(spec));
        Initializer.initialize(spec, params);
        return new InterpretedDoubleNetwork(spec, params);
    }

    private static void requirePrecision(NetworkSpec spec, Precision expected) {
        if (spec.precision() != expected) {
            throw new IllegalArgumentException(spec.name() + " has precision " + spec.precision().yamlName()
                    + ", not " + expected.yamlName() + " (use spec.withPrecision(Precision."
                    + expected.name() + ") or Interpreter.create)");
        }
    }
}
