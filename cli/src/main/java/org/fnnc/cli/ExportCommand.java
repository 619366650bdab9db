package org.fnnc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.fnnc.data.Scaler;
import org.fnnc.files.AtomicFiles;
import org.fnnc.io.LoadOptions;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.SafeTensorsFile;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Parameters;
import org.fnnc.onnx.OnnxExport;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fnnc export}: a spec and its trained weights as an ONNX model for ONNX Runtime and other engines. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes SPEC with the weights from -w as an ONNX model (opset " + OnnxExport.OPSET
                + ", IR version " + OnnxExport.IR_VERSION + ", dynamic batch) that ONNX Runtime and other engines run.",
                "A scaler stored with the weights becomes Sub and Div nodes in front of the first layer, so the model"
                        + " takes raw features. See docs/onnx.md."})
final class ExportCommand extends BaseCommand {

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "SPEC", description = "The network spec (YAML).")
    Path specFile;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE", required = true, description = "Weights (safetensors).")
    Path weights;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The ONNX model to write.")
    Path out;

    @Option(names = "--input-name", paramLabel = "NAME", defaultValue = "input",
            description = "Name of the model's input tensor (default: ${DEFAULT-VALUE}).")
    String inputName;

    @Option(names = "--output-name", paramLabel = "NAME", defaultValue = "output",
            description = "Name of the model's output tensor (default: ${DEFAULT-VALUE}).")
    String outputName;

    @Override
    int execute() throws Exception {
        NetworkSpec spec = loadSpec(specFile);
        requireFile(weights, "weights file");
        AtomicFiles.whyNotWritable(out).ifPresent(why -> {
            throw CliException.usage("cannot write the ONNX model " + out + ": " + why);
        });
        OnnxExport.Options options;
        try {
            options = new OnnxExport.Options(inputName, outputName);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        ParameterLayout layout = ParameterLayout.of(spec);
        Parameters parameters = spec.precision() == Precision.FLOAT ? new FloatParameters(layout)
                : new DoubleParameters(layout);
        SafeTensorsFile file = SafeTensors.load(weights, spec, parameters, LoadOptions.STRICT);
        Optional<Scaler> scaler = Scaler.fromMetadata(file.metadata(), weights.toString());
        OnnxExport.write(out, spec, parameters, scaler, options);
        boolean scaled = scaler.isPresent() && scaler.get().kind() != Scaler.Kind.NONE;
        out().printf(Locale.ROOT, "%s -> %s (%,d bytes): opset %d, IR version %d, input '%s' [batch, %d], output '%s'"
                        + " [batch, %d], %s%n", spec, out, Files.size(out), OnnxExport.OPSET, OnnxExport.IR_VERSION,
                inputName, spec.input(), outputName, spec.outputSize(), spec.precision().yamlName());
        if (scaled) {
            out().printf("the %s scaler stored with the weights is in the model: it takes raw features%n",
                    scaler.get().kind().yamlName());
        }
        return 0;
    }
}
