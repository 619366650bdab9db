package org.fnnc.generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The generator's version, recorded in every generated header and in build fingerprints. */
public final class GeneratorVersion {

    /** e.g. {@code 0.1.0}; filtered in from the Maven project version at build time. */
    public static final String VERSION = load();

    private GeneratorVersion() {
    }

    /**
     * What build tools compare to decide whether generated sources are stale: the version for a release,
     * and for a {@code -SNAPSHOT} the version plus a digest of the generator's own class files, so that a
     * rebuilt snapshot generator regenerates sources even though its version string did not change.
     */
    public static String build() {
        return Build.VALUE;
    }

    /**
     * Computed on first use, exactly once: the JVM initialises a class once and makes every other thread wait
     * for it, so concurrent first callers (modules of a parallel Maven build sharing the plugin's class
     * realm) neither hash the code twice nor see a half-set value.
     */
    private static final class Build {
        static final String VALUE = VERSION.endsWith("-SNAPSHOT") ? VERSION + "+" + codeDigest() : VERSION;
    }

    private static String codeDigest() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.file.Path code = java.nio.file.Path.of(
                    GeneratorVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (java.nio.file.Files.isDirectory(code)) {
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(code)) {
                    for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files
                            .filter(java.nio.file.Files::isRegularFile).sorted()::iterator) {
                        md.update(code.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        md.update(java.nio.file.Files.readAllBytes(f));
                    }
                }
            } else {
                md.update(java.nio.file.Files.readAllBytes(code));
            }
            return java.util.HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (IOException | java.net.URISyntaxException | java.security.NoSuchAlgorithmException
                 | RuntimeException e) {
            // No readable code source (an unusual class loader): fall back to the version alone.
            return "unknown";
        }
    }

    private static String load() {
        try (InputStream in = GeneratorVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("fnnc-generator is missing version.properties");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
