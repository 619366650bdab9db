package org.fnnc.maven;

import java.util.Objects;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;

/**
 * What the plugin configuration changes in every spec before generation.
 *
 * @param defaultPackage  package for specs that name none; {@code ""} leaves them in the default package
 * @param unrollMode      replaces the network-wide unroll mode of every spec, or {@code null} to keep it
 * @param unrollThreshold replaces the network-wide unroll threshold of every spec, or {@code null} to keep it
 */
record GenerationOptions(String defaultPackage, UnrollMode unrollMode, Integer unrollThreshold) {

    static final GenerationOptions NONE = new GenerationOptions("", null, null);

    GenerationOptions {
        Objects.requireNonNull(defaultPackage, "defaultPackage");
        if (unrollThreshold != null && unrollThreshold < 0) {
            throw new IllegalArgumentException("unroll threshold must not be negative: " + unrollThreshold);
        }
    }

    /** {@code spec} with these options applied; per-layer unroll settings are left as the spec has them. */
    NetworkSpec apply(NetworkSpec spec) {
        NetworkSpec s = spec;
        if (s.packageName().isEmpty() && !defaultPackage.isEmpty()) {
            s = s.withPackageName(defaultPackage);
        }
        if (unrollMode != null || unrollThreshold != null) {
            UnrollSpec u = s.unroll();
            s = s.withUnroll(new UnrollSpec(unrollMode != null ? unrollMode : u.mode(),
                    unrollThreshold != null ? unrollThreshold : u.threshold()));
        }
        return s;
    }

    /** A stable description, part of the configuration fingerprint. */
    String describe() {
        return "packageName=" + defaultPackage
                + "\nunroll=" + (unrollMode == null ? "" : unrollMode.yamlName())
                + "\nunrollThreshold=" + (unrollThreshold == null ? "" : unrollThreshold);
    }
}
