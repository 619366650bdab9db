package org.fnnc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.fnnc.data.CsvReader;
import org.fnnc.data.Dataset;
import org.fnnc.files.AtomicFiles;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fnnc predict}: outputs of trained weights for the rows of a CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs trained weights on a CSV file of inputs (one sample per row, features only) after"
                + " the scaling stored with the weights, and writes one CSV row per sample:",
                "cross_entropy: the predicted class then the class probabilities; otherwise the outputs."})
final class PredictCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The network spec (YAML).")
    Path specFile;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE", required = true, description = "Weights (safetensors).")
    Path weights;

    @Option(names = "--data", paramLabel = "FILE", required = true,
            description = "CSV of inputs, one sample per row (features only).")
    Path inputs;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output CSV (default: standard output).")
    Path outFile;

    @Mixin
    CsvOptions csv;

    @Option(names = "--interpreted", description = "Use the reference interpreter instead of generated code.")
    boolean interpreted;

    @Override
    int execute() throws Exception {
        NetworkSpec spec = loadSpec(specFile);
        if (outFile != null) {
            requireWritable(outFile, "the output file");
        }
        Network network = network(spec, interpreted);
        WeightsFile.Loaded loaded = WeightsFile.load(weights, spec, network);
        loaded.noteInterrupted(err());
        if (loaded.scaler().isEmpty()) {
            if (loaded.fromTrain()) {
                throw loaded.missingScaler("use the weights file of the same run, which stores it");
            }
            err().println("warning: " + weights + " stores no feature scaler (fnnc train did not write it): the"
                    + " inputs are used as they are");
        }
        requireFile(inputs, "data file");
        Dataset x = CsvReader.read(inputs, csv.builder().inputsOnly().build());
        x.checkCompatible(spec);
        float[] features = x.features().clone();
        loaded.scaler().ifPresent(s -> s.transform(features));
        double[] y = Networks.predict(network, Networks.toDouble(features), x.size());

        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        int k = spec.outputSize();
        boolean classes = spec.loss() == Loss.CROSS_ENTROPY;
        StringBuilder header = new StringBuilder(classes ? "class" : "");
        for (int j = 0; j < k; j++) {
            header.append(header.length() > 0 ? "," : "").append(classes ? "p" : "output").append(j);
        }
        w.println(header);
        for (int i = 0; i < x.size(); i++) {
            StringBuilder row = new StringBuilder();
            if (classes) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    best = y[i * k + j] > y[i * k + best] ? j : best;
                }
                row.append(best);
            }
            for (int j = 0; j < k; j++) {
                row.append(row.length() > 0 ? "," : "").append((float) y[i * k + j]);
            }
            w.println(row);
        }
        w.flush();
        if (outFile == null) {
            out().print(text);
        } else {
            AtomicFiles.write(outFile, text.toString().getBytes(StandardCharsets.UTF_8));
            out().printf("wrote %d predictions to %s%n", x.size(), outFile);
        }
        return 0;
    }
}
