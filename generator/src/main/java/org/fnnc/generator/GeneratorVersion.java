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
