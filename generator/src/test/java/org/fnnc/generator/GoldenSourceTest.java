package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.junit.jupiter.api.Test;

/**
 * The full generated source of a tiny network, checked in, so that every change to generated code shows up
 * in review. After an intended change, regenerate with {@code mvn test -Dtest=GoldenSourceTest
 * -Dfnnc.updateGolden=true} and review the diff.
 */
class GoldenSourceTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/TinyXor.java.txt");

    @Test
    void tinyXorSourceIsUnchanged() throws IOException {
        NetworkSpec spec = TestNetworks.spec("TinyXor", 2, new int[] {3}, Activation.TANH, 1,
                Loss.BINARY_CROSS_ENTROPY, null);
        String text = NetworkClassGenerator.generate(spec).text().replace(GeneratorVersion.VERSION, "<version>");
        if (Boolean.getBoolean("fnnc.updateGolden")) {
            Files.createDirectories(GOLDEN.getParent());
            Files.writeString(GOLDEN, text);
        }
        assertEquals(Files.readString(GOLDEN), text, "generated source changed; see this test's javadoc");
    }
}
