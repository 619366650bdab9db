package org.fnnc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.fnnc.generator.GeneratedSource;
import org.fnnc.generator.plan.LayerPlan;
import org.fnnc.generator.NetworkClassGenerator;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.NetworkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fnnc inspect}: layer table, parameter count, FLOPs and the generator's plan for a spec. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Shows the layers of SPEC's network, its parameter count, FLOPs per sample and the"
                + " generator's plan (kernels, tiles, batch-size dispatch); with --source, the generated Java source too.")
final class InspectCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The network spec (YAML).")
    Path specFile;

    @Option(names = "--source", description = "Print the generated Java source.")
    boolean source;

    @Override
    int execute() {
        NetworkSpec spec = loadSpec(specFile);
        GeneratedSource src = NetworkClassGenerator.generate(spec);
        PrintWriter out = out();
        out.printf(Locale.ROOT, "%s (%s): %s, loss %s, %s precision, class %s%n", spec.name(),
                spec.origin().sourceName(), TrainCommand.shape(spec), spec.loss().yamlName(),
                spec.precision().yamlName(), src.qualifiedName());
        out.println();
        Table t = new Table(new String[] {"layer", "in", "out", "activation", "parameters", "MACs", "kernels"},
                false, true, true, false, true, true, false);
        for (int l = 0; l < spec.depth(); l++) {
            LayerSpec layer = spec.layer(l);
            LayerPlan plan = src.plan().layer(l);
            long in = spec.inputsOf(l);
            t.row("layers." + l, in, layer.units(), layer.activation().yamlName(),
                    String.format(Locale.ROOT, "%,d", (in + 1) * layer.units()),
                    String.format(Locale.ROOT, "%,d", plan.macs()), plan.family().label());
        }
        t.print(out);
        out.println();
        out.printf(Locale.ROOT, "parameters         %,d%n", spec.parameterCount());
        out.printf(Locale.ROOT, "FLOPs per sample   %,d forward, %,d training step (forward + backward;"
                + " 2 per multiply-add)%n", Flops.forward(spec), Flops.trainingStep(spec));
        out.println();
        out.println("plan:");
        for (String line : src.plan().describe()) {
            out.println("  " + line);
        }
        if (source) {
            out.println();
            out.print(src.text());
        }
        return 0;
    }
}
