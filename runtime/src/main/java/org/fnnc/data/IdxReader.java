package org.fnnc.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST: a big-endian header (magic {@code 00 00 08 D}: unsigned bytes, D
 * dimensions; then D 32-bit sizes) followed by the values. Images are magic {@value #IMAGES_MAGIC}
 * (count × rows × columns), labels {@value #LABELS_MAGIC} (count). Files may be gzip-compressed (recognised by
 * their magic bytes, not their names).
 *
 * <p>Everything is checked before it is trusted: magic numbers, the number of dimensions, that the declared
 * sizes fit a Java array, that the file holds exactly the declared bytes (a truncated download is reported as
 * such), and that images and labels agree in count.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * The images of an IDX image file.
     *
     * @param count   number of images
     * @param rows    pixel rows per image
     * @param columns pixel columns per image
     * @param pixels  {@code count * rows * columns} unsigned bytes, image-major, row-major within an image
     */
    public record Images(int count, int rows, int columns, byte[] pixels) {
    }

    /** Reads an image file (magic {@value #IMAGES_MAGIC}). */
    public static Images readImages(Path file) {
        int[] dims = new int[3];
        byte[] pixels = read(file, IMAGES_MAGIC, dims);
        return new Images(dims[0], dims[1], dims[2], pixels);
    }

    /** Reads a label file (magic {@value #LABELS_MAGIC}): one unsigned byte per sample. */
    public static byte[] readLabels(Path file) {
        return read(file, LABELS_MAGIC, new int[1]);
    }

    /**
     * Reads an image file and its label file as a classification data set with one feature per pixel.
     *
     * @param classCount  labels must be below this
     * @param classNames  one per class, or empty
     * @param scalePixels divide pixels by 255 (to [0, 1]) if true, keep 0..255 otherwise
     */
    public static Dataset read(Path images, Path labels, String name, int classCount, List<String> classNames,
            boolean scalePixels) {
        Images img = readImages(images);
        byte[] lab = readLabels(labels);
        if (img.count() != lab.length) {
            throw new DataFormatException(fileName(labels), "the label file has " + lab.length + " labels but "
                    + fileName(images) + " has " + img.count() + " images (expected one label per image)");
        }
        float[] targets = new float[lab.length];
        for (int i = 0; i < lab.length; i++) {
            int y = lab[i] & 0xff;
            if (y >= classCount) {
                throw new DataFormatException(fileName(labels), "label " + (i + 1) + " is " + y
                        + " (expected a class index below " + classCount + ")");
            }
            targets[i] = y;
        }
        byte[] px = img.pixels();
        float[] features = new float[px.length];
        float divisor = scalePixels ? 255f : 1f;
        for (int k = 0; k < px.length; k++) {
            features[k] = (px[k] & 0xff) / divisor; // division, not * (1/255): correctly rounded
        }
        return Dataset.classification(name, features, img.rows() * img.columns(), targets, classCount, classNames);
    }

    /** Reads the header into {@code dims} (whose length is the expected number of dimensions) and the data. */
    private static byte[] read(Path file, int expectedMagic, int[] dims) {
        String name = fileName(file);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(Compression.decompressIfGzip(raw))) {
            int headerBytes = 4 + 4 * dims.length;
            int magic;
            try {
                magic = in.readInt();
                checkMagic(name, magic, expectedMagic);
                for (int d = 0; d < dims.length; d++) {
                    dims[d] = in.readInt();
                }
            } catch (EOFException e) {
                throw new DataFormatException(name, "file is truncated: it ends inside the " + headerBytes
                        + "-byte IDX header");
            }
            long total = 1;
            for (int d = 0; d < dims.length; d++) {
                if (dims[d] < 0 || (d > 0 && dims[d] == 0)) {
                    throw new DataFormatException(name, "dimension " + (d + 1) + " of the IDX header is " + dims[d]
                            + " (expected a positive size)");
                }
                // Checked after every factor: three factors below 2^31 can overflow a long (2^21 * 2^21 * 2^22
                // wraps to 0 and would read as an empty file with a huge declared shape).
                total *= dims[d];
                if (total > Integer.MAX_VALUE - 8) {
                    throw new DataFormatException(name, "the header declares " + describe(dims)
                            + ", more than fnnc can hold in memory (at most " + (Integer.MAX_VALUE - 8) + " bytes)");
                }
            }
            String declared = describe(dims) + " (" + total + " bytes)";
            // readNBytes grows its buffer as data arrives, so a lying header cannot make us allocate up front.
            byte[] data = in.readNBytes((int) total);
            if (data.length < total) {
                throw new DataFormatException(name, "file is truncated: the header declares " + declared + " but only "
                        + data.length + " bytes follow");
            }
            if (in.read() != -1) {
                throw new DataFormatException(name, "file has bytes after the " + declared + " its header declares");
            }
            return data;
        } catch (NoSuchFileException e) {
            throw new DataFormatException(name, "file not found: " + file);
        } catch (ZipException e) {
            throw new DataFormatException(name, "corrupt gzip data: " + e.getMessage());
        } catch (EOFException e) {
            throw new DataFormatException(name, "file is truncated: the gzip stream ends early");
        } catch (IOException e) {
            throw new DataFormatException(name, "cannot read: " + e, e);
        }
    }

    private static void checkMagic(String name, int magic, int expected) {
        if (magic == expected) {
            return;
        }
        String what = expected == IMAGES_MAGIC ? "an IDX image file" : "an IDX label file";
        String hint;
        if (magic == IMAGES_MAGIC) {
            hint = "; this is an image file";
        } else if (magic == LABELS_MAGIC) {
            hint = "; this is a label file";
        } else if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08) {
            hint = "; this is not an IDX file of unsigned bytes";
        } else {
            hint = "; this IDX file has " + (magic & 0xff) + " dimensions";
        }
        throw new DataFormatException(name, "magic number " + magic + " is not that of " + what + " (expected "
                + expected + ")" + hint);
    }

    private static String describe(int[] dims) {
        return dims.length == 3 ? dims[0] + " images of " + dims[1] + "x" + dims[2] : dims[0] + " labels";
    }

    static String fileName(Path file) {
        Path f = file.getFileName();
        return f == null ? file.toString() : f.toString();
    }
}
