package org.fnnc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Test helpers: spec files and file times. */
final class Projects {

    /** A time long past: a file still carrying it was not rewritten since it was set. */
    static final FileTime OLD = FileTime.fromMillis(978_307_200_000L);

    private Projects() {
    }

    /** A valid spec of a 2-hidden-1 network, without a package line if {@code pkg} is null. */
    static String spec(String name, String pkg, int hidden) {
        return "name: " + name + "\n"
                + (pkg == null ? "" : "package: " + pkg + "\n")
                + "input: 2\n"
                + "layers:\n"
                + "  - {units: " + hidden + ", activation: tanh}\n"
                + "  - {units: 1, activation: sigmoid}\n"
                + "loss: binary_cross_entropy\n";
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    static void age(Path file) throws IOException {
        Files.setLastModifiedTime(file, OLD);
    }

    static boolean rewritten(Path file) throws IOException {
        return !Files.getLastModifiedTime(file).equals(OLD);
    }
}
