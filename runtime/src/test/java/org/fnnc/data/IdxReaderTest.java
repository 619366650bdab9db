package org.fnnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** Big-endian IDX: magic, dims, then data. */
    private static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path images(String name, int count, int rows, int cols, byte[] pixels) throws IOException {
        return write(name, idx(2051, new int[] {count, rows, cols}, pixels));
    }

    private Path labels(String name, byte[] labels) throws IOException {
        return write(name, idx(2049, new int[] {labels.length}, labels));
    }

    @Test
    void readsImagesAndLabelsRawAndGzipped() throws IOException {
        byte[] px = {0, (byte) 255, 51, 102, 0, 0, 0, 1};
        Path img = write("img", TestData.gzip(idx(2051, new int[] {2, 2, 2}, px)));
        Path lab = labels("lab", new byte[] {7, 3});
        Dataset d = IdxReader.read(img, lab, "tiny", 10, Mnist.CLASS_NAMES, true);
        assertEquals(2, d.size());
        assertEquals(4, d.featureCount());
        assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f, 0, 0, 0, 1 / 255f}, d.features());
        assertArrayEquals(new float[] {7, 3}, d.targets());
        Dataset raw = IdxReader.read(img, lab, "tiny", 10, Mnist.CLASS_NAMES, false);
        assertEquals(255, raw.feature(0, 1));
    }

    @Test
    void wrongMagicNumbersSayWhatTheFileIs() throws IOException {
        Path lab = labels("labels", new byte[] {1});
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(lab));
        assertEquals("labels: error: magic number 2049 is not that of an IDX image file (expected 2051); this is a"
                + " label file", e.getMessage());
        Path text = write("text", "hello world, not idx".getBytes());
        e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(text));
        assertTrue(e.getMessage().endsWith("this is not an IDX file of unsigned bytes"), e.getMessage());
        Path twoDims = write("two", idx(0x0802, new int[] {1, 1}, new byte[1]));
        e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(twoDims));
        assertTrue(e.getMessage().endsWith("this IDX file has 2 dimensions"), e.getMessage());
    }

    @Test
    void truncatedFilesAreReportedWithDeclaredAndActualSizes() throws IOException {
        Path img = images("img", 3, 2, 2, new byte[10]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(img));
        assertEquals("img: error: file is truncated: the header declares 3 images of 2x2 (12 bytes) but only 10 bytes"
                + " follow", e.getMessage());
        Path gz = write("gz", TestData.gzip(idx(2049, new int[] {5}, new byte[2])));
        e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(gz));
        assertEquals("gz: error: file is truncated: the header declares 5 labels (5 bytes) but only 2 bytes follow",
                e.getMessage());
        Path header = write("short", new byte[] {0, 0, 8, 3, 0, 0});
        e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(header));
        assertEquals("short: error: file is truncated: it ends inside the 16-byte IDX header", e.getMessage());
        Path extra = labels("extra", new byte[] {1, 2});
        Files.write(extra, Arrays.copyOf(Files.readAllBytes(extra), 12 + 1));
        e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(extra));
        assertEquals("extra: error: file has bytes after the 2 labels (2 bytes) its header declares", e.getMessage());
    }

    /** Found by fuzzing: 2^21 * 2^21 * 2^22 wrapped a long to 0 and the file read as 0 pixels of that shape. */
    @Test
    void dimensionsWhoseProductOverflowsALongAreRefused() throws IOException {
        Path img = images("wrap", 1 << 21, 1 << 21, 1 << 22, new byte[0]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(img));
        assertEquals("wrap: error: the header declares 2097152 images of 2097152x4194304, more than fnnc can hold"
                + " in memory (at most 2147483639 bytes)", e.getMessage());
    }

    @Test
    void hugeDeclaredSizesAreRefusedWithoutAllocating() throws IOException {
        Path img = images("huge", 60000, 60000, 60000, new byte[0]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(img));
        assertTrue(e.getMessage().contains("more than fnnc can hold in memory"), e.getMessage());
        Path big = images("big", 1000, 1000, 1000, new byte[4]);
        e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(big));
        assertTrue(e.getMessage().contains("but only 4 bytes follow"), e.getMessage());
    }

    @Test
    void countMismatchAndLabelRange() throws IOException {
        Path img = images("img", 2, 1, 1, new byte[2]);
        Path lab = labels("lab", new byte[] {1, 2, 3});
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.read(img, lab, "t", 10, Mnist.CLASS_NAMES, true));
        assertEquals("lab: error: the label file has 3 labels but img has 2 images (expected one label per image)",
                e.getMessage());
        Path lab2 = labels("lab2", new byte[] {1, 12});
        e = assertThrows(DataFormatException.class, () -> IdxReader.read(img, lab2, "t", 10, Mnist.CLASS_NAMES, true));
        assertEquals("lab2: error: label 2 is 12 (expected a class index below 10)", e.getMessage());
    }

    @Test
    void mnistLoadNamesAMissingFile() throws IOException {
        images("train-images-idx3-ubyte", 1, 1, 1, new byte[1]);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().startsWith(dir + ": error: no train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz"
                + " in this directory"), e.getMessage());
    }

    @Test
    void realMnistHasTheKnownCounts() {
        Mnist.Data m = Mnist.load(TestData.shared("mnist"));
        assertEquals(60_000, m.train().size());
        assertEquals(10_000, m.test().size());
        assertEquals(784, m.train().featureCount());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, m.test().labelCounts());
        float max = 0;
        for (float v : m.test().features()) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max);
    }
}
