package org.fnnc.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.fnnc.spec.YamlEnum;

/**
 * Per-feature input scaling {@code x' = (x - shift[j]) / scale[j]}, fitted on the training split only and
 * then applied unchanged to validation, test and prediction inputs (fitting on all data would leak test
 * statistics into training).
 *
 * <ul>
 *   <li>{@link Kind#MIN_MAX}: shift = column minimum, scale = max − min: training values land in [0, 1].
 *   <li>{@link Kind#STANDARDIZE}: shift = mean, scale = population standard deviation: mean 0, variance 1.
 *   <li>{@link Kind#NONE}: the identity.
 * </ul>
 * A constant column (range or deviation 0) gets scale 1, as in scikit-learn, so it maps to 0 instead of NaN.
 * Statistics are computed in double precision.
 *
 * <p>{@link #toMetadata()} turns a fitted scaler into a few string entries (safetensors metadata is a string
 * map) so a front end can store it beside the weights; {@link #fromMetadata} reads it back.
 */
public final class Scaler {

    /** The scaling method; {@link #yamlName()} ({@code none}, {@code min_max}, {@code standardize}) names it in files. */
    public enum Kind implements YamlEnum {
        NONE,
        MIN_MAX,
        STANDARDIZE;

        /** The kind with this {@link #yamlName()}; throws listing the valid names. */
        public static Kind fromName(String name) {
            Kind k = YamlEnum.fromYaml(Kind.class, name);
            if (k == null) {
                throw new IllegalArgumentException("unknown scaling '" + name + "' (expected one of "
                        + String.join(", ", YamlEnum.yamlNames(Kind.class)) + ")");
            }
            return k;
        }
    }

    /** Metadata key of the kind; the others are {@code fnnc.scaler.shift} and {@code fnnc.scaler.scale}. */
    public static final String KIND_KEY = "fnnc.scaler.kind";
    static final String SHIFT_KEY = "fnnc.scaler.shift";
    static final String SCALE_KEY = "fnnc.scaler.scale";

    private final Kind kind;
    private final double[] shift;
    private final double[] scale;

    private Scaler(Kind kind, double[] shift, double[] scale) {
        this.kind = kind;
        this.shift = shift;
        this.scale = scale;
    }

    /**
     * A scaler with the given per-feature shifts and scales, e.g. read from an imported model.
     *
     * @throws IllegalArgumentException unless the arrays have the same non-zero length, every value is finite
     *     and every scale non-zero
     */
    public static Scaler of(Kind kind, double[] shift, double[] scale) {
        if (shift.length != scale.length || shift.length == 0) {
            throw new IllegalArgumentException(shift.length + " shifts and " + scale.length + " scales");
        }
        for (int j = 0; j < scale.length; j++) {
            if (!Double.isFinite(shift[j]) || !Double.isFinite(scale[j]) || scale[j] == 0) {
                throw new IllegalArgumentException("feature " + (j + 1) + " has shift " + shift[j] + " and scale "
                        + scale[j] + " (expected finite values and a non-zero scale)");
            }
        }
        return new Scaler(kind, shift.clone(), scale.clone());
    }

