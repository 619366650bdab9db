package org.fnnc.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads MNIST (LeCun, Cortes, Burges; CC BY-SA 3.0) from a directory holding the four IDX files, compressed
 * ({@code .gz}) or not: 60,000 training and 10,000 test images of 28×28 pixels scaled to [0, 1], labels 0–9.
 * {@link MnistFetcher} puts them into a cache directory.
 */
public final class Mnist {

    /** The training images, training labels, test images and test labels, without {@code .gz}. */
    public static final List<String> FILE_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** Class names: the digits. */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private Mnist() {
    }

    /**
     * The standard training and test sets.
     *
     * @param train 60,000 samples
     * @param test  10,000 samples
     */
    public record Data(Dataset train, Dataset test) {
    }

    /** Loads both sets from {@code dir}; throws naming any missing file. */
    public static Data load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataFormatException(dir.toString(), "not a directory (expected a directory with the four MNIST"
                    + " IDX files " + String.join(", ", FILE_NAMES) + ", each optionally .gz)");
        }
        Path[] files = new Path[FILE_NAMES.size()];
        for (int k = 0; k < files.length; k++) {
            files[k] = find(dir, FILE_NAMES.get(k));
        }
        Dataset train = IdxReader.read(files[0], files[1], "mnist-train", 10, CLASS_NAMES, true);
        Dataset test = IdxReader.read(files[2], files[3], "mnist-test", 10, CLASS_NAMES, true);
        return new Data(train, test);
    }

    private static Path find(Path dir, String base) {
        for (String candidate : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException(dir.toString(), "no " + base + " or " + base + ".gz in this directory"
                + " (expected the four MNIST IDX files " + String.join(", ", FILE_NAMES)
                + "; MnistFetcher downloads them into its cache)");
    }
}
