package org.fnnc.spec.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Diagnostic;
import org.fnnc.spec.InitScheme;
import org.fnnc.spec.InitSpec;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.OptimizerKind;
import org.fnnc.spec.Precision;
import org.fnnc.spec.Schedule;
import org.fnnc.spec.SourcePosition;
import org.fnnc.spec.SpecLimits;
import org.fnnc.spec.SpecOrigin;
import org.fnnc.spec.SpecRules;
import org.fnnc.spec.Suggestions;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.fnnc.spec.YamlEnum;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a composed YAML node tree into a {@link NetworkSpec}, collecting every problem as a positioned
 * {@link Diagnostic} instead of stopping at the first. One instance reads one spec.
 */
final class SpecReader {

    static final List<String> TOP_KEYS =
            List.of("name", "package", "input", "layers", "loss", "precision", "init", "training", "unroll",
                    "kernels");
    static final List<String> LAYER_KEYS = List.of("units", "activation", "alpha", "unroll");
    static final List<String> INIT_KEYS = List.of("scheme", "seed", "range", "stddev");
    static final List<String> TRAINING_KEYS = List.of("optimizer", "learning_rate", "batch_size", "epochs",
            "momentum", "beta1", "beta2", "epsilon", "weight_decay", "schedule", "step_size", "gamma",
            "min_learning_rate", "seed", "patience");
    static final List<String> UNROLL_KEYS = List.of("mode", "threshold");

    /** A constraint on a floating-point setting, with the words that describe it in messages. */
    private record DoubleRule(String text, DoublePredicate ok) {
    }

    private static final DoubleRule POSITIVE = new DoubleRule("positive and finite", v -> v > 0 && Double.isFinite(v));
    private static final DoubleRule NON_NEGATIVE = new DoubleRule("zero or positive and finite",
            v -> v >= 0 && Double.isFinite(v));
    private static final DoubleRule UNIT_INTERVAL = new DoubleRule("in [0, 1)", v -> v >= 0 && v < 1);
    private static final DoubleRule DECAY_FACTOR = new DoubleRule("in (0, 1]", v -> v > 0 && v <= 1);

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final String source;
    private final SpecLimits limits;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Map<String, SourcePosition> positions = new HashMap<>();
    /** Problems reported here plus values skipped for a tag the composer already reported. */
    private int problems;

