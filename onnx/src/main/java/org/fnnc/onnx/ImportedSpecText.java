package org.fnnc.onnx;

import org.fnnc.spec.InitSpec;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.TrainingSpec;
import org.fnnc.spec.UnrollSpec;
import org.fnnc.spec.yaml.SpecLoader;

/**
 * The spec file of an imported model: the canonical spec (settings left at their defaults omitted), a header
 * saying where it came from, and per layer the ONNX nodes it was read from. Text taken from the model (file
 * and node names) goes only into comments and is reduced to printable characters on one line, so a model
 * cannot add keys to the spec. The text is loaded back and compared before it is returned.
 */
final class ImportedSpecText {

    private static final int MAX_COMMENT = 160;

    private ImportedSpecText() {
    }

    static String of(ImportedModel model, String weightsFile) {
        NetworkSpec spec = model.spec();
        StringBuilder sb = new StringBuilder();
        sb.append("# Imported by fnnc ").append(FnncVersion.VERSION).append(" from ").append(comment(model.source()));
        if (!model.producer().isEmpty()) {
            sb.append(" (written by ").append(comment(model.producer())).append(')');
        }
        sb.append(".\n# Weights: ").append(comment(weightsFile)).append(" (fnnc import wrote both files).\n");
        if (model.scaler().isPresent()) {
            sb.append("# The model scaled its inputs first; the scaler is stored with the weights (fnnc eval and\n")
                    .append("# predict apply it), the generated class expects scaled inputs.\n");
        }
        if (model.logSoftmaxOutput()) {
            sb.append("# The model ended in LogSoftmax: predict returns the probabilities, exp of the ONNX output.\n");
        }
        int layer = 0;
        for (String line : spec.canonical().split("\n")) {
            if (line.startsWith("init: ") && spec.init().equals(InitSpec.DEFAULT)
                    || line.startsWith("training: ") && spec.training().equals(TrainingSpec.DEFAULT)
                    || line.startsWith("unroll: ") && spec.unroll().equals(UnrollSpec.DEFAULT)
                    || line.startsWith("kernels: ") && spec.kernels() == Kernels.AUTO) {
                continue;
            }
            sb.append(line);
            if (line.startsWith("  - {") && layer < model.layerNodes().size()) {
                sb.append("  # ").append(comment(model.layerNodes().get(layer++)));
            } else if (line.startsWith("loss: ") && model.lossInferred()) {
                sb.append("  # inferred from the output activation; fnnc import --loss chooses another");
            }
            sb.append('\n');
        }
        String text = sb.toString();
        NetworkSpec reloaded = SpecLoader.withDefaults().load(text, spec.name() + ".yaml");
        if (!reloaded.equals(spec)) {
            throw new IllegalStateException("the written spec does not load back as the imported one:\n" + text);
        }
        return text;
    }

    /** Printable characters of {@code text} on one line, at most {@value #MAX_COMMENT} of them. */
    static String comment(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().limit(MAX_COMMENT).forEach(c -> sb.appendCodePoint(
                c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != 0x2028 && c != 0x2029 && c != 0xfeff
                        && Character.isDefined(c) && !Character.isISOControl(c) ? c : '?'));
        return text.codePointCount(0, text.length()) > MAX_COMMENT ? sb + "..." : sb.toString();
    }
}
