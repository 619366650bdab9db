package org.fnnc.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fnnc.files.AtomicFiles;
import org.fnnc.network.ParameterLayout;
import org.fnnc.network.Parameters;
import org.fnnc.spec.NetworkSpec;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format: an 8-byte
 * little-endian header length N, N bytes of JSON header
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {..}}},
 * then the little-endian tensor data (offsets relative to its start).
 *
 * <p>Network weights are written under their canonical names ({@code layers.N.weight} {@code [out, in]},
 * {@code layers.N.bias} {@code [out]}, as PyTorch's {@code nn.Linear}) with the metadata
 * {@value #ARCHITECTURE_HASH_KEY}, {@value #SPEC_KEY} (the canonical spec YAML) and
 * {@value #FORMAT_VERSION_KEY}. Files are written atomically ({@link AtomicFiles}).
 *
 * <p>Reading is strict and bounded: the header must be at most {@value #MAX_HEADER_BYTES} bytes and fit in the
 * file, every tensor's offsets must lie inside the data, agree with dtype × shape and tile the data exactly (no
 * overlaps, gaps or trailing bytes, as the reference implementation requires). All of this is checked before
 * any tensor data is read, so a header that claims a huge tensor costs nothing.
 */
public final class SafeTensors {

    /** Metadata key of {@link NetworkSpec#architectureHash()}. */
    public static final String ARCHITECTURE_HASH_KEY = "fnnc.architecture_hash";
    /** Metadata key of the canonical spec YAML. */
    public static final String SPEC_KEY = "fnnc.spec";
    /** Metadata key of the fnnc weights format version. */
    public static final String FORMAT_VERSION_KEY = "fnnc.format_version";
    /** The format version this code writes and reads. */
    public static final String FORMAT_VERSION = "1";
    /** Largest header accepted (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";

    private SafeTensors() {
    }

    /** Writes the network's parameters and the fnnc metadata to {@code file}, atomically. */
    public static void save(Path file, NetworkSpec spec, Parameters parameters) throws IOException {
        save(file, spec, parameters, List.of(), Map.of());
    }

    /**
     * Writes the parameters plus {@code extraTensors} (optimizer state in a checkpoint, say; their names must
     * not start with {@code layers.}) and {@code extraMetadata} (keys other than the fnnc ones).
     */
    public static void save(Path file, NetworkSpec spec, Parameters parameters, List<Tensor> extraTensors,
            Map<String, String> extraMetadata) throws IOException {
        checkLayout(spec, parameters.layout());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_VERSION_KEY, FORMAT_VERSION);
        metadata.put(ARCHITECTURE_HASH_KEY, spec.architectureHash());
        metadata.put(SPEC_KEY, spec.canonical());
        for (Map.Entry<String, String> e : extraMetadata.entrySet()) {
            if (metadata.containsKey(e.getKey())) {
                throw new IllegalArgumentException("metadata key " + e.getKey() + " is reserved for fnnc");
            }
            metadata.put(e.getKey(), e.getValue());
        }
        List<Tensor> tensors = new ArrayList<>(Tensor.ofParameters("", parameters));
        for (Tensor t : extraTensors) {
            if (t.name().startsWith("layers.")) {
                throw new IllegalArgumentException("extra tensor " + t.name() + " uses the parameters' 'layers.' names");
            }
            tensors.add(t);
        }
        write(file, tensors, metadata);
    }

    private static void checkLayout(NetworkSpec spec, ParameterLayout layout) {
        ParameterLayout expected = ParameterLayout.of(spec);
        boolean same = expected.depth() == layout.depth();
        for (int l = 0; same && l < layout.depth(); l++) {
            same = expected.fanIn(l) == layout.fanIn(l) && expected.units(l) == layout.units(l);
        }
        if (!same) {
            throw new IllegalArgumentException("the parameters do not have the layout of spec " + spec.name());
        }
    }

    /** Writes any tensors (F32/F64) with string metadata to {@code file}, atomically. */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        AtomicFiles.write(file, out -> writeTo(out, tensors, metadata));
    }

    /** Writes the safetensors bytes to a stream. */
    public static void writeTo(OutputStream out, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        Set<String> names = new HashSet<>();
        for (Tensor t : tensors) {
            if (t.name().equals(METADATA) || !names.add(t.name())) {
                throw new IllegalArgumentException("tensor name " + t.name() + " is reserved or used twice");
            }
        }
        // Data: 8-byte elements first, so with the header padded to 8 bytes every tensor is naturally aligned.
        List<Tensor> dataOrder = new ArrayList<>(tensors);
        dataOrder.sort(Comparator.comparingInt((Tensor t) -> -t.dtype().bytes()));
        Map<String, long[]> offsets = new LinkedHashMap<>();
        long position = 0;
        for (Tensor t : dataOrder) {
            offsets.put(t.name(), new long[] {position, position + t.byteSize()});
            position += t.byteSize();
        }
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(Json.quote(METADATA)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                json.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        for (Tensor t : tensors) {
            long[] o = offsets.get(t.name());
            json.append(json.length() > 1 ? "," : "").append(Json.quote(t.name()))
                    .append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
            long[] shape = t.shape();
            for (int d = 0; d < shape.length; d++) {
                json.append(d == 0 ? "" : ",").append(shape[d]);
            }
            json.append("],\"data_offsets\":[").append(o[0]).append(',').append(o[1]).append("]}");
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(header);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' '); // the format pads headers with spaces
        }
        out.write(prefix.array());
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : dataOrder) {
            double[] v = t.rawValues();
            for (double x : v) {
                if (chunk.remaining() < 8) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                if (t.dtype() == DType.F32) {
                    chunk.putFloat((float) x);
                } else {
                    chunk.putDouble(x);
                }
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    /**
     * Reads {@code file} and loads the network's parameters from it ({@link SafeTensorsFile#loadInto});
     * returns the file for its metadata and any extra tensors.
     */
    public static SafeTensorsFile load(Path file, NetworkSpec spec, Parameters into, LoadOptions options)
            throws IOException {
        SafeTensorsFile f = read(file);
        f.loadInto(into, spec, options);
        return f;
    }

    /** Reads and validates a safetensors file with F32/F64 tensors. */
    public static SafeTensorsFile read(Path file) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new WeightsFormatException(name, "file is truncated: " + size
                        + " bytes, less than the 8-byte header length of a safetensors file");
            }
            ByteBuffer lengthField = readFully(ch, 0, 8, name);
            long headerLength = lengthField.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new WeightsFormatException(name, "header length " + Long.toUnsignedString(headerLength)
                        + " is not in [2, " + MAX_HEADER_BYTES + "] bytes (is this a safetensors file?)");
            }
            if (headerLength > size - 8) {
                throw new WeightsFormatException(name, "file is truncated: the header length is " + headerLength
                        + " bytes but only " + (size - 8) + " bytes follow");
            }
            String headerText = decodeUtf8(readFully(ch, 8, (int) headerLength, name), name);
            long dataStart = 8 + headerLength;
            Header header = parseHeader(headerText, size - dataStart, name);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : header.entries) {
                tensors.put(e.name, readTensor(ch, dataStart, e, name));
            }
            return new SafeTensorsFile(name, header.metadata, tensors);
        } catch (NoSuchFileException e) {
            throw new WeightsFormatException(name, "file not found: " + file);
        }
    }

    /** One header entry, validated against the data size. */
    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private record Header(Map<String, String> metadata, List<Entry> entries) {
    }

    private static Header parseHeader(String text, long dataLength, String file) {
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.SyntaxException e) {
            throw new WeightsFormatException(file, "bad header JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new WeightsFormatException(file, "the header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> kv : top.entrySet()) {
            String key = (String) kv.getKey();
            if (key.equals(METADATA)) {
                if (!(kv.getValue() instanceof Map<?, ?> m)) {
                    throw new WeightsFormatException(file, "__metadata__ is not an object of strings");
                }
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String s)) {
                        throw new WeightsFormatException(file, "__metadata__ value of " + me.getKey() + " is not a string");
                    }
                    metadata.put((String) me.getKey(), s);
                }
            } else {
                entries.add(entry(key, kv.getValue(), dataLength, file));
            }
        }
        // The data must be tiled exactly: sorted by offset, each tensor starts where the previous one ended.
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = null;
        for (Entry e : byOffset) {
            if (e.begin < expected) {
                throw new WeightsFormatException(file, "tensor " + e.name + " (data_offsets [" + e.begin + ", " + e.end
                        + "]) overlaps " + previous + ", which ends at " + expected);
            }
            if (e.begin > expected) {
                throw new WeightsFormatException(file, "tensor " + e.name + " starts at byte " + e.begin
                        + " of the data, leaving a gap after byte " + expected);
            }
            expected = e.end;
            previous = e.name;
        }
        if (expected != dataLength) {
            throw new WeightsFormatException(file, "the tensors cover " + expected + " bytes of data but the file has "
                    + dataLength + " bytes after the header");
        }
        return new Header(metadata, entries);
    }

    private static Entry entry(String name, Object value, long dataLength, String file) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new WeightsFormatException(file, "header entry " + name + " is not an object");
        }
        for (Object k : m.keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw new WeightsFormatException(file, "tensor " + name + " has unknown field '" + k
                        + "' (expected dtype, shape, data_offsets)");
            }
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw new WeightsFormatException(file, "tensor " + name + " has no dtype string");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new WeightsFormatException(file, "tensor " + name + " has unknown dtype '" + dtypeName + "'");
        }
        long[] shape = longs(m.get("shape"), -1, name, "shape", file);
        long[] offsets = longs(m.get("data_offsets"), 2, name, "data_offsets", file);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new WeightsFormatException(file, "tensor " + name + " has data_offsets [" + begin + ", " + end
                    + "] that end before they begin");
        }
        if (end > dataLength) {
            throw new WeightsFormatException(file, "tensor " + name + " has data_offsets [" + begin + ", " + end
                    + "] beyond the " + dataLength + " bytes of data in the file (truncated or corrupt)");
        }
        long bytes = dtype.bytes();
        try {
            for (long d : shape) {
                bytes = Math.multiplyExact(bytes, d);
            }
        } catch (ArithmeticException e) {
            throw new WeightsFormatException(file, "tensor " + name + " has shape " + Arrays.toString(shape)
                    + ", too large to exist");
        }
        if (bytes != end - begin) {
            throw new WeightsFormatException(file, "tensor " + name + " is " + dtype + " of shape " + Arrays.toString(shape)
                    + ", which needs " + bytes + " bytes, but its data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] longs(Object value, int expectedLength, String tensor, String field, String file) {
        if (!(value instanceof List<?> list) || (expectedLength >= 0 && list.size() != expectedLength)) {
            throw new WeightsFormatException(file, "tensor " + tensor + " has no valid " + field + " (expected an array of "
                    + (expectedLength >= 0 ? expectedLength + " " : "") + "non-negative integers)");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new WeightsFormatException(file, "tensor " + tensor + " has " + field + " element " + list.get(i)
                        + " (expected a non-negative integer)");
            }
            out[i] = v;
        }
        return out;
    }

    private static Tensor readTensor(FileChannel ch, long dataStart, Entry e, String file) throws IOException {
        if (!e.dtype.isSupported()) {
            throw new WeightsFormatException(file, "tensor " + e.name + " has dtype " + e.dtype
                    + "; fnnc reads F32 and F64 (convert it, e.g. tensor.float(), before saving)");
        }
        long count = (e.end - e.begin) / e.dtype.bytes();
        if (e.end - e.begin > Integer.MAX_VALUE - 8) {
            throw new WeightsFormatException(file, "tensor " + e.name + " has " + count + " elements, more than fnnc can hold");
        }
        ByteBuffer data = readFully(ch, dataStart + e.begin, (int) (e.end - e.begin), file).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = e.dtype == DType.F32 ? data.getFloat() : data.getDouble();
        }
        return new Tensor(e.name, e.dtype, e.shape, values);
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length, String file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new WeightsFormatException(file, "file is truncated at byte " + (position + buf.position()));
            }
        }
        buf.flip();
        return buf;
    }

    private static String decodeUtf8(ByteBuffer bytes, String file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new WeightsFormatException(file, "the header is not valid UTF-8");
        }
    }
}
