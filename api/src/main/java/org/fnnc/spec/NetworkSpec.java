package org.fnnc.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An immutable, validated description of a feed-forward network: the model behind a spec file.
 *
 * <p>Two specs are equal when their {@link #canonical() canonical forms} are equal: formatting, key order,
 * comments and where the spec came from ({@link #origin()}) do not matter. {@link #hash()} is the SHA-256
 * of the canonical form; {@link #architectureHash()} covers only what determines the parameters' shapes
 * and meaning (input, layers, loss), so that weights survive a change of training settings or precision.
 *
 * @param name        simple Java class name of the generated network
 * @param packageName Java package of the generated network, {@code ""} for none
 * @param input       number of input features
 * @param layers      the dense layers, first to output
 * @param loss        training loss
 * @param precision   float or double
 * @param init        weight initialisation
 * @param training    default training settings
 * @param unroll      generator unrolling setting
 * @param kernels     which arithmetic loop layers get: the kernel library (auto, the default), plain loops or the
 *                    Vector API written into the class (opt-in)
 * @param origin      source name and key positions (not part of equality)
 */
public record NetworkSpec(
        String name,
        String packageName,
        int input,
        List<LayerSpec> layers,
        Loss loss,
        Precision precision,
        InitSpec init,
        TrainingSpec training,
        UnrollSpec unroll,
        Kernels kernels,
        SpecOrigin origin) {

    /** Limits enforced on every spec, however it was built: Java array sizes and index arithmetic. */
    public static final SpecLimits HARD_LIMITS =
            new SpecLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 8, Integer.MAX_VALUE - 8, 1000);

    public NetworkSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(packageName, "packageName");
        layers = List.copyOf(layers);
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(unroll, "unroll");
        Objects.requireNonNull(kernels, "kernels");
        Objects.requireNonNull(origin, "origin");
        List<SpecRules.Problem> problems = new ArrayList<>();
        problems.addAll(SpecRules.checkClassName("name", name, HARD_LIMITS));
        problems.addAll(SpecRules.checkPackageName("package", packageName, HARD_LIMITS));
        problems.addAll(SpecRules.checkNetwork(input, layers, loss, HARD_LIMITS));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.stream()
                    .map(p -> p.path() + ": " + p.message() + " (" + p.hint() + ")")
                    .collect(Collectors.joining("; ")));
        }
    }

    /** A builder with every optional setting at its default. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Number of layers. */
    public int depth() {
        return layers.size();
    }

    public LayerSpec layer(int l) {
        return layers.get(l);
    }

    /** Width of the input to layer {@code l}: the spec's input for layer 0, else the previous layer's units. */
    public int inputsOf(int l) {
        return l == 0 ? input : layers.get(l - 1).units();
    }

    /** Number of network outputs (units of the last layer). */
    public int outputSize() {
        return layers.get(layers.size() - 1).units();
    }

    public LayerSpec outputLayer() {
        return layers.get(layers.size() - 1);
    }

    /**
     * Numbers per sample in a target array: 1 for cross-entropy (the class index), otherwise one target
     * per output.
     */
    public int targetWidth() {
        return loss == Loss.CROSS_ENTROPY ? 1 : outputSize();
    }

    /** Trainable parameters: weights and biases of every layer. */
    public long parameterCount() {
        long n = 0;
        for (int l = 0; l < layers.size(); l++) {
            n += (long) inputsOf(l) * layers.get(l).units() + layers.get(l).units();
        }
        return n;
    }

    /** Multiply-adds of one forward pass for one sample. */
    public long forwardMacs() {
        long n = 0;
        for (int l = 0; l < layers.size(); l++) {
            n += (long) inputsOf(l) * layers.get(l).units();
        }
        return n;
    }

    /** {@code package.Name}, or {@code Name} in the default package. */
    public String qualifiedName() {
        return packageName.isEmpty() ? name : packageName + "." + name;
    }

    /** The same spec with another class name. */
    public NetworkSpec withName(String newName) {
        return new NetworkSpec(newName, packageName, input, layers, loss, precision, init, training, unroll, kernels, origin);
    }

    public NetworkSpec withPackageName(String newPackage) {
        return new NetworkSpec(name, newPackage, input, layers, loss, precision, init, training, unroll, kernels, origin);
    }

    public NetworkSpec withPrecision(Precision p) {
        return new NetworkSpec(name, packageName, input, layers, loss, p, init, training, unroll, kernels, origin);
    }

    public NetworkSpec withInit(InitSpec i) {
        return new NetworkSpec(name, packageName, input, layers, loss, precision, i, training, unroll, kernels, origin);
    }

    public NetworkSpec withTraining(TrainingSpec t) {
        return new NetworkSpec(name, packageName, input, layers, loss, precision, init, t, unroll, kernels, origin);
    }

    public NetworkSpec withUnroll(UnrollSpec u) {
        return new NetworkSpec(name, packageName, input, layers, loss, precision, init, training, u, kernels, origin);
    }

    /** The same spec with other loop kernels. */
    public NetworkSpec withKernels(Kernels k) {
        return new NetworkSpec(name, packageName, input, layers, loss, precision, init, training, unroll, k, origin);
    }

    public NetworkSpec withLayers(List<LayerSpec> newLayers) {
        return new NetworkSpec(name, packageName, input, newLayers, loss, precision, init, training, unroll, kernels, origin);
    }

    public NetworkSpec withOrigin(SpecOrigin o) {
        return new NetworkSpec(name, packageName, input, layers, loss, precision, init, training, unroll, kernels, o);
    }

    /**
     * The canonical form: valid spec YAML with every setting explicit, keys in a fixed order and numbers
     * in Java's shortest round-trip notation. Loading it gives an equal spec.
     */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        sb.append("name: ").append(name).append('\n');
        sb.append("package: ").append(packageName.isEmpty() ? "''" : packageName).append('\n');
        appendArchitecture(sb, true);
        sb.append("precision: ").append(precision.yamlName()).append('\n');
        sb.append("init: {scheme: ").append(init.scheme().yamlName()).append(", seed: ").append(init.seed());
        if (init.scheme() == InitScheme.UNIFORM) {
            sb.append(", range: ").append(init.scale());
        } else if (init.scheme() == InitScheme.NORMAL) {
            sb.append(", stddev: ").append(init.scale());
        }
        sb.append("}\n");
        TrainingSpec t = training;
        sb.append("training: {optimizer: ").append(t.optimizer().yamlName())
                .append(", learning_rate: ").append(t.learningRate())
                .append(", batch_size: ").append(t.batchSize())
                .append(", epochs: ").append(t.epochs())
                .append(", momentum: ").append(t.momentum())
                .append(", beta1: ").append(t.beta1())
                .append(", beta2: ").append(t.beta2())
                .append(", epsilon: ").append(t.epsilon())
                .append(", weight_decay: ").append(t.weightDecay())
                .append(", schedule: ").append(t.schedule().yamlName())
                .append(", step_size: ").append(t.stepSize())
                .append(", gamma: ").append(t.gamma())
                .append(", min_learning_rate: ").append(t.minLearningRate())
                .append(", seed: ").append(t.seed())
                .append(", patience: ").append(t.patience())
                .append("}\n");
        sb.append("unroll: {mode: ").append(unroll.mode().yamlName())
                .append(", threshold: ").append(unroll.threshold()).append("}\n");
        // Only when not the default (auto), so that a spec which never named its kernels keeps its hash.
        if (kernels != Kernels.AUTO) {
            sb.append("kernels: ").append(kernels.yamlName()).append('\n');
        }
        return sb.toString();
    }

    private void appendArchitecture(StringBuilder sb, boolean withUnroll) {
        sb.append("input: ").append(input).append('\n');
        sb.append("layers:\n");
        for (LayerSpec layer : layers) {
            sb.append("  - {units: ").append(layer.units()).append(", activation: ").append(layer.activation().yamlName());
            if (layer.activation() == Activation.LEAKY_RELU) {
                sb.append(", alpha: ").append(layer.alpha());
            }
            if (withUnroll && layer.unroll() != UnrollMode.AUTO) {
                sb.append(", unroll: ").append(layer.unroll().yamlName());
            }
            sb.append("}\n");
        }
        sb.append("loss: ").append(loss.yamlName()).append('\n');
    }

    /** SHA-256 of the canonical form, as 64 lower-case hex digits. */
    public String hash() {
        return sha256(canonical());
    }

    /**
     * SHA-256 over what defines the parameters and the function they compute: input size, layers (units,
     * activation, alpha) and loss. Weight files record it; precision, init, training and unroll settings
     * may change without invalidating saved weights.
     */
    public String architectureHash() {
        StringBuilder sb = new StringBuilder();
        appendArchitecture(sb, false);
        return sha256(sb.toString());
    }

    private static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec other && canonical().equals(other.canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return qualifiedName() + " " + input + "-" + layers.stream()
                .map(l -> l.units() + ":" + l.activation().yamlName()).collect(Collectors.joining("-"))
                + " " + loss.yamlName() + " " + precision.yamlName();
    }

    /** Builds a spec in code; every optional setting starts at its default. */
    public static final class Builder {
        private final String name;
        private String packageName = "";
        private int input;
        private final List<LayerSpec> layers = new ArrayList<>();
        private Loss loss = Loss.CROSS_ENTROPY;
        private Precision precision = Precision.FLOAT;
        private InitSpec init = InitSpec.DEFAULT;
        private TrainingSpec training = TrainingSpec.DEFAULT;
        private UnrollSpec unroll = UnrollSpec.DEFAULT;
        private Kernels kernels = Kernels.AUTO;

        private Builder(String name) {
            this.name = name;
        }

        public Builder packageName(String p) {
            this.packageName = p;
            return this;
        }

        public Builder input(int n) {
            this.input = n;
            return this;
        }

        public Builder layer(int units, Activation activation) {
            layers.add(LayerSpec.of(units, activation));
            return this;
        }

        public Builder layer(LayerSpec layer) {
            layers.add(layer);
            return this;
        }

        public Builder loss(Loss l) {
            this.loss = l;
            return this;
        }

        public Builder precision(Precision p) {
            this.precision = p;
            return this;
        }

        public Builder init(InitSpec i) {
            this.init = i;
            return this;
        }

        public Builder seed(long seed) {
            this.init = init.withSeed(seed);
            return this;
        }

        public Builder training(TrainingSpec t) {
            this.training = t;
            return this;
        }

        public Builder unroll(UnrollSpec u) {
            this.unroll = u;
            return this;
        }

        public Builder kernels(Kernels k) {
            this.kernels = k;
            return this;
        }

        public NetworkSpec build() {
            return new NetworkSpec(name, packageName, input, layers, loss, precision, init, training, unroll,
                    kernels, SpecOrigin.PROGRAMMATIC);
        }
    }
}
