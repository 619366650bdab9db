package org.fnnc.cli;

import java.util.function.Function;
import java.util.function.Supplier;
import org.fnnc.generator.output.InvalidOverrideException;

/**
 * Option values parsed by the generator's one parser of overrides ({@code SpecOverrides}), which the Maven plugin
 * uses too: a bad value is a usage error naming the option, e.g. {@code --kernels: unknown kernels 'vectorapi'
 * (expected one of auto, scalar, vector_api; did you mean 'vector_api'?)}.
 */
final class OptionValues {

    private OptionValues() {
    }

    /** {@code parser} applied to the option's {@code value}. */
    static <V, T> T parse(String option, Function<V, T> parser, V value) {
        return parse(option, () -> parser.apply(value));
    }

    /** What {@code parser} parses. */
    static <T> T parse(String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (InvalidOverrideException e) {
            throw CliException.usage(option + ": " + e.getMessage());
        }
    }
}
