package org.fnnc.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Data sets that ship inside the runtime jar, so that examples and smoke tests work without a download.
 * Sources and licences: docs/datasets.md and NOTICE.
 */
public final class Datasets {

    private static final String DIGITS = "digits.csv.gz";

    private Datasets() {
    }

    /**
     * The UCI optical-recognition digits as in scikit-learn ({@code load_digits}): 1,797 images of 8×8 pixels,
     * 64 features scaled from 0..16 to [0, 1], labels 0–9. CC BY 4.0 (UCI), via scikit-learn (BSD-3-Clause).
     */
    public static Dataset digits() {
        try (InputStream in = Datasets.class.getResourceAsStream(DIGITS)) {
            if (in == null) {
                throw new IllegalStateException("resource org/fnnc/data/" + DIGITS + " is missing from the runtime jar");
            }
            Dataset raw = CsvReader.read(in, "digits", CsvReader.Options.builder()
                    .header(CsvReader.Header.NONE).classification(10).build());
            float[] x = raw.features().clone();
            for (int k = 0; k < x.length; k++) {
                x[k] /= 16f;
            }
            return new Dataset("digits", x, raw.featureCount(), raw.targets(), 1, 10, Mnist.CLASS_NAMES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled digits data", e);
        }
    }
}
