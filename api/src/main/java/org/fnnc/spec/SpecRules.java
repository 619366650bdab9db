package org.fnnc.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The semantic rules of a spec, shared by {@link NetworkSpec}'s constructor and the YAML loader (which
 * reports them at the right line and column). Names are restricted to ASCII Java identifiers so that
 * no spec can smuggle code, comments or Unicode escapes into generated source.
 */
public final class SpecRules {

    /** A problem at a key path such as {@code layers[1].activation}. */
    public record Problem(String path, String message, String hint) {
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** Java keywords, reserved words and literals: none may be a class or package name. */
    public static final Set<String> RESERVED = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "non-sealed", "_");

    /** java.lang types that generated code refers to by simple name; a class of that name would shadow them. */
    public static final Set<String> SHADOWING = Set.of(
            "Math", "StrictMath", "Object", "String", "Float", "Double", "Integer", "Long", "System",
            "Override", "SuppressWarnings", "IllegalArgumentException", "IllegalStateException",
            "Character", "Boolean", "Number", "Class", "Deprecated");

    private SpecRules() {
    }

    /** Problems with a class name, or none. */
    public static List<Problem> checkClassName(String path, String name, SpecLimits limits) {
        List<Problem> out = new ArrayList<>();
        if (name.length() > limits.maxNameLength()) {
            out.add(new Problem(path, "name is " + name.length() + " characters long (at most "
                    + limits.maxNameLength() + " allowed)", "choose a shorter class name, or raise the limit with SpecLimits.withMaxNameLength"));
        } else if (!IDENTIFIER.matcher(name).matches()) {
            out.add(new Problem(path, "'" + printable(name) + "' is not a valid class name "
                    + "(expected an ASCII Java identifier: a letter, then letters, digits or '_')",
                    "for example 'MnistMlp'"));
        } else if (RESERVED.contains(name)) {
            out.add(new Problem(path, "'" + name + "' is a Java keyword and cannot name a class",
                    "for example '" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Net'"));
        } else if (SHADOWING.contains(name)) {
            out.add(new Problem(path, "'" + name + "' would shadow java.lang." + name
                    + ", which generated code uses", "choose another class name, e.g. '" + name + "Net'"));
        }
        return out;
    }

    /** Problems with a package name ("" means the default package), or none. */
    public static List<Problem> checkPackageName(String path, String pkg, SpecLimits limits) {
        List<Problem> out = new ArrayList<>();
        if (pkg.isEmpty()) {
            return out;
        }
        if (pkg.length() > limits.maxNameLength()) {
            out.add(new Problem(path, "package name is " + pkg.length() + " characters long (at most "
                    + limits.maxNameLength() + " allowed)", "choose a shorter package name, or raise the limit with SpecLimits.withMaxNameLength"));
            return out;
        }
        for (String part : pkg.split("\\.", -1)) {
            if (!IDENTIFIER.matcher(part).matches()) {
                out.add(new Problem(path, "'" + printable(pkg) + "' is not a valid package name "
                        + "(expected dot-separated ASCII Java identifiers)", "for example 'org.example.nets'"));
                return out;
            }
            if (RESERVED.contains(part)) {
                out.add(new Problem(path, "package segment '" + part + "' is a Java keyword",
                        "rename that segment, e.g. '" + part + "s'"));
                return out;
            }
        }
        if (pkg.equals("java") || pkg.startsWith("java.")) {
            out.add(new Problem(path, "classes cannot be defined in package '" + pkg
                    + "' (java.* is reserved for the JDK)", "use your own package, e.g. 'org.example.nets'"));
        }
        return out;
    }

    /** Problems with sizes, activations and the loss pairing, or none. */
    public static List<Problem> checkNetwork(int input, List<LayerSpec> layers, Loss loss, SpecLimits limits) {
        List<Problem> out = new ArrayList<>(checkInput(input, limits));
        out.addAll(checkLayers(Math.max(input, 0), layers, limits));
        if (!layers.isEmpty()) {
            out.addAll(checkLoss(layers, loss));
        }
        return out;
    }

    /** Problems with the input size, or none. */
    public static List<Problem> checkInput(int input, SpecLimits limits) {
        if (input > 0 && input <= limits.maxUnits()) {
            return List.of();
        }
        return List.of(new Problem("input", "input size " + input + " is out of range (expected 1 to "
                + limits.maxUnits() + ")", "the number of features per sample, e.g. 784 for MNIST"));
    }

    /**
     * Problems with the layer list, or none: its length, each layer's width, softmax placement and the
     * total parameter count (computed without allocating anything, saturating instead of overflowing).
     *
     * @param input width of the input; pass 0 if it is unknown (the parameter count is then a lower bound)
     */
    public static List<Problem> checkLayers(int input, List<LayerSpec> layers, SpecLimits limits) {
        List<Problem> out = new ArrayList<>();
        if (layers.isEmpty()) {
            out.add(new Problem("layers", "the network has no layers (expected at least one)",
                    "add an output layer, e.g. '- {units: 10, activation: softmax}'"));
            return out;
        }
        if (layers.size() > limits.maxLayers()) {
            out.add(new Problem("layers", "the network has " + layers.size() + " layers (at most "
                    + limits.maxLayers() + " allowed)", "use fewer layers, or raise the limit with SpecLimits.withMaxLayers"));
        }
        long params = 0;
        long fanIn = input;
        for (int l = 0; l < layers.size(); l++) {
            LayerSpec layer = layers.get(l);
            String at = "layers[" + l + "]";
            if (layer.units() > limits.maxUnits()) {
                out.add(new Problem(at + ".units", "layer " + l + " has " + layer.units()
                        + " units (at most " + limits.maxUnits() + " allowed)",
                        "use a narrower layer, or raise the limit with SpecLimits.withMaxUnits"));
            }
            if (layer.activation() == Activation.SOFTMAX && l != layers.size() - 1) {
                out.add(new Problem(at + ".activation", "softmax is only allowed on the output layer "
                        + "(layer " + l + " of " + layers.size() + " is a hidden layer)",
                        "use relu, tanh or sigmoid for hidden layers"));
            }
            // (fanIn + 1) * units < 2^62 for int sizes; saturate the running sum instead of overflowing
            long layerParams = (fanIn + 1) * layer.units();
            params = params > Long.MAX_VALUE - layerParams ? Long.MAX_VALUE : params + layerParams;
            fanIn = layer.units();
        }
        if (params > limits.maxParameters()) {
            out.add(new Problem("layers", "the network has " + (params == Long.MAX_VALUE ? "over 2^63" : params)
                    + " parameters (at most " + limits.maxParameters() + " allowed)",
                    "make the layers smaller, or raise the limit with SpecLimits.withMaxParameters"));
        }
        return out;
    }

    /**
     * Problems with the pairing of the output activation and the loss, or none. Only the fused pairs are
     * allowed: their gradient {@code dL/dz = a - t} is exact and numerically stable, which the generic
     * chain rule through softmax or sigmoid is not.
     *
     * @param layers a non-empty layer list
     */
    public static List<Problem> checkLoss(List<LayerSpec> layers, Loss loss) {
        Activation outAct = layers.get(layers.size() - 1).activation();
        String outPath = "layers[" + (layers.size() - 1) + "].activation";
        switch (loss) {
            case CROSS_ENTROPY:
                if (outAct != Activation.SOFTMAX) {
                    return List.of(new Problem("loss", "cross_entropy needs a softmax output layer, but the output "
                            + "activation is " + outAct.yamlName(), "use 'activation: softmax' on the last layer, "
                            + "whose gradient fnnc fuses with the loss: dL/dz = softmax(z) - onehot(y); "
                            + "or pair sigmoid with binary_cross_entropy, or use mse"));
                }
                if (layers.get(layers.size() - 1).units() == 1) {
                    // softmax of one value is exp(z)/exp(z) = 1 whatever z is: loss 0, gradient 0
                    return List.of(new Problem("layers[" + (layers.size() - 1) + "].units", "a softmax over a single "
                            + "unit always outputs 1: its cross_entropy loss is 0 and its gradient 0, so the network "
                            + "cannot learn", "for two classes use '{units: 1, activation: sigmoid}' with "
                            + "'loss: binary_cross_entropy'; otherwise give the softmax layer one unit per class"));
                }
                return List.of();
            case BINARY_CROSS_ENTROPY:
                if (outAct != Activation.SIGMOID) {
                    return List.of(new Problem("loss", "binary_cross_entropy needs a sigmoid output layer, but the "
                            + "output activation is " + outAct.yamlName(), "use 'activation: sigmoid' on the last "
                            + "layer, whose gradient fnnc fuses with the loss: dL/dz = sigmoid(z) - t"));
                }
                return List.of();
            case MSE:
                if (outAct == Activation.SOFTMAX) {
                    return List.of(new Problem(outPath, "softmax output is only allowed with cross_entropy, not mse",
                            "use 'loss: cross_entropy' for classification, or a linear, sigmoid or tanh output "
                            + "with mse; fnnc supports softmax only through its fused gradient with cross-entropy"));
                }
                return List.of();
            default:
                throw new AssertionError(loss);
        }
    }

    /** Text safe to quote in a message: control and non-ASCII characters shown as {@code \\uXXXX}. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < s.length() && shown < 80; i++, shown++) {
            char c = s.charAt(i);
            if (c == '\\') {
                sb.append("\\\\"); // so that a literal backslash-u in the text is not mistaken for an escape
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        if (s.length() > 80) {
            sb.append("...");
        }
        return sb.toString();
    }
}
