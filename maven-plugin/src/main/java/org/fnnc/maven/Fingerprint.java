package org.fnnc.maven;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.fnnc.files.AtomicFiles;

/**
 * What the last run of a goal generated, kept in {@code target/fnnc/<goal>-<execution>.fingerprint}: the
 * generator version, a hash of the effective configuration and, per spec, the SHA-256 of its bytes, the class
 * it produced and the output file. A spec is regenerated when any of the three changed or its output is gone.
 *
 * @param generatorVersion {@code GeneratorVersion.VERSION} of the run
 * @param configHash       SHA-256 of the configuration description
 * @param specs            by spec path relative to the project base directory, in scan order
 */
record Fingerprint(String generatorVersion, String configHash, Map<String, Entry> specs) {

    /** Nothing generated yet: every spec is out of date. */
    static final Fingerprint NONE = new Fingerprint("", "", Map.of());

    /**
     * One spec's record.
     *
     * @param sha256    SHA-256 of the spec's bytes, or {@code ""} if its last generation failed or is
     *                  being written (so it is regenerated)
     * @param className the qualified name of its class, or {@code ""} if never known
     * @param output    its source file relative to the project base directory, or {@code ""} if none
     */
    record Entry(String sha256, String className, String output) {
        Entry {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(className, "className");
            Objects.requireNonNull(output, "output");
        }

        boolean succeeded() {
            return !sha256.isEmpty();
        }
    }

    Fingerprint {
        Objects.requireNonNull(generatorVersion, "generatorVersion");
        Objects.requireNonNull(configHash, "configHash");
        specs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(specs));
    }

    /** The fingerprint in {@code file}, or {@link #NONE} if it is missing or unreadable (so all is regenerated). */
    static Fingerprint read(Path file) {
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return NONE;
        }
        Map<String, Entry> specs = new LinkedHashMap<>();
        for (int i = 0; p.containsKey("spec." + i + ".path"); i++) {
            String prefix = "spec." + i + ".";
            specs.put(p.getProperty(prefix + "path"), new Entry(p.getProperty(prefix + "sha256", ""),
                    p.getProperty(prefix + "class", ""), p.getProperty(prefix + "output", "")));
        }
        return new Fingerprint(p.getProperty("generator", ""), p.getProperty("config", ""), specs);
    }

    /** Writes the fingerprint atomically, creating its directory. */
    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("generator", generatorVersion);
        p.setProperty("config", configHash);
        int i = 0;
        for (Map.Entry<String, Entry> e : specs.entrySet()) {
            String prefix = "spec." + i++ + ".";
            p.setProperty(prefix + "path", e.getKey());
            p.setProperty(prefix + "sha256", e.getValue().sha256());
            p.setProperty(prefix + "class", e.getValue().className());
            p.setProperty(prefix + "output", e.getValue().output());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.store(bytes, "fnnc-maven-plugin: what was generated from which spec; delete to force regeneration");
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
