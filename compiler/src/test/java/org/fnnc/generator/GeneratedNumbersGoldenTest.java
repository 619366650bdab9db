package org.fnnc.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fnnc.Fnnc;
import org.fnnc.network.Network;
import org.fnnc.network.Networks;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.LayerSpec;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.fnnc.spec.yaml.SpecLoader;
import org.junit.jupiter.api.Test;

/**
 * A refactoring guard, not a correctness test: every generated class computes bit for bit the numbers that
 * the generator computed when these golden files were recorded (before the issue-13 generator redesign,
 * after the Vector API allocation fix, which changed no arithmetic). Correctness against independent
 * computations is {@code GeneratedEquivalenceTest}'s and {@code VectorKernelTest}'s job; this one shows that
 * a change to the generator that is meant to keep the arithmetic did keep it, operation for operation.
 *
 * <p>Cases: every spec in {@code specs/} and a few test networks chosen for their code paths (straight-line
 * with split methods, scalar and vector loops with column tails, sample lanes with every loss), in both
 * precisions, with scalar and Vector API kernels (pinned: not the default {@code auto}), with the spec's unroll setting and with {@code loops}
 * (and {@code full} where it is possible), at batch sizes either side of the 4-sample tile, the 8- and 16-lane
 * vectors and the 16-sample block. Each case records the SHA-256 of the exact bits of {@code predict},
 * {@code loss}, {@code lossAndGradients} (loss and gradients) and the parameters after one fused
 * {@code sgdStep}.
 *
 * <p>The bits depend on the platform: the Vector API's {@code EXP}, {@code LOG}, {@code TANH} differ between
 * its Java fallback and C2's intrinsics, so this test runs in a JVM without C2 ({@code
 * -XX:TieredStopAtLevel=1}, a surefire execution in compiler/pom.xml; elsewhere it is skipped), and the golden
 * file is chosen by JDK feature version and vector width ({@code golden-numbers/jdk17-vl16.txt}). A platform
 * without a file skips. After an intended change of arithmetic, re-record with {@code -Dfnnc.updateGolden=true}
 * in that execution and say in the commit why the numbers changed.
 */
class GeneratedNumbersGoldenTest {

    private static final Path SPECS = Path.of("../specs");
    private static final Path GOLDEN_DIR = Path.of("src/test/resources/golden-numbers");
    private static final int[] SMALL_BATCHES = {1, 3, 4, 5, 8, 16, 17, 33};
    private static final int[] LARGE_BATCHES = {1, 5, 17};
    /**
     * The kernels the golden numbers were recorded with, pinned: {@code auto} (the kernel library, the default
     * since issue 14) sums in the library's own order and is proven against the interpreter instead
     * ({@code LibraryKernelsTest}), so this test stays a guard for the generated loops' arithmetic.
     */
    private static final List<Kernels> GOLDEN_KERNELS = List.of(Kernels.SCALAR, Kernels.VECTOR_API);

    @Test
    void generatedNumbersAreBitIdenticalToTheRecordedOnes() throws IOException {
        boolean update = Boolean.getBoolean("fnnc.updateGolden");
        assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1"),
                "runs only without C2 (-XX:TieredStopAtLevel=1): the surefire execution generated-numbers");
        Path golden = GOLDEN_DIR.resolve(platform() + ".txt");
        assumeTrue(update || Files.exists(golden), "no golden numbers recorded for " + platform());

