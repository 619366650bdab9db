package org.fnnc.spec.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.fnnc.spec.Activation;
import org.fnnc.spec.InitScheme;
import org.fnnc.spec.InitSpec;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Precision;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;

/**
 * Properties over random valid specs: the canonical form loads back to an equal spec, and the hash depends
 * on content only (not on layout, key order or comments) and on every piece of content.
 */
class SpecRoundTripPropertiesTest {

    private static final SpecLoader LOADER = SpecLoader.withDefaults();

    @Property(tries = 100)
    void canonicalFormLoadsBackToAnEqualSpec(@ForAll("specs") NetworkSpec spec) {
        NetworkSpec loaded = LOADER.load(spec.canonical(), "canonical.yaml");
        assertEquals(spec, loaded);
        assertEquals(spec.hash(), loaded.hash());
        assertEquals(spec.architectureHash(), loaded.architectureHash());
        assertEquals(spec.canonical(), loaded.canonical());
    }

    @Property(tries = 100)
    void hashIgnoresLayoutKeyOrderAndComments(@ForAll("specs") NetworkSpec spec, @ForAll long shuffleSeed) {
        Random random = new Random(shuffleSeed);
        NetworkSpec block = LOADER.load(render(spec, false, random), "block.yaml");
        NetworkSpec flow = LOADER.load(render(spec, true, random), "flow.yaml");
        assertEquals(spec, block);
        assertEquals(spec, flow);
        assertEquals(block.hash(), flow.hash());
        assertEquals(spec.hash(), flow.hash());
    }

    @Property(tries = 100)
    void hashChangesWithEveryMeaningfulField(@ForAll("specs") NetworkSpec spec) {
        for (UnaryOperator<NetworkSpec> mutation : mutations(spec)) {
            NetworkSpec changed = mutation.apply(spec);
            assertNotEquals(spec.hash(), changed.hash(), changed::canonical);
            assertNotEquals(spec, changed);
            assertEquals(changed, LOADER.load(changed.canonical(), "changed.yaml"));
        }
    }

    @Property(tries = 100)
    void architectureHashIgnoresTrainingPrecisionInitAndUnroll(@ForAll("specs") NetworkSpec spec) {
        NetworkSpec other = spec.withPrecision(spec.precision() == Precision.FLOAT ? Precision.DOUBLE : Precision.FLOAT)
                .withInit(spec.init().withSeed(spec.init().seed() + 1))
                .withUnroll(new UnrollSpec(UnrollMode.LOOPS, spec.unroll().threshold() + 1))
                .withKernels(spec.kernels() == Kernels.SCALAR ? Kernels.VECTOR_API : Kernels.SCALAR)
                .withName(spec.name() + "X");
        assertEquals(spec.architectureHash(), other.architectureHash());
        assertNotEquals(spec.hash(), other.hash());
    }

