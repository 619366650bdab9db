package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.fnnc.compiler.JaninoNetworkCompiler;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated code is user-facing code: it compiles under {@code javac -Xlint:all -Werror}, and the classes
 * javac and Janino make from it compute bit-identical results. {@code kernels: vector_api} classes compile
 * with {@code --add-modules jdk.incubator.vector} and {@code -Xlint:all}; javac's only diagnostic is then its
 * mandatory notice that an incubating module is in use (no option turns it off, so {@code -Werror} would
 * fail on it).
 */
class JavacCompatibilityTest {

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of(TestNetworks.spec("XorNet", 2, new int[] {4}, Activation.TANH, 1, Loss.BINARY_CROSS_ENTROPY, null), UnrollMode.AUTO),
                Arguments.of(TestNetworks.spec("IrisNet", 4, new int[] {16}, Activation.RELU, 3, Loss.CROSS_ENTROPY, null), UnrollMode.FULL),
                Arguments.of(TestNetworks.spec("DeepNet", 20, new int[] {24, 12}, Activation.LEAKY_RELU, 3, Loss.MSE, Activation.TANH), UnrollMode.LOOPS),
                Arguments.of(TestNetworks.spec("SigNet", 12, new int[] {10}, Activation.SIGMOID, 4, Loss.MSE, Activation.LINEAR), UnrollMode.AUTO),
                Arguments.of(TestNetworks.spec("WideNet", 50, new int[] {70}, Activation.RELU, 33, Loss.CROSS_ENTROPY, null)
                        .withKernels(Kernels.VECTOR_API), UnrollMode.LOOPS),
                Arguments.of(TestNetworks.spec("LaneNet", 4, new int[] {16}, Activation.LEAKY_RELU, 2, Loss.MSE, Activation.SIGMOID)
                        .withKernels(Kernels.VECTOR_API), UnrollMode.FULL));
    }

    /** javac's notice for any use of an incubator module (JDK 17; JDK 25 files it under the lint key incubating). */
    static final java.util.regex.Pattern INCUBATING_NOTICE = java.util.regex.Pattern.compile(
            "^warning: (\\[incubating\\] )?using incubating module\\(s\\): " + Kernels.VECTOR_MODULE + "\\s+1 warning$");

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("specs")
    void javacAcceptsItWithoutWarningsAndAgreesWithJanino(NetworkSpec base, UnrollMode mode, @TempDir Path dir)
            throws Exception {
        for (Precision p : Precision.values()) {
            NetworkSpec spec = base.withPrecision(p).withUnroll(new UnrollSpec(mode, 256));
            GeneratedSource source = NetworkClassGenerator.generate(spec);
            Path root = dir.resolve(p.yamlName());
            Path file = root.resolve(source.relativePath());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.text());

            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter diagnostics = new StringWriter();
            String classpath = Path.of(Network.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            boolean vector = source.usesVectorApi();
            assertEquals(spec.kernels() == Kernels.VECTOR_API, vector, "Vector API use of " + spec);
            List<String> options = new ArrayList<>(List.of("-Xlint:all", "-classpath", classpath, "-d", root.toString()));
            options.addAll(vector ? List.of("--add-modules", Kernels.VECTOR_MODULE) : List.of("-Werror"));
            boolean ok = javac.getTask(diagnostics, null, null, options, null,
                    javac.getStandardFileManager(null, null, null).getJavaFileObjects(file)).call();
            assertTrue(ok, "javac " + options + " rejected the generated source:\n" + diagnostics);
            String printed = diagnostics.toString().strip();
            if (vector) {
                assertTrue(INCUBATING_NOTICE.matcher(printed).matches(),
                        "javac printed more than its incubator notice:\n" + printed);
            } else {
                assertEquals("", printed, "javac printed diagnostics");
            }

            Network fromJanino = JaninoNetworkCompiler.compile(source).newInstance(spec);
            Network fromJavac;
            try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, Network.class.getClassLoader())) {
                fromJavac = (Network) loader.loadClass(spec.qualifiedName())
                        .getConstructor(NetworkSpec.class, String.class).newInstance(spec, null);
                assertBitIdentical(spec, fromJanino, fromJavac);
            }
        }
    }

    private static void assertBitIdentical(NetworkSpec spec, Network a, Network b) throws IOException {
        double[] params = TestNetworks.randomParameters(a.parameters().size(), 7, 0.7);
        a.parameters().copyFrom(params);
        b.parameters().copyFrom(params);
        int batch = 3;
        double[] x = TestNetworks.randomInputs(batch * spec.input(), 11);
        double[] t = TestNetworks.randomTargets(spec, batch, 13);
        assertArrayEquals(Networks.predict(a, x, batch), Networks.predict(b, x, batch));
        assertEquals(Networks.lossAndGradients(a, x, t, batch), Networks.lossAndGradients(b, x, t, batch));
        assertArrayEquals(a.gradients().toArray(), b.gradients().toArray());
    }
}
