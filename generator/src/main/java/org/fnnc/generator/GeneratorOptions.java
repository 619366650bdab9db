package org.fnnc.generator;

/**
 * Settings of one {@link NetworkClassGenerator#generate(org.fnnc.spec.NetworkSpec, GeneratorOptions) generation}.
 * The spec's own caps ({@code SpecLimits}) bound the network; this one bounds the code: a fully unrolled wide
 * layer can turn a legal spec into a source that takes minutes and gigabytes to compile.
 *
 * @param maxSourceBytes largest generated source accepted, in bytes (the source is ASCII: one byte a character)
 */
public record GeneratorOptions(long maxSourceBytes) {

    /** 16 MiB: some 400 times the example MNIST network, fully rolled or unrolled within the default threshold. */
    public static final GeneratorOptions DEFAULT = new GeneratorOptions(16L << 20);

    public GeneratorOptions {
        if (maxSourceBytes <= 0) {
            throw new IllegalArgumentException("maxSourceBytes must be positive, not " + maxSourceBytes);
        }
    }

    /** These options with another source size cap. */
    public GeneratorOptions withMaxSourceBytes(long max) {
        return new GeneratorOptions(max);
    }
}