    /** One change to each field the canonical form holds. */
    private static List<UnaryOperator<NetworkSpec>> mutations(NetworkSpec s) {
        TrainingSpec t = s.training();
        List<UnaryOperator<NetworkSpec>> m = new ArrayList<>();
        m.add(x -> x.withName(x.name() + "2"));
        m.add(x -> x.withPackageName(x.packageName().isEmpty() ? "p" : x.packageName() + ".q"));
        m.add(SpecRoundTripPropertiesTest::withOneMoreInput);
        m.add(x -> x.withLayers(replaceFirst(x, new LayerSpec(x.layer(0).units() + 1, x.layer(0).activation(),
                x.layer(0).alpha(), x.layer(0).unroll()))));
        m.add(x -> x.withLayers(replaceFirst(x, x.layer(0).withUnroll(
                x.layer(0).unroll() == UnrollMode.LOOPS ? UnrollMode.FULL : UnrollMode.LOOPS))));
        m.add(x -> x.withPrecision(x.precision() == Precision.FLOAT ? Precision.DOUBLE : Precision.FLOAT));
        m.add(x -> x.withInit(x.init().withSeed(x.init().seed() ^ 1)));
        m.add(x -> x.withInit(new InitSpec(x.init().scheme() == InitScheme.HE ? InitScheme.XAVIER : InitScheme.HE,
                x.init().seed(), 0.05)));
        m.add(x -> x.withUnroll(new UnrollSpec(x.unroll().mode(), x.unroll().threshold() + 1)));
        m.add(x -> x.withUnroll(new UnrollSpec(x.unroll().mode() == UnrollMode.FULL ? UnrollMode.AUTO : UnrollMode.FULL,
                x.unroll().threshold())));
        m.add(x -> x.withKernels(x.kernels() == Kernels.SCALAR ? Kernels.VECTOR_API : Kernels.SCALAR));
        m.add(x -> x.withTraining(new TrainingSpec(t.optimizer() == OptimizerKind.ADAM ? OptimizerKind.SGD : OptimizerKind.ADAM,
                t.learningRate(), t.batchSize(), t.epochs(), t.momentum(), t.beta1(), t.beta2(), t.epsilon(),
                t.weightDecay(), t.schedule(), t.stepSize(), t.gamma(), t.minLearningRate(), t.seed(), t.patience())));
        m.add(x -> x.withTraining(new TrainingSpec(t.optimizer(), t.learningRate() * 2, t.batchSize() + 1,
                t.epochs(), t.momentum(), t.beta1(), t.beta2(), t.epsilon(), t.weightDecay(), t.schedule(),
                t.stepSize(), t.gamma(), t.minLearningRate(), t.seed(), t.patience())));
        m.add(x -> x.withTraining(new TrainingSpec(t.optimizer(), t.learningRate(), t.batchSize(), t.epochs() + 1,
                t.momentum() / 2, t.beta1(), t.beta2(), t.epsilon(), t.weightDecay(), t.schedule(),
                t.stepSize(), t.gamma(), t.minLearningRate(), t.seed() + 1, t.patience() + 1)));
        if (s.loss() == Loss.MSE) {
            // linear output: the loss is the only thing that differs
            m.add(x -> x.withLayers(replaceLast(x, LayerSpec.of(x.outputSize(), Activation.SIGMOID))));
        }
        return m;
    }

    private static NetworkSpec withOneMoreInput(NetworkSpec x) {
        NetworkSpec.Builder b = NetworkSpec.builder(x.name()).packageName(x.packageName()).input(x.input() + 1)
                .loss(x.loss()).precision(x.precision()).init(x.init()).training(x.training()).unroll(x.unroll())
                .kernels(x.kernels());
        x.layers().forEach(b::layer);
        return b.build();
    }

    private static List<LayerSpec> replaceFirst(NetworkSpec s, LayerSpec layer) {
        List<LayerSpec> layers = new ArrayList<>(s.layers());
        layers.set(0, layer);
        return layers;
    }

    private static List<LayerSpec> replaceLast(NetworkSpec s, LayerSpec layer) {
        List<LayerSpec> layers = new ArrayList<>(s.layers());
        if (s.outputLayer().activation() == layer.activation()) {
            layer = LayerSpec.of(layer.units(), Activation.TANH);
        }
        layers.set(layers.size() - 1, layer);
        return layers;
    }

    // ---- generators ----------------------------------------------------------------------------------