        Map<String, String> actual = new LinkedHashMap<>();
        for (NetworkSpec spec : networks()) {
            for (Precision precision : Precision.values()) {
                for (Kernels kernels : GOLDEN_KERNELS) {
                    for (UnrollSpec unroll : unrolls(spec)) {
                        NetworkSpec variant = spec.withPrecision(precision).withKernels(kernels).withUnroll(unroll);
                        Network net;
                        try {
                            net = Fnnc.compile(variant);
                        } catch (SpecException impossible) {
                            continue; // e.g. unroll: full of a layer too wide for one method
                        }
                        int[] batches = spec.parameterCount() > 20_000 ? LARGE_BATCHES : SMALL_BATCHES;
                        for (int batch : batches) {
                            String key = spec.name() + " " + precision + " " + kernels + " " + unroll.mode() + "/"
                                    + unroll.threshold() + " batch " + batch;
                            actual.put(key, record(net, batch));
                        }
                    }
                }
            }
        }
        StringBuilder text = new StringBuilder();
        actual.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        if (update) {
            Files.createDirectories(GOLDEN_DIR);
            Files.writeString(golden, text.toString());
            return;
        }
        List<String> expected = Files.readAllLines(golden);
        List<String> got = text.toString().lines().toList();
        List<String> differences = new ArrayList<>();
        for (int k = 0; k < Math.max(expected.size(), got.size()); k++) {
            String e = k < expected.size() ? expected.get(k) : "<none>";
            String g = k < got.size() ? got.get(k) : "<none>";
            if (!e.equals(g)) {
                differences.add("expected " + e + "\n     got " + g);
            }
        }
        assertEquals(List.of(), differences, differences.size() + " of " + expected.size() + " cases differ");
    }

    /** {@code jdk17-vl16}: JDK feature version and floats per preferred vector. */
    private static String platform() {
        return "jdk" + Runtime.version().feature() + "-vl" + floatLanes();
    }

    private static int floatLanes() {
        try {
            Class<?> vector = Class.forName("jdk.incubator.vector.FloatVector");
            Object species = vector.getField("SPECIES_PREFERRED").get(null);
            return (Integer) Class.forName("jdk.incubator.vector.VectorSpecies").getMethod("length").invoke(species);
        } catch (ReflectiveOperationException e) {
            return 0;
        }
    }

    private static List<NetworkSpec> networks() throws IOException {
        List<NetworkSpec> specs = new ArrayList<>();
        try (Stream<Path> files = Files.list(SPECS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                specs.add(SpecLoader.withDefaults().load(file));
            }
        }
        specs.add(TestNetworks.spec("GoldenLanes", 4, new int[] {16, 8}, Activation.LEAKY_RELU, 3,
                Loss.CROSS_ENTROPY, null));
        specs.add(TestNetworks.spec("GoldenSigmoid", 5, new int[] {7}, Activation.SIGMOID, 3, Loss.MSE,
                Activation.SIGMOID));
        specs.add(TestNetworks.spec("GoldenLinear", 6, new int[] {9}, Activation.LINEAR, 2,
                Loss.BINARY_CROSS_ENTROPY, null));
        specs.add(TestNetworks.spec("GoldenTails", 40, new int[] {48, 36}, Activation.RELU, 3, Loss.CROSS_ENTROPY,
                null));
        specs.add(TestNetworks.spec("GoldenSplit", 100, new int[] {60}, Activation.TANH, 20, Loss.MSE,
                Activation.LINEAR).withUnroll(new UnrollSpec(UnrollMode.FULL, UnrollSpec.DEFAULT_THRESHOLD)));
        NetworkSpec mixed = TestNetworks.spec("GoldenMixed", 24, new int[] {24, 24}, Activation.TANH, 24, Loss.MSE,
                Activation.TANH);
        specs.add(mixed.withLayers(List.of(mixed.layer(0), LayerSpec.leakyRelu(24, 0.2), mixed.layer(2)))
                .withUnroll(new UnrollSpec(UnrollMode.AUTO, 576)));
        return specs;
    }

    /** The spec's own unroll setting, loops, and full. */
    private static List<UnrollSpec> unrolls(NetworkSpec spec) {
        List<UnrollSpec> u = new ArrayList<>(List.of(spec.unroll()));
        for (UnrollMode mode : List.of(UnrollMode.LOOPS, UnrollMode.FULL)) {
            UnrollSpec other = new UnrollSpec(mode, spec.unroll().threshold());
            if (!u.contains(other)) {
                u.add(other);
            }
        }
        return u;
    }

    /**
     * Hashes of predict, loss, lossAndGradients and one sgdStep of {@code batch} fixed samples: the exact bits
     * in the network's precision (float results reach here widened to double, exactly, and are narrowed back).
     */
    private static String record(Network template, int batch) {
        NetworkSpec spec = template.spec();
        boolean single = spec.precision() == Precision.FLOAT;
        double[] x = TestNetworks.randomInputs(batch * spec.input(), 7 + batch);
        double[] t = TestNetworks.randomTargets(spec, batch, 11 + batch);
        if (single) { // the inputs the float class sees, exactly
            x = Networks.toDouble(Networks.toFloat(x));
            t = Networks.toDouble(Networks.toFloat(t));
        }
        Network net = template.copy();
        return "predict " + hash(Networks.predict(net, x, batch), single)
                + ", loss " + bits(Networks.loss(net, x, t, batch), single)
                + ", lossAndGradients " + bits(Networks.lossAndGradients(net, x, t, batch), single)
                + " " + hash(net.gradients().toArray(), false)
                + ", sgdStep " + bits(Networks.sgdStep(net, x, t, batch, 0.05), single)
                + " " + hash(net.parameters().toArray(), false);
    }

    /** The bits of {@code value} as the float or double it is. */
    private static String bits(double value, boolean single) {
        return single ? Integer.toHexString(Float.floatToRawIntBits((float) value))
                : Long.toHexString(Double.doubleToRawLongBits(value));
    }

    /** SHA-256 (first 8 bytes) of the values' bits, as floats or as doubles. */
    private static String hash(double[] values, boolean single) {
        ByteBuffer b = ByteBuffer.allocate((single ? 4 : 8) * values.length);
        for (double v : values) {
            if (single) {
                b.putInt(Float.floatToRawIntBits((float) v));
            } else {
                b.putLong(Double.doubleToRawLongBits(v));
            }
        }
        return digest(b.array());
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
