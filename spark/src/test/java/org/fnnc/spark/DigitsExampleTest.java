package org.fnnc.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.fnnc.spark.examples.DigitsExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/spark.md's example runs as documented and learns the digits. */
class DigitsExampleTest {

    @Test
    void theDocumentedExampleRuns(@TempDir Path dir) throws Exception {
        LocalSpark.assumeHadoopFileSystems();
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        String csv = System.getProperty("fnnc.datasets") + "/digits-8x8/digits.csv.gz";
        double acc = DigitsExample.run(LocalSpark.session(), csv, root.resolve("specs/digits.yaml"),
                dir.resolve("model").toString());
        assertTrue(acc > 0.93, "test accuracy " + acc);
    }
}
