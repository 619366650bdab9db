package org.fnnc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fnnc.files.AtomicFiles;
import org.fnnc.onnx.ImportedModel;
import org.fnnc.onnx.OnnxFormatException;
import org.fnnc.onnx.OnnxImport;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecRules;
import org.fnnc.spec.YamlEnum;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fnnc import}: a dense ONNX model as an fnnc spec and weights. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads a dense network from an ONNX model (torch.onnx.export of an nn.Sequential MLP, tf2onnx,"
                + " skl2onnx, fnnc export) and writes DIR/NAME.yaml and DIR/NAME.safetensors for fnnc generate,"
                + " eval, predict and the Maven plugin.",
                "Anything but a chain of dense layers is refused, naming the node; nothing is written then."
                        + " See docs/onnx.md."})
final class ImportCommand extends BaseCommand {

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "MODEL", description = "The ONNX model (.onnx).")
    Path model;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true,
            description = "Directory for NAME.yaml and NAME.safetensors (created if missing).")
    Path outDir;

    @Option(names = "--name", paramLabel = "CLASS",
            description = "Class name of the network (default: from an fnnc-exported model's spec, else the file name).")
    String name;

    @Option(names = "--package", paramLabel = "PACKAGE", description = "Java package of the network (default: none).")
    String packageName;

    @Option(names = "--loss", paramLabel = "LOSS",
            description = "Training loss: cross_entropy, binary_cross_entropy or mse (default: from the output"
                    + " activation: softmax -> cross_entropy, sigmoid -> binary_cross_entropy, else mse).")
    String loss;

    @Option(names = "--graph-output", paramLabel = "NAME",
            description = "Which output of the ONNX graph to import, if it has several (e.g. probabilities).")
    String graphOutput;

    @Option(names = "--fold-scaling", description = {"Fold the model's input scaling (Sub and Div before the first"
            + " layer) into the first layer, so the generated class takes raw features.",
            "Default: keep it exactly, as the scaler stored with the weights (applied by fnnc eval and predict)."})
    boolean foldScaling;

    @Override
    int execute() throws Exception {
        requireFile(model, "model");
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw CliException.usage("output " + outDir + " exists and is not a directory");
        }
        checkName("--name", name == null ? List.of() : SpecRules.checkClassName("name", name, NetworkSpec.HARD_LIMITS));
        checkName("--package", packageName == null ? List.of()
                : SpecRules.checkPackageName("package", packageName, NetworkSpec.HARD_LIMITS));
        OnnxImport.Options options = new OnnxImport.Options(name, packageName, loss(loss), graphOutput, foldScaling);
        ImportedModel imported;
        try {
            imported = OnnxImport.read(model, options);
        } catch (OnnxFormatException e) {
            throw CliException.failure(e.getMessage());
        }
        if (Files.isDirectory(outDir)) {
            for (String suffix : new String[] {".yaml", ".safetensors"}) {
                Path file = outDir.resolve(imported.spec().name() + suffix);
                AtomicFiles.whyNotWritable(file).ifPresent(why -> {
                    throw CliException.usage("cannot write " + file + ": " + why);
                });
            }
        }
        OnnxImport.Written written = OnnxImport.write(imported, outDir);
        out().printf("%s -> %s (%s)%n", model, imported.spec(), imported.producer().isEmpty() ? "unknown producer"
                : "written by " + imported.producer());
        for (String note : imported.notes()) {
            out().println("note: " + note);
        }
        out().printf("wrote %s and %s%n", written.spec(), written.weights());
        out().printf("next: fnnc generate %s -o src/main/java%n", written.spec());
        return 0;
    }

    private static void checkName(String option, List<SpecRules.Problem> problems) {
        if (!problems.isEmpty()) {
            SpecRules.Problem p = problems.get(0);
            throw CliException.usage(option + ": " + p.message() + " (" + p.hint() + ")");
        }
    }

    private static Loss loss(String name) {
        if (name == null) {
            return null;
        }
        Loss l = YamlEnum.fromYaml(Loss.class, name);
        if (l == null) {
            throw CliException.usage("--loss must be one of " + String.join(", ", YamlEnum.yamlNames(Loss.class))
                    + ", not '" + name + "'");
        }
        return l;
    }
}