    SpecReader(String source, SpecLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    /** Problems found so far, in the order found. */
    List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The spec, or null if any problem was found (see {@link #diagnostics()}). */
    NetworkSpec read(Node root) {
        positions.put("", position(root));
        if (!(root instanceof MappingNode)) {
            error(root, "a spec must be a mapping of keys to values, found " + kindOf(root),
                    "start with 'name: MyNetwork' on its own line");
            return null;
        }
        Fields top = new Fields(root, "", TOP_KEYS);

        String name = string(top.require("name", "the generated class name, e.g. 'name: MnistMlp'"),
                "name", "a class name");
        if (name != null) {
            report(SpecRules.checkClassName("name", name, limits));
        }
        String pkg = top.has("package") ? string(top.get("package"), "package", "a package name") : "";
        if (pkg != null) {
            report(SpecRules.checkPackageName("package", pkg, limits));
        }
        Integer input = integer(top.require("input", "the number of input features, e.g. 'input: 784'"), "input");
        if (input != null) {
            report(SpecRules.checkInput(input, limits));
        }
        List<LayerSpec> layers = layers(top.require("layers",
                "a list of layers, e.g. 'layers: [{units: 10, activation: softmax}]'"));
        if (layers != null) {
            report(SpecRules.checkLayers(input == null ? 0 : Math.max(input, 0), layers, limits));
        }
        Loss loss = enumValue(top.require("loss", oneOf(Loss.class)), "loss", Loss.class, "loss");
        if (loss != null && layers != null && !layers.isEmpty()) {
            report(SpecRules.checkLoss(layers, loss));
        }
        Precision precision = top.has("precision")
                ? enumValue(top.get("precision"), "precision", Precision.class, "precision") : Precision.FLOAT;
        InitSpec init = top.has("init") ? init(top.get("init")) : InitSpec.DEFAULT;
        TrainingSpec training = top.has("training") ? training(top.get("training")) : TrainingSpec.DEFAULT;
        UnrollSpec unroll = top.has("unroll") ? unroll(top.get("unroll")) : UnrollSpec.DEFAULT;
        Kernels kernels = top.has("kernels")
                ? enumValue(top.get("kernels"), "kernels", Kernels.class, "kernel kind") : Kernels.AUTO;

        if (problems > 0) {
            return null;
        }
        try {
            return new NetworkSpec(name, pkg, input, layers, loss, precision, init, training, unroll, kernels,
                    new SpecOrigin(source, positions));
        } catch (IllegalArgumentException e) {
            // unreachable while the loader's checks are at least as strict as the constructors'
            problems++;
            diagnostics.add(new Diagnostic(source, positions.get(""), e.getMessage(), ""));
            return null;
        }
    }

    // ---- sections ------------------------------------------------------------------------------------

    private List<LayerSpec> layers(Node node) {
        if (node == null || hasForeignTag(node)) {
            return null;
        }
        if (!(node instanceof SequenceNode seq)) {
            error(node, "expected a list of layers for 'layers', found " + kindOf(node),
                    "write one '- {units: N, activation: A}' line per layer");
            return null;
        }
        int before = problems;
        List<LayerSpec> layers = new ArrayList<>();
        for (int l = 0; l < seq.getValue().size(); l++) {
            LayerSpec layer = layer(seq.getValue().get(l), "layers[" + l + "]");
            if (layer != null) {
                layers.add(layer);
            }
        }
        return problems == before ? layers : null;
    }

    private LayerSpec layer(Node node, String path) {
        positions.put(path, position(node));
        if (hasForeignTag(node)) {
            return null;
        }
        if (!(node instanceof MappingNode)) {
            error(node, "expected a mapping for '" + path + "', found " + kindOf(node),
                    "each layer looks like '{units: 16, activation: relu}'");
            return null;
        }
        int before = problems;
        Fields f = new Fields(node, path, LAYER_KEYS);
        Integer units = integer(f.require("units", "the number of neurons, e.g. 'units: 16'"), f.path("units"));
        if (units != null && units < 1) {
            error(f.get("units"), "'" + f.path("units") + "' must be at least 1, found " + units,
                    "the number of neurons in the layer");
        }
        Activation activation = enumValue(f.require("activation", oneOf(Activation.class)),
                f.path("activation"), Activation.class, "activation");
        double alpha = LayerSpec.DEFAULT_LEAKY_ALPHA;
        if (f.has("alpha") && activation != null) {
            if (activation == Activation.LEAKY_RELU) {
                alpha = number(f.get("alpha"), f.path("alpha"), UNIT_INTERVAL, alpha);
            } else {
                error(f.key("alpha"), "'alpha' only applies to leaky_relu layers, but " + path + " uses "
                        + activation.yamlName(), "remove 'alpha', or use 'activation: leaky_relu'");
            }
        }
        UnrollMode unroll = f.has("unroll")
                ? enumValue(f.get("unroll"), f.path("unroll"), UnrollMode.class, "unroll mode") : UnrollMode.AUTO;
        if (problems != before) {
            return null;
        }
        return new LayerSpec(units, activation, alpha, unroll);
    }

    private InitSpec init(Node node) {
        Fields f = section(node, "init", INIT_KEYS, "'init: {scheme: he, seed: 7}'");
        if (f == null) {
            return null;
        }
        int before = problems;
        InitScheme scheme = f.has("scheme")
                ? enumValue(f.get("scheme"), "init.scheme", InitScheme.class, "init scheme") : InitScheme.AUTO;
        long seed = f.has("seed") ? orZero(longValue(f.get("seed"), "init.seed")) : InitSpec.DEFAULT_SEED;
        double scale = InitSpec.DEFAULT_SCALE;
        for (String key : List.of("range", "stddev")) {
            InitScheme owner = key.equals("range") ? InitScheme.UNIFORM : InitScheme.NORMAL;
            if (!f.has(key) || scheme == null) {
                continue;
            }
            if (scheme == owner) {
                scale = number(f.get(key), "init." + key, POSITIVE, scale);
            } else {
                error(f.key(key), "'" + key + "' only applies to init scheme " + owner.yamlName()
                        + ", but the scheme is " + scheme.yamlName(),
                        "remove '" + key + "', or use 'scheme: " + owner.yamlName() + "'");
            }
        }
        return problems == before ? new InitSpec(scheme, seed, scale) : null;
    }

    private TrainingSpec training(Node node) {
        Fields f = section(node, "training", TRAINING_KEYS, "'training: {optimizer: adam, learning_rate: 0.001}'");
        if (f == null) {
            return null;
        }
        int before = problems;
        TrainingSpec d = TrainingSpec.DEFAULT;
        OptimizerKind optimizer = f.has("optimizer")
                ? enumValue(f.get("optimizer"), "training.optimizer", OptimizerKind.class, "optimizer") : d.optimizer();
        double learningRate = trainingNumber(f, "learning_rate", POSITIVE, d.learningRate());
        int batchSize = trainingInt(f, "batch_size", 1, d.batchSize());
        int epochs = trainingInt(f, "epochs", 1, d.epochs());
        double momentum = trainingNumber(f, "momentum", UNIT_INTERVAL, d.momentum());
        double beta1 = trainingNumber(f, "beta1", UNIT_INTERVAL, d.beta1());
        double beta2 = trainingNumber(f, "beta2", UNIT_INTERVAL, d.beta2());
        double epsilon = trainingNumber(f, "epsilon", POSITIVE, d.epsilon());
        double weightDecay = trainingNumber(f, "weight_decay", NON_NEGATIVE, d.weightDecay());
        Schedule schedule = f.has("schedule")
                ? enumValue(f.get("schedule"), "training.schedule", Schedule.class, "schedule") : d.schedule();
        int stepSize = trainingInt(f, "step_size", 1, d.stepSize());
        double gamma = trainingNumber(f, "gamma", DECAY_FACTOR, d.gamma());
        double minLearningRate = trainingNumber(f, "min_learning_rate", NON_NEGATIVE, d.minLearningRate());
        long seed = f.has("seed") ? orZero(longValue(f.get("seed"), "training.seed")) : d.seed();
        int patience = trainingInt(f, "patience", 0, d.patience());
        if (problems != before) {
            return null;
        }
        if (minLearningRate > learningRate) {
            error(f.has("min_learning_rate") ? f.get("min_learning_rate") : f.get("learning_rate"),
                    "min_learning_rate " + minLearningRate + " is larger than learning_rate " + learningRate,
                    "the cosine schedule decays from learning_rate down to min_learning_rate");
            return null;
        }
        return new TrainingSpec(optimizer, learningRate, batchSize, epochs, momentum, beta1, beta2, epsilon,
                weightDecay, schedule, stepSize, gamma, minLearningRate, seed, patience);
    }

    private double trainingNumber(Fields f, String key, DoubleRule rule, double fallback) {
        return f.has(key) ? number(f.get(key), "training." + key, rule, fallback) : fallback;
    }

    private int trainingInt(Fields f, String key, int min, int fallback) {
        if (!f.has(key)) {
            return fallback;
        }
        Integer v = integer(f.get(key), "training." + key);
        if (v == null) {
            return fallback;
        }
        if (v < min) {
            error(f.get(key), "'training." + key + "' must be at least " + min + ", found " + v, "");
        }
        return v;
    }

    private UnrollSpec unroll(Node node) {
        if (hasForeignTag(node)) {
            return null;
        }
        if (node instanceof ScalarNode) {
            UnrollMode mode = enumValue(node, "unroll", UnrollMode.class, "unroll mode");
            return mode == null ? null : new UnrollSpec(mode, UnrollSpec.DEFAULT_THRESHOLD);
        }
        if (!(node instanceof MappingNode)) {
            error(node, "expected an unroll mode or a mapping {mode, threshold} for 'unroll', found " + kindOf(node),
                    "for example 'unroll: loops' or 'unroll: {mode: auto, threshold: 512}'");
            return null;
        }
        int before = problems;
        Fields f = new Fields(node, "unroll", UNROLL_KEYS);
        UnrollMode mode = f.has("mode")
                ? enumValue(f.get("mode"), "unroll.mode", UnrollMode.class, "unroll mode") : UnrollMode.AUTO;
        int threshold = UnrollSpec.DEFAULT_THRESHOLD;
        if (f.has("threshold")) {
            Integer t = integer(f.get("threshold"), "unroll.threshold");
            if (t != null && t < 0) {
                error(f.get("threshold"), "'unroll.threshold' must be at least 0, found " + t,
                        "the largest number of multiply-adds per layer that auto mode fully unrolls");
            }
            threshold = t == null ? threshold : t;
        }
        return problems == before ? new UnrollSpec(mode, threshold) : null;
    }

    /** The fields of an optional mapping section such as {@code init}, or null if it is not a mapping. */
    private Fields section(Node node, String path, List<String> keys, String example) {
        if (hasForeignTag(node)) {
            return null;
        }
        if (!(node instanceof MappingNode)) {
            error(node, "expected a mapping for '" + path + "', found " + kindOf(node), "for example " + example);
            return null;
        }
        return new Fields(node, path, keys);
    }

    // ---- scalars -------------------------------------------------------------------------------------

    /** Text of any non-null scalar (so {@code name: True} names a class True), else an error. */
    private String string(Node node, String path, String expected) {
        if (node == null || hasForeignTag(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode s) || isNull(node)) {
            error(node, "expected " + expected + " for '" + path + "', found " + kindOf(node), "");
            return null;
        }
        return s.getValue();
    }

    private static <E extends Enum<E> & YamlEnum> String oneOf(Class<E> type) {
        return "one of " + String.join(", ", YamlEnum.yamlNames(type));
    }

    private <E extends Enum<E> & YamlEnum> E enumValue(Node node, String path, Class<E> type, String noun) {
        List<String> names = YamlEnum.yamlNames(type);
        if (node != null && node.getTag().equals(Tag.NULL)) { // 'null' and 'Null' never name a constant
            error(node, "expected " + oneOf(type) + " for '" + path + "', found null", "");
            return null;
        }
        String text = string(node, path, oneOf(type));
        if (text == null) {
            return null;
        }
        E value = YamlEnum.fromYaml(type, text);
        if (value == null) {
            error(node, "unknown " + noun + " '" + SpecRules.printable(text) + "'", Suggestions.expectedOneOf(text, names));
        }
        return value;
    }

    /** An integer that fits an int, else an error. */
    private Integer integer(Node node, String path) {
        BigInteger v = bigInteger(node, path);
        if (v == null) {
            return null;
        }
        if (v.compareTo(INT_MIN) < 0 || v.compareTo(INT_MAX) > 0) {
            error(node, "integer " + v + " is out of range for '" + path + "'",
                    "expected " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
            return null;
        }
        return v.intValue();
    }

    private Long longValue(Node node, String path) {
        BigInteger v = bigInteger(node, path);
        if (v == null) {
            return null;
        }
        if (v.compareTo(LONG_MIN) < 0 || v.compareTo(LONG_MAX) > 0) {
            error(node, "integer " + v + " is out of range for '" + path + "'",
                    "expected " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
            return null;
        }
        return v.longValue();
    }

    private BigInteger bigInteger(Node node, String path) {
        if (node == null || hasForeignTag(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode s) || !node.getTag().equals(Tag.INT)) {
            error(node, "expected an integer for '" + path + "', found " + kindOf(node), "");
            return null;
        }
        try {
            return parseInteger(s.getValue());
        } catch (NumberFormatException e) {
            error(node, "'" + SpecRules.printable(s.getValue()) + "' is not an integer", "");
            return null;
        }
    }

    /** A number (integer or float) satisfying the rule, else an error and the fallback. */
    private double number(Node node, String path, DoubleRule rule, double fallback) {
        if (hasForeignTag(node)) {
            return fallback;
        }
        if (!(node instanceof ScalarNode s) || !(node.getTag().equals(Tag.FLOAT) || node.getTag().equals(Tag.INT))) {
            error(node, "expected a number for '" + path + "', found " + kindOf(node), "");
            return fallback;
        }
        double v;
        try {
            v = node.getTag().equals(Tag.INT) ? parseInteger(s.getValue()).doubleValue() : parseFloat(s.getValue());
        } catch (NumberFormatException e) {
            error(node, "'" + SpecRules.printable(s.getValue()) + "' is not a number", "");
            return fallback;
        }
        if (!rule.ok().test(v)) {
            error(node, "'" + path + "' must be " + rule.text() + ", found " + SpecRules.printable(s.getValue()), "");
            return fallback;
        }
        return v;
    }

    /** The YAML 1.2 core schema's integers: decimal with optional sign, {@code 0o} octal, {@code 0x} hex. */
    static BigInteger parseInteger(String text) {
        String t = text.startsWith("+") ? text.substring(1) : text;
        if (t.startsWith("0x")) {
            return new BigInteger(t.substring(2), 16);
        }
        if (t.startsWith("0o")) {
            return new BigInteger(t.substring(2), 8);
        }
        return new BigInteger(t);
    }

    /** The YAML 1.2 core schema's floats, including {@code .inf} and {@code .nan} in their three spellings. */
    static double parseFloat(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        switch (t) {
            case ".inf":
            case "+.inf":
                return Double.POSITIVE_INFINITY;
            case "-.inf":
                return Double.NEGATIVE_INFINITY;
            case ".nan":
                return Double.NaN;
            default:
                return Double.parseDouble(t);
        }
    }

    private static long orZero(Long v) {
        return v == null ? 0L : v;
    }

    private static boolean isNull(Node node) {
        if (!(node instanceof ScalarNode s) || !node.getTag().equals(Tag.NULL)) {
            return false;
        }
        return s.getValue().isEmpty() || s.getValue().equals("~");
    }

    /** What a node is, for "found ..." in messages: {@code a float 12.5}, {@code a list}, {@code null}. */
    static String kindOf(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        String text = SpecRules.printable(s.getValue());
        Tag tag = node.getTag();
        if (tag.equals(Tag.NULL)) {
            return "null";
        } else if (tag.equals(Tag.BOOL)) {
            return "a boolean " + text;
        } else if (tag.equals(Tag.INT)) {
            return "an integer " + text;
        } else if (tag.equals(Tag.FLOAT)) {
            return "a float " + text;
        }
        return "a string '" + text + "'";
    }

    /** Nodes with a non-standard tag were reported while scanning; they are skipped (but count) here. */
    private boolean hasForeignTag(Node node) {
        if (YamlComposer.isStandardTag(node.getTag().getValue())) {
            return false;
        }
        problems++;
        return true;
    }

    // ---- diagnostics ---------------------------------------------------------------------------------

    private static SourcePosition position(Node node) {
        return node.getStartMark().map(YamlComposer::position).orElse(SourcePosition.UNKNOWN);
    }

    private void error(Node node, String message, String hint) {
        problems++;
        diagnostics.add(new Diagnostic(source, position(node), message, hint));
    }

    private void report(List<SpecRules.Problem> found) {
        SpecOrigin origin = new SpecOrigin(source, positions);
        for (SpecRules.Problem p : found) {
            problems++;
            diagnostics.add(origin.diagnostic(p.path(), p.message(), p.hint()));
        }
    }

    /**
     * The entries of one mapping: unknown and duplicate keys are reported as they are met, the positions
     * of known keys' values are recorded under their key paths.
     */
    private final class Fields {
        private final Node map;
        private final String path;
        private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
        private final Map<String, Node> seen = new HashMap<>();

        Fields(Node map, String path, List<String> allowed) {
            this.map = map;
            this.path = path;
            for (NodeTuple t : ((MappingNode) map).getValue()) {
                Node keyNode = t.getKeyNode();
                if (hasForeignTag(keyNode)) {
                    continue;
                }
                if (!(keyNode instanceof ScalarNode k)) {
                    error(keyNode, "expected a key name, found " + kindOf(keyNode), "keys are plain words such as 'units'");
                    continue;
                }
                String key = k.getValue();
                Node first = seen.putIfAbsent(key, keyNode);
                if (first != null) {
                    error(keyNode, "duplicate key '" + SpecRules.printable(key) + "'",
                            "first defined at " + position(first));
                } else if (!allowed.contains(key)) {
                    error(keyNode, "unknown key '" + SpecRules.printable(key) + "'"
                            + (path.isEmpty() ? "" : " in '" + path + "'"), Suggestions.expectedOneOf(key, allowed));
                } else {
                    entries.put(key, t);
                    positions.put(path(key), position(t.getValueNode()));
                }
            }
        }

        String path(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        Node get(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getValueNode();
        }

        Node key(String key) {
            return entries.get(key).getKeyNode();
        }

        /** The value of a required key, or null after reporting it missing. */
        Node require(String key, String hint) {
            if (!has(key)) {
                problems++;
                diagnostics.add(new Diagnostic(source, position(map), "missing required key '" + key + "'"
                        + (path.isEmpty() ? "" : " in '" + path + "'"), hint));
                return null;
            }
            return get(key);
        }
    }
}
