package org.fnnc.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;

/** Helpers for tests: the shared data sets directory and gzip. */
final class TestData {

    private TestData() {
    }

    /** {@code ../shared/datasets/NAME} (surefire's fnnc.datasets property); skips the test if absent. */
    static Path shared(String name) {
        String root = System.getProperty("fnnc.datasets");
        Assumptions.assumeTrue(root != null, "fnnc.datasets is not set");
        Path p = Path.of(root, name);
        Assumptions.assumeTrue(p.toFile().exists(), p + " is not there");
        return p;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
