package org.fnnc.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fnnc.data.CsvReader;
import org.fnnc.data.DataFormatException;
import org.fnnc.data.IdxReader;
import org.fnnc.io.SafeTensors;
import org.fnnc.io.WeightsFormatException;
import org.fnnc.spec.SpecException;
import org.fnnc.spec.yaml.SpecLoader;

/**
 * The four untrusted-input entry points under fuzzing, each as a function of raw bytes that lets through only
 * the reader's documented error type (caught here) and rethrows anything else, which is then a finding: an
 * unchecked exception (NPE, index out of bounds, NumberFormatException...), an OutOfMemoryError or a
 * StackOverflowError. Shared by the Jazzer targets and the deterministic {@link MutationLoopTest}.
 */
final class FuzzTargets {

    /** Where the file-based readers get their input; one file per thread, overwritten per input. */
    private static final ThreadLocal<Path> SCRATCH = ThreadLocal.withInitial(() -> {
        try {
            Path dir = Files.createTempDirectory("fnnc-fuzz");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("input.bin");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private FuzzTargets() {
    }

    /** The YAML spec loader, through its byte-stream entry (UTF-8 decoding and the size cap included). */
    static void specLoader(byte[] data) {
        try {
            SpecLoader.withDefaults().load(new ByteArrayInputStream(data), "fuzz.yaml");
        } catch (SpecException expected) {
            requireMessage(expected);
        }
    }

    /** The safetensors reader; the file system's IOException would be documented too, but must not happen here. */
    static void safeTensors(byte[] data) throws IOException {
        Path file = write(data);
        try {
            SafeTensors.read(file);
        } catch (WeightsFormatException expected) {
            requireMessage(expected);
        }
    }

    /** The IDX reader: the first byte picks the image or the label reader, the rest is the file (plain or gzip). */
    static void idx(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        Path file = write(java.util.Arrays.copyOfRange(data, 1, data.length));
        try {
            if ((data[0] & 1) == 0) {
                IdxReader.Images images = IdxReader.readImages(file);
                if (BigInteger.valueOf(images.count()).multiply(BigInteger.valueOf(images.rows()))
                        .multiply(BigInteger.valueOf(images.columns())).compareTo(BigInteger.valueOf(images.pixels().length)) != 0) {
                    throw new AssertionError("IDX header " + images.count() + "x" + images.rows() + "x"
                            + images.columns() + " does not match " + images.pixels().length + " pixels");
                }
            } else {
                IdxReader.readLabels(file);
            }
        } catch (DataFormatException expected) {
            requireMessage(expected);
        }
    }

    /** The CSV reader: the first byte picks delimiter, header mode and task; the rest is the text (plain or gzip). */
    static void csv(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int pick = data[0] & 0xff;
        CsvReader.Builder options = CsvReader.Options.builder()
                .delimiter(new char[] {',', ';', '\t', ' '}[pick & 3])
                .header(CsvReader.Header.values()[(pick >> 2) % CsvReader.Header.values().length]);
        switch ((pick >> 4) % 4) {
            case 0 -> options.labelLast();
            case 1 -> options.labelColumn(0);
            case 2 -> options.regression(1 + (pick >> 6));
            default -> options.inputsOnly();
        }
        try {
            CsvReader.read(new ByteArrayInputStream(data, 1, data.length - 1), "fuzz.csv", options.build());
        } catch (DataFormatException expected) {
            requireMessage(expected);
        }
    }

    private static Path write(byte[] data) throws IOException {
        Path file = SCRATCH.get();
        Files.write(file, data);
        return file;
    }

    /** A documented error must still explain itself. */
    private static void requireMessage(RuntimeException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("error without a message", e);
        }
    }
}