    /** Fits a scaler of {@code kind} to the features of {@code train}. */
    public static Scaler fit(Kind kind, Dataset train) {
        int f = train.featureCount();
        int n = train.size();
        double[] shift = new double[f];
        double[] scale = new double[f];
        java.util.Arrays.fill(scale, 1);
        if (kind == Kind.NONE) {
            return new Scaler(kind, shift, scale);
        }
        if (n == 0) {
            throw new DataFormatException(train.name(), "cannot fit " + kind.yamlName() + " scaling to no samples");
        }
        float[] x = train.features();
        for (int j = 0; j < f; j++) {
            if (kind == Kind.MIN_MAX) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = x[i * f + j];
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                shift[j] = min;
                scale[j] = max > min ? max - min : 1;
            } else {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += x[i * f + j];
                }
                double mean = sum / n;
                double squares = 0; // second pass: no cancellation from sum(x^2) - n mean^2
                for (int i = 0; i < n; i++) {
                    double d = x[i * f + j] - mean;
                    squares += d * d;
                }
                double std = Math.sqrt(squares / n);
                shift[j] = mean;
                scale[j] = std > 0 ? std : 1;
            }
        }
        return new Scaler(kind, shift, scale);
    }

    public Kind kind() {
        return kind;
    }

    /** Number of features this scaler was fitted on. */
    public int featureCount() {
        return shift.length;
    }

    /** A copy of the per-feature shifts. */
    public double[] shift() {
        return shift.clone();
    }

    /** A copy of the per-feature scales (never 0). */
    public double[] scale() {
        return scale.clone();
    }

    /** {@code data} with scaled features (the same object for {@link Kind#NONE}). */
    public Dataset apply(Dataset data) {
        checkFeatures(data.featureCount(), data.name());
        if (kind == Kind.NONE) {
            return data;
        }
        float[] x = data.features().clone();
        transform(x);
        return data.withFeatures(x);
    }

    /** Scales sample-major features in place (any number of whole samples). */
    public void transform(float[] x) {
        checkLength(x.length);
        int f = shift.length;
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) ((x[k] - shift[k % f]) / scale[k % f]);
        }
    }

    /** Scales sample-major features in place (any number of whole samples). */
    public void transform(double[] x) {
        checkLength(x.length);
        int f = shift.length;
        for (int k = 0; k < x.length; k++) {
            x[k] = (x[k] - shift[k % f]) / scale[k % f];
        }
    }

    private void checkLength(int length) {
        if (length % shift.length != 0) {
            throw new IllegalArgumentException(length + " values are not whole samples of " + shift.length + " features");
        }
    }

    private void checkFeatures(int count, String source) {
        if (count != shift.length) {
            throw new DataFormatException(source, "data has " + count + " features per sample but the scaler was fitted on "
                    + shift.length);
        }
    }

    /** The scaler as string entries for safetensors metadata: kind, shifts and scales (comma-separated). */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KIND_KEY, kind.yamlName());
        m.put(SHIFT_KEY, join(shift));
        m.put(SCALE_KEY, join(scale));
        return m;
    }

    private static String join(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < values.length; j++) {
            sb.append(j == 0 ? "" : ",").append(values[j]); // Double.toString round-trips exactly
        }
        return sb.toString();
    }

    /**
     * The scaler stored by {@link #toMetadata()} in {@code metadata}, or empty if there is none.
     *
     * @throws DataFormatException if the entries are present but malformed
     */
    public static Optional<Scaler> fromMetadata(Map<String, String> metadata, String source) {
        String kindName = metadata.get(KIND_KEY);
        if (kindName == null) {
            return Optional.empty();
        }
        Kind kind;
        try {
            kind = Kind.fromName(kindName);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(source, KIND_KEY + ": " + e.getMessage());
        }
        double[] shift = parse(metadata, SHIFT_KEY, source);
        double[] scale = parse(metadata, SCALE_KEY, source);
        if (shift.length != scale.length) {
            throw new DataFormatException(source, SHIFT_KEY + " has " + shift.length + " values but " + SCALE_KEY
                    + " has " + scale.length);
        }
        for (int j = 0; j < scale.length; j++) {
            if (!Double.isFinite(shift[j]) || !Double.isFinite(scale[j]) || scale[j] == 0) {
                throw new DataFormatException(source, "scaler feature " + (j + 1) + " has shift " + shift[j]
                        + " and scale " + scale[j] + " (expected finite values and a non-zero scale)");
            }
        }
        return Optional.of(new Scaler(kind, shift, scale));
    }

    private static double[] parse(Map<String, String> metadata, String key, String source) {
        String text = metadata.get(key);
        if (text == null || text.isEmpty()) {
            throw new DataFormatException(source, "scaler metadata lacks " + key);
        }
        String[] cells = text.split(",", -1);
        double[] values = new double[cells.length];
        for (int j = 0; j < cells.length; j++) {
            try {
                values[j] = Double.parseDouble(cells[j]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(source, key + " value " + (j + 1) + " '" + cells[j] + "' is not a number");
            }
        }
        return values;
    }
}