    @Provide
    Arbitrary<NetworkSpec> specs() {
        Arbitrary<String> names = Arbitraries.of("Net", "MnistMlp", "X", "Iris2", "deep_net", "True", "Null");
        Arbitrary<String> packages = Arbitraries.of("", "org.example", "a.b.c", "nets");
        Arbitrary<List<LayerSpec>> hidden = hiddenLayer().list().ofMinSize(0).ofMaxSize(4);
        Arbitrary<Loss> losses = Arbitraries.of(Loss.class);
        Arbitrary<Integer> inputs = Arbitraries.integers().between(1, 1000);
        Arbitrary<Integer> outputs = Arbitraries.integers().between(1, 20);
        Arbitrary<Activation> mseOutputs = Arbitraries.of(Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.LEAKY_RELU, Activation.LINEAR);
        return Combinators.combine(names, packages, inputs, hidden, losses, outputs, mseOutputs, settings())
                .as((name, pkg, input, hid, loss, out, mseOut, st) -> {
                    List<LayerSpec> layers = new ArrayList<>(hid);
                    Activation outAct = switch (loss) {
                        case CROSS_ENTROPY -> Activation.SOFTMAX;
                        case BINARY_CROSS_ENTROPY -> Activation.SIGMOID;
                        case MSE -> mseOut;
                    };
                    // a softmax over one unit cannot learn and is refused: at least two classes
                    int units = outAct == Activation.SOFTMAX ? Math.max(2, out) : out;
                    layers.add(new LayerSpec(units, outAct, 0.3, UnrollMode.AUTO));
                    NetworkSpec.Builder b = NetworkSpec.builder(name).packageName(pkg).input(input).loss(loss)
                            .precision(st.precision()).init(st.init()).training(st.training()).unroll(st.unroll())
                            .kernels(st.kernels());
                    layers.forEach(b::layer);
                    return b.build();
                });
    }

    private record Settings(Precision precision, InitSpec init, TrainingSpec training, UnrollSpec unroll,
                            Kernels kernels) {
    }

    private static Arbitrary<Settings> settings() {
        Arbitrary<InitSpec> inits = Combinators.combine(Arbitraries.of(InitScheme.class),
                Arbitraries.longs(), Arbitraries.doubles().between(1e-6, 2.0).ofScale(15))
                .as(InitSpec::new);
        Arbitrary<TrainingSpec> trainings = Combinators.combine(
                Arbitraries.of(OptimizerKind.class), Arbitraries.doubles().between(1e-5, 1.0).ofScale(15),
                Arbitraries.integers().between(1, 512), Arbitraries.integers().between(1, 1000),
                Arbitraries.doubles().between(0.0, 0.999).ofScale(15), Arbitraries.of(Schedule.class),
                Arbitraries.longs(), Arbitraries.integers().between(0, 20))
                .as((opt, lr, batch, epochs, mom, sched, seed, patience) -> new TrainingSpec(opt, lr, batch, epochs,
                        mom, 0.9, 0.999, 1e-8, lr / 100, sched, 1 + patience, 0.5, lr / 10, seed, patience));
        Arbitrary<UnrollSpec> unrolls = Combinators.combine(Arbitraries.of(UnrollMode.class),
                Arbitraries.integers().between(0, 100_000)).as(UnrollSpec::new);
        return Combinators.combine(Arbitraries.of(Precision.class), inits, trainings, unrolls,
                Arbitraries.of(Kernels.class)).as(Settings::new);
    }

    private static Arbitrary<LayerSpec> hiddenLayer() {
        Arbitrary<Activation> acts = Arbitraries.of(Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.LEAKY_RELU, Activation.LINEAR);
        return Combinators.combine(Arbitraries.integers().between(1, 300), acts,
                Arbitraries.doubles().between(0.0, 0.99).ofScale(15), Arbitraries.of(UnrollMode.class)).as(LayerSpec::new);
    }

    // ---- an independent YAML writer ------------------------------------------------------------------

