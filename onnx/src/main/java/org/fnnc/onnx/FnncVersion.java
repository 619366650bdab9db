package org.fnnc.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The fnnc version (the Maven project version, shared by every module), recorded in exported models. */
final class FnncVersion {

    static final String VERSION = load();

    private FnncVersion() {
    }

    private static String load() {
        try (InputStream in = FnncVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("org/fnnc/onnx/version.properties is missing from the fnnc-onnx jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
