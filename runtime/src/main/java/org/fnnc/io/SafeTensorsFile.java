package org.fnnc.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fnnc.network.ParameterTensor;
import org.fnnc.network.Parameters;
import org.fnnc.spec.NetworkSpec;

/**
 * The validated content of a safetensors file ({@link SafeTensors#read}): tensors in header order and the
 * string metadata. {@link #loadInto} copies a network's parameters out of it, checking that they fit.
 */
public final class SafeTensorsFile {

    private static final int MAX_LISTED = 20;

    private final String source;
    private final Map<String, String> metadata;
    private final Map<String, Tensor> tensors;

    SafeTensorsFile(String source, Map<String, String> metadata, Map<String, Tensor> tensors) {
        this.source = source;
        this.metadata = Map.copyOf(metadata);
        this.tensors = new LinkedHashMap<>(tensors);
    }

    /** The file name, as used in messages. */
    public String source() {
        return source;
    }

    /** The {@code __metadata__} entries (empty if none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor, in header order. */
    public List<Tensor> tensors() {
        return List.copyOf(tensors.values());
    }

    /** The tensor with this name, or null. */
    public Tensor tensor(String name) {
        return tensors.get(name);
    }

    /**
     * Loads the network's parameters ({@code layers.N.weight}, {@code layers.N.bias}) into {@code into},
     * after checking the architecture hash (if the file has one and the options ask for it), the format
     * version, the names (missing and unexpected {@code layers.*} tensors), the shapes and the dtypes. Every
     * problem found is stated in one {@link WeightsFormatException}; nothing is copied unless all is well.
     */
    public void loadInto(Parameters into, NetworkSpec spec, LoadOptions options) {
        List<String> problems = new ArrayList<>();
        String version = metadata.get(SafeTensors.FORMAT_VERSION_KEY);
        if (version != null && !version.equals(SafeTensors.FORMAT_VERSION)) {
            problems.add("weights format version " + version + " is not the version this fnnc reads ("
                    + SafeTensors.FORMAT_VERSION + ")");
        }
        String fileHash = metadata.get(SafeTensors.ARCHITECTURE_HASH_KEY);
        if (options.checkArchitectureHash() && fileHash != null && !fileHash.equals(spec.architectureHash())) {
            problems.add("architecture hash " + fileHash + " in the file differs from " + spec.architectureHash()
                    + " of the spec '" + spec.name() + "': the weights were saved for a different network"
                    + savedArchitecture());
        }
        checkAndCopy("", into, spec, options, problems);
    }

    /**
     * Copies tensors named {@code prefix + "layers.N.weight|bias"} (optimizer state saved with
     * {@link Tensor#ofParameters}, say) into {@code into}, with the same name, shape and dtype checks as
     * {@link #loadInto}.
     */
    public void loadParameters(String prefix, Parameters into, NetworkSpec spec, LoadOptions options) {
        checkAndCopy(prefix, into, spec, options, new ArrayList<>());
    }

    private void checkAndCopy(String prefix, Parameters into, NetworkSpec spec, LoadOptions options,
            List<String> problems) {
        String network = "the network '" + spec.name() + "'";
        List<String> missing = new ArrayList<>();
        List<String> shapes = new ArrayList<>();
        List<String> dtypes = new ArrayList<>();
        DType wanted = DType.of(into.precision());
        for (ParameterTensor p : into.layout().tensors()) {
            Tensor t = tensors.get(prefix + p.name());
            if (t == null) {
                missing.add(prefix + p.name());
            } else if (!Arrays.equals(t.shape(), p.shape())) {
                shapes.add(t.name() + " has shape " + Arrays.toString(t.shape()) + " in the file but " + network
                        + " expects " + Arrays.toString(p.shape()));
            } else if (t.dtype() != wanted && !options.allowPrecisionChange()) {
                dtypes.add(t.name());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (name.startsWith(prefix + "layers.") && into.layout().tensor(name.substring(prefix.length())) == null) {
                unexpected.add(name);
            }
        }
        if (!missing.isEmpty()) {
            problems.add("missing tensor" + (missing.size() == 1 ? " " : "s ") + list(missing) + " for " + network
                    + " (the file has " + (tensors.isEmpty() ? "no tensors" : list(tensors.values().stream()
                    .map(Tensor::toString).collect(Collectors.toList()))) + ")");
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected tensor" + (unexpected.size() == 1 ? " " : "s ") + list(unexpected) + ": " + network
                    + " has " + into.layout().depth() + " layers");
        }
        problems.addAll(shapes);
        if (!dtypes.isEmpty()) {
            DType found = tensors.get(dtypes.get(0)).dtype();
            problems.add(list(dtypes) + (dtypes.size() == 1 ? " is " : " are ") + found + " but " + network + " is "
                    + into.precision().yamlName() + " (" + wanted + "); converting must be asked for explicitly"
                    + " (LoadOptions.withPrecisionChange())");
        }
        if (!problems.isEmpty()) {
            throw new WeightsFormatException(source, String.join("; ", problems));
        }
        double[] values = new double[into.size()];
        for (ParameterTensor p : into.layout().tensors()) {
            Tensor t = tensors.get(prefix + p.name());
            for (int i = 0; i < p.size(); i++) {
                values[p.offset() + i] = t.get(i);
            }
        }
        into.copyFrom(values);
    }

    /** " (saved for: input 4, layers ..., loss ...)" from the file's spec, or "". */
    private String savedArchitecture() {
        String spec = metadata.get(SafeTensors.SPEC_KEY);
        if (spec == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String line : spec.split("\n")) {
            if (line.startsWith("input:") || line.startsWith("  - ") || line.startsWith("loss:")) {
                sb.append(sb.length() == 0 ? "" : " ").append(line.strip());
            }
        }
        return sb.length() == 0 ? "" : " (saved for " + sb + ")";
    }

    private static String list(List<String> names) {
        if (names.size() <= MAX_LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_LISTED)) + " and " + (names.size() - MAX_LISTED) + " more";
    }
}