    /**
     * Writes the spec as YAML without using canonical(): block style (one key per line, comments) or flow
     * style (inline mappings), keys in random order, optional keys at their default sometimes left out.
     */
    static String render(NetworkSpec s, boolean flow, Random random) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("name", s.name());
        if (!s.packageName().isEmpty() || random.nextBoolean()) {
            top.put("package", s.packageName().isEmpty() ? "''" : s.packageName());
        }
        top.put("input", s.input());
        List<Object> layers = new ArrayList<>();
        for (LayerSpec l : s.layers()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("units", l.units());
            layer.put("activation", l.activation().yamlName());
            if (l.activation() == Activation.LEAKY_RELU) {
                layer.put("alpha", l.alpha());
            }
            if (l.unroll() != UnrollMode.AUTO || random.nextBoolean()) {
                layer.put("unroll", l.unroll().yamlName());
            }
            layers.add(layer);
        }
        top.put("layers", layers);
        top.put("loss", s.loss().yamlName());
        if (s.precision() != Precision.FLOAT || random.nextBoolean()) {
            top.put("precision", s.precision().yamlName());
        }
        Map<String, Object> init = new LinkedHashMap<>();
        init.put("scheme", s.init().scheme().yamlName());
        init.put("seed", s.init().seed());
        if (s.init().scheme() == InitScheme.UNIFORM) {
            init.put("range", s.init().scale());
        } else if (s.init().scheme() == InitScheme.NORMAL) {
            init.put("stddev", s.init().scale());
        }
        top.put("init", init);
        TrainingSpec t = s.training();
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("optimizer", t.optimizer().yamlName());
        training.put("learning_rate", t.learningRate());
        training.put("batch_size", t.batchSize());
        training.put("epochs", t.epochs());
        training.put("momentum", t.momentum());
        training.put("beta1", t.beta1());
        training.put("beta2", t.beta2());
        training.put("epsilon", t.epsilon());
        training.put("weight_decay", t.weightDecay());
        training.put("schedule", t.schedule().yamlName());
        training.put("step_size", t.stepSize());
        training.put("gamma", t.gamma());
        training.put("min_learning_rate", t.minLearningRate());
        training.put("seed", t.seed());
        training.put("patience", t.patience());
        top.put("training", training);
        if (s.unroll().threshold() == UnrollSpec.DEFAULT_THRESHOLD && random.nextBoolean()) {
            top.put("unroll", s.unroll().mode().yamlName());
        } else {
            top.put("unroll", Map.of("mode", s.unroll().mode().yamlName(), "threshold", s.unroll().threshold()));
        }
        if (s.kernels() != Kernels.AUTO || random.nextBoolean()) {
            top.put("kernels", s.kernels().yamlName());
        }
        StringBuilder sb = new StringBuilder("# generated for a property test\n");
        if (flow) {
            sb.append(flowValue(top, random)).append('\n');
        } else {
            block(sb, top, "", random);
        }
        return sb.toString();
    }

    private static List<Map.Entry<String, Object>> shuffled(Map<?, ?> map, Random random) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        map.forEach((k, v) -> entries.add(Map.entry((String) k, v)));
        Collections.shuffle(entries, random);
        return entries;
    }

    private static void block(StringBuilder sb, Map<?, ?> map, String indent, Random random) {
        for (Map.Entry<String, Object> e : shuffled(map, random)) {
            if (random.nextInt(4) == 0) {
                sb.append(indent).append("# about ").append(e.getKey()).append('\n');
            }
            sb.append(indent).append(e.getKey()).append(':');
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                sb.append('\n');
                block(sb, m, indent + "  ", random);
            } else if (v instanceof List<?> list) {
                sb.append('\n');
                for (Object item : list) {
                    sb.append(indent).append("  -   ");
                    sb.append(flowValue(item, random)).append("   # a layer\n");
                }
            } else {
                sb.append("  ").append(v).append('\n');
            }
        }
    }

    private static String flowValue(Object v, Random random) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            String sep = "";
            for (Map.Entry<String, Object> e : shuffled(m, random)) {
                sb.append(sep).append(e.getKey()).append(": ").append(flowValue(e.getValue(), random));
                sep = random.nextBoolean() ? ", " : ",\n  ";
            }
            return sb.append('}').toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            String sep = "";
            for (Object item : list) {
                sb.append(sep).append(flowValue(item, random));
                sep = ", ";
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }
}
