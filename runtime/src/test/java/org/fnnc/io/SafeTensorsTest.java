package org.fnnc.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fnnc.network.DoubleParameters;
import org.fnnc.network.FloatParameters;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Parameters;
import org.fnnc.spec.Activation;
import org.fnnc.spec.Loss;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    private static final NetworkSpec IRIS = NetworkSpec.builder("Iris").input(4).layer(16, Activation.RELU)
            .layer(3, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();
    /** Same shapes as IRIS, another activation: another architecture hash. */
    private static final NetworkSpec IRIS_TANH = NetworkSpec.builder("Iris").input(4).layer(16, Activation.TANH)
            .layer(3, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();
    /** 3 inputs, 2 outputs: one 2x3 weight. */
    private static final NetworkSpec TINY = NetworkSpec.builder("Tiny").input(3).layer(2, Activation.SOFTMAX)
            .loss(Loss.CROSS_ENTROPY).build();

    private static Parameters random(NetworkSpec spec, Precision precision, long seed) {
        ParameterLayout layout = ParameterLayout.of(spec);
        Parameters p = precision == Precision.FLOAT ? new FloatParameters(layout) : new DoubleParameters(layout);
        Random r = new Random(seed);
        for (int i = 0; i < p.size(); i++) {
            p.set(i, r.nextGaussian());
        }
        p.set(0, -0.0);
        p.set(1, Double.MIN_VALUE); // subnormal (0 in float)
        p.set(2, 1e-40); // float subnormal
        return p;
    }

    /** A file made by hand: 8-byte length, the header text (space-padded to 8), then the data. */
    private Path raw(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        b.put(data);
        return Files.write(dir.resolve(name), b.array());
    }

    private static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    /** TINY's tensors by hand: W = [[1,2,3],[4,5,6]] then b = [7,8]. */
    private Path tinyFixture(String name) throws IOException {
        return raw(name, "{" + entry("layers.0.weight", "F32", "[2,3]", 0, 24) + ","
                + entry("layers.0.bias", "F32", "[2]", 24, 32) + "}", floats(1, 2, 3, 4, 5, 6, 7, 8));
    }

    private String loadError(Path file, NetworkSpec spec, Parameters into, LoadOptions options) {
        return assertThrows(WeightsFormatException.class, () -> SafeTensors.load(file, spec, into, options)).getMessage();
    }

    private String readError(Path file) {
        return assertThrows(WeightsFormatException.class, () -> SafeTensors.read(file)).getMessage();
    }

    @Test
    void roundTripIsBitExactInBothPrecisions() throws IOException {
        for (Precision precision : Precision.values()) {
            Parameters saved = random(IRIS, precision, 1);
            Path f = dir.resolve(precision + ".safetensors");
            SafeTensors.save(f, IRIS, saved);
            Parameters loaded = random(IRIS, precision, 2);
            SafeTensorsFile file = SafeTensors.load(f, IRIS, loaded, LoadOptions.STRICT);
            assertArrayEquals(saved.toArray(), loaded.toArray(), precision.toString());
            assertEquals(IRIS.architectureHash(), file.metadata().get("fnnc.architecture_hash"));
            assertEquals(IRIS.canonical(), file.metadata().get("fnnc.spec"));
            assertEquals("1", file.metadata().get("fnnc.format_version"));
        }
    }

    @Test
    void headerHasCanonicalNamesOutInShapesAndRowMajorData() throws IOException {
        Parameters p = random(IRIS, Precision.FLOAT, 3);
        Path f = dir.resolve("w.safetensors");
        SafeTensors.save(f, IRIS, p);
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        Map<String, String> shapes = Map.of("layers.0.weight", "16,4", "layers.0.bias", "16",
                "layers.1.weight", "3,16", "layers.1.bias", "3");
        Pattern entry = Pattern.compile("\"(layers\\.\\d\\.\\w+)\":\\{\"dtype\":\"F32\",\"shape\":\\[([\\d,]*)\\],"
                + "\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}");
        Matcher m = entry.matcher(header);
        int found = 0;
        while (m.find()) {
            found++;
            assertEquals(shapes.get(m.group(1)), m.group(2), m.group(1));
            if (m.group(1).equals("layers.1.weight")) {
                // element [out=2][in=5] of a row-major [3, 16] tensor
                int at = (int) (8 + n + Long.parseLong(m.group(3)) + (2 * 16 + 5) * 4);
                float v = ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
                assertEquals((float) p.getWeight(1, 2, 5), v);
            }
        }
        assertEquals(4, found, header);
        assertTrue(header.startsWith("{\"__metadata__\":{"), header);
    }

    @Test
    void loadsAFileWrittenByHand() throws IOException {
        Parameters p = new FloatParameters(ParameterLayout.of(TINY));
        SafeTensors.load(tinyFixture("tiny.safetensors"), TINY, p, LoadOptions.STRICT);
        assertEquals(1, p.getWeight(0, 0, 0));
        assertEquals(3, p.getWeight(0, 0, 2));
        assertEquals(4, p.getWeight(0, 1, 0));
        assertEquals(6, p.getWeight(0, 1, 2));
        assertEquals(7, p.getBias(0, 0));
        assertEquals(8, p.getBias(0, 1));
    }

    @Test
    void extraTensorsAndMetadataRoundTrip() throws IOException {
        Parameters p = random(IRIS, Precision.DOUBLE, 4);
        Parameters moment = random(IRIS, Precision.DOUBLE, 5);
        Path f = dir.resolve("ckpt.safetensors");
        Tensor step = Tensor.f64("optimizer.step", new long[] {1}, new double[] {17});
        List<Tensor> extra = new java.util.ArrayList<>(Tensor.ofParameters("optimizer.m.", moment));
        extra.add(step);
        SafeTensors.save(f, IRIS, p, extra, Map.of("epoch", "3"));
        SafeTensorsFile file = SafeTensors.read(f);
        assertEquals("3", file.metadata().get("epoch"));
        assertEquals(17, file.tensor("optimizer.step").get(0));
        Parameters m2 = new DoubleParameters(ParameterLayout.of(IRIS));
        file.loadParameters("optimizer.m.", m2, IRIS, LoadOptions.STRICT);
        assertArrayEquals(moment.toArray(), m2.toArray());
        Parameters p2 = new DoubleParameters(ParameterLayout.of(IRIS));
        file.loadInto(p2, IRIS, LoadOptions.STRICT); // the extras do not count as unexpected parameters
        assertArrayEquals(p.toArray(), p2.toArray());

        assertThrows(IllegalArgumentException.class, () -> SafeTensors.save(f, IRIS, p,
                List.of(Tensor.f64("layers.9.weight", new long[] {1}, new double[1])), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.save(f, IRIS, p, List.of(), Map.of("fnnc.spec", "x")));
    }

    @Test
    void precisionChangeNeedsAnExplicitOption() throws IOException {
        Parameters f32 = random(IRIS, Precision.FLOAT, 6);
        Path f = dir.resolve("f32.safetensors");
        SafeTensors.save(f, IRIS, f32);
        Parameters d = new DoubleParameters(ParameterLayout.of(IRIS));
        assertEquals("f32.safetensors: error: layers.0.weight, layers.0.bias, layers.1.weight, layers.1.bias are F32"
                + " but the network 'Iris' is double (F64); converting must be asked for explicitly"
                + " (LoadOptions.withPrecisionChange())", loadError(f, IRIS, d, LoadOptions.STRICT));
        SafeTensors.load(f, IRIS, d, LoadOptions.STRICT.withPrecisionChange());
        assertArrayEquals(f32.toArray(), d.toArray(), "widening is exact");

        Path g = dir.resolve("f64.safetensors");
        SafeTensors.save(g, IRIS, d);
        Parameters back = new FloatParameters(ParameterLayout.of(IRIS));
        assertTrue(loadError(g, IRIS, back, LoadOptions.STRICT).contains("are F64 but the network 'Iris' is float (F32)"));
        SafeTensors.load(g, IRIS, back, LoadOptions.STRICT.withPrecisionChange());
        assertArrayEquals(f32.toArray(), back.toArray());
    }

    @Test
    void architectureHashMismatchIsStated() throws IOException {
        Path f = dir.resolve("relu.safetensors");
        SafeTensors.save(f, IRIS, random(IRIS, Precision.FLOAT, 7));
        Parameters into = new FloatParameters(ParameterLayout.of(IRIS_TANH));
        assertEquals("relu.safetensors: error: architecture hash " + IRIS.architectureHash() + " in the file differs from "
                + IRIS_TANH.architectureHash() + " of the spec 'Iris': the weights were saved for a different network"
                + " (saved for input: 4 - {units: 16, activation: relu} - {units: 3, activation: softmax}"
                + " loss: cross_entropy)", loadError(f, IRIS_TANH, into, LoadOptions.STRICT));
        SafeTensors.load(f, IRIS_TANH, into, new LoadOptions(false, false));
    }

    @Test
    void shapeMismatchNamesBothShapes() throws IOException {
        NetworkSpec five = NetworkSpec.builder("Iris").input(5).layer(16, Activation.RELU)
                .layer(3, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY).build();
        Path f = dir.resolve("five.safetensors");
        SafeTensors.save(f, five, random(five, Precision.FLOAT, 8));
        String msg = loadError(f, IRIS, new FloatParameters(ParameterLayout.of(IRIS)), new LoadOptions(false, false));
        assertEquals("five.safetensors: error: layers.0.weight has shape [16, 5] in the file but the network 'Iris'"
                + " expects [16, 4]", msg);
        msg = loadError(f, IRIS, new FloatParameters(ParameterLayout.of(IRIS)), LoadOptions.STRICT);
        assertTrue(msg.contains("architecture hash") && msg.contains("has shape [16, 5]"), msg);
    }

    @Test
    void missingAndUnexpectedTensorsAreListed() throws IOException {
        Path missing = raw("missing.safetensors", "{" + entry("layers.0.weight", "F32", "[2,3]", 0, 24) + "}",
                floats(1, 2, 3, 4, 5, 6));
        Parameters p = new FloatParameters(ParameterLayout.of(TINY));
        assertEquals("missing.safetensors: error: missing tensor layers.0.bias for the network 'Tiny' (the file has"
                + " layers.0.weight [2, 3] F32)", loadError(missing, TINY, p, LoadOptions.STRICT));

        Path extra = raw("extra.safetensors", "{" + entry("layers.0.weight", "F32", "[2,3]", 0, 24) + ","
                + entry("layers.0.bias", "F32", "[2]", 24, 32) + "," + entry("layers.1.bias", "F32", "[1]", 32, 36) + "}",
                floats(1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertEquals("extra.safetensors: error: unexpected tensor layers.1.bias: the network 'Tiny' has 1 layers",
                loadError(extra, TINY, p, LoadOptions.STRICT));

        Path torch = raw("torch.safetensors", "{" + entry("fc1.weight", "F32", "[2,3]", 0, 24) + ","
                + entry("fc1.bias", "F32", "[2]", 24, 32) + "}", floats(1, 2, 3, 4, 5, 6, 7, 8));
        assertEquals("torch.safetensors: error: missing tensors layers.0.weight, layers.0.bias for the network 'Tiny'"
                + " (the file has fc1.weight [2, 3] F32, fc1.bias [2] F32)", loadError(torch, TINY, p, LoadOptions.STRICT));
        assertArrayEquals(new double[8], p.toArray(), "nothing is copied when the file does not fit");
    }

    @Test
    void truncatedFilesAreRefused() throws IOException {
        Path good = tinyFixture("good.safetensors");
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(bytes, bytes.length - 4));
        assertEquals("cut.safetensors: error: tensor layers.0.bias has data_offsets [24, 32] beyond the 28 bytes of"
                + " data in the file (truncated or corrupt)", readError(cut));
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertEquals("tiny.safetensors: error: file is truncated: 3 bytes, less than the 8-byte header length of a"
                + " safetensors file", readError(tiny));
        Path header = Files.write(dir.resolve("header.safetensors"), Arrays.copyOf(bytes, 20));
        assertEquals("header.safetensors: error: file is truncated: the header length is " + (bytes.length - 8 - 32)
                + " bytes but only 12 bytes follow", readError(header));
        Path longer = Files.write(dir.resolve("longer.safetensors"), Arrays.copyOf(bytes, bytes.length + 3));
        assertEquals("longer.safetensors: error: the tensors cover 32 bytes of data but the file has 35 bytes after"
                + " the header", readError(longer));
    }

    @Test
    void hugeClaimsAreRefusedBeforeAllocating() throws IOException {
        Path huge = raw("huge.safetensors", "{" + entry("layers.0.weight", "F32", "[1073741824]", 0, 4294967296L) + "}",
                floats(1, 2));
        assertEquals("huge.safetensors: error: tensor layers.0.weight has data_offsets [0, 4294967296] beyond the 8"
                + " bytes of data in the file (truncated or corrupt)", readError(huge));
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L).putLong(0);
        Path bigHeader = Files.write(dir.resolve("bigheader.safetensors"), b.array());
        assertEquals("bigheader.safetensors: error: header length 200000000 is not in [2, 100000000] bytes (is this a"
                + " safetensors file?)", readError(bigHeader));
        Path overflow = raw("overflow.safetensors", "{" + entry("x", "F64",
                "[4294967296,4294967296,4294967296]", 0, 8) + "}", new byte[8]);
        assertTrue(readError(overflow).endsWith("has shape [4294967296, 4294967296, 4294967296], too large to exist"));
    }

    @Test
    void badHeadersAndOffsetsAreRefused() throws IOException {
        assertEquals("json.safetensors: error: bad header JSON: expected ',' or '}' at character 8",
                readError(raw("json.safetensors", "{\"a\":{} \"b\":1}", new byte[0])));
        assertEquals("arr.safetensors: error: the header is not a JSON object",
                readError(raw("arr.safetensors", "[]", new byte[0])));
        assertEquals("shape.safetensors: error: tensor w is F32 of shape [2, 3], which needs 24 bytes, but its"
                + " data_offsets [0, 20] span 20", readError(raw("shape.safetensors",
                "{" + entry("w", "F32", "[2,3]", 0, 20) + "}", new byte[20])));
        assertEquals("overlap.safetensors: error: tensor b (data_offsets [4, 12]) overlaps a, which ends at 8",
                readError(raw("overlap.safetensors", "{" + entry("a", "F32", "[2]", 0, 8) + ","
                        + entry("b", "F32", "[2]", 4, 12) + "}", new byte[12])));
        assertEquals("gap.safetensors: error: tensor b starts at byte 12 of the data, leaving a gap after byte 8",
                readError(raw("gap.safetensors", "{" + entry("a", "F32", "[2]", 0, 8) + ","
                        + entry("b", "F32", "[1]", 12, 16) + "}", new byte[16])));
        assertEquals("rev.safetensors: error: tensor a has data_offsets [8, 0] that end before they begin",
                readError(raw("rev.safetensors", "{" + entry("a", "F32", "[2]", 8, 0) + "}", new byte[8])));
        assertEquals("f16.safetensors: error: tensor a has dtype F16; fnnc reads F32 and F64 (convert it, e.g."
                + " tensor.float(), before saving)", readError(raw("f16.safetensors",
                "{" + entry("a", "F16", "[2]", 0, 4) + "}", new byte[4])));
        assertEquals("dtype.safetensors: error: tensor a has unknown dtype 'F128'",
                readError(raw("dtype.safetensors", "{" + entry("a", "F128", "[2]", 0, 4) + "}", new byte[4])));
        assertEquals("neg.safetensors: error: tensor a has shape element -2 (expected a non-negative integer)",
                readError(raw("neg.safetensors", "{" + entry("a", "F32", "[-2]", 0, 4) + "}", new byte[4])));
        assertEquals("meta.safetensors: error: __metadata__ value of k is not a string",
                readError(raw("meta.safetensors", "{\"__metadata__\":{\"k\":1}}", new byte[0])));
    }
}
