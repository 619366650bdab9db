package org.fnnc.generator.output;

import java.util.List;
import java.util.Locale;
import org.fnnc.spec.Kernels;
import org.fnnc.spec.NetworkSpec;
import org.fnnc.spec.SpecLimits;
import org.fnnc.spec.SpecRules;
import org.fnnc.spec.Suggestions;
import org.fnnc.spec.UnrollMode;
import org.fnnc.spec.UnrollSpec;
import org.fnnc.spec.YamlEnum;

/**
 * Settings a front end applies to every spec before generation (the plugin's configuration, {@code fnnc}'s
 * options), parsed here once for all of them: values are spelt as in spec files, surrounding blanks are ignored,
 * and a misspelt value gets the spec reader's "did you mean" hint.
 *
 * @param defaultPackage  package for specs that name none; {@code ""} leaves them in the default package
 * @param unroll          replaces every spec's network-wide unroll mode, or {@code null} to keep it
 * @param unrollThreshold replaces every spec's network-wide unroll threshold, or {@code null} to keep it
 * @param kernels         replaces every spec's kernels, or {@code null} to keep them
 */
public record SpecOverrides(String defaultPackage, UnrollMode unroll, Integer unrollThreshold, Kernels kernels) {

    /** No overrides: every spec as written. */
    public static final SpecOverrides NONE = new SpecOverrides("", null, null, null);

    public SpecOverrides {
        defaultPackage = defaultPackage == null ? "" : defaultPackage;
        if (unrollThreshold != null && unrollThreshold < 0) {
            throw new InvalidOverrideException("unroll threshold " + unrollThreshold + " is negative",
                    "expected a number of multiply-adds per layer pass, 0 or more");
        }
    }

    /** With the default package {@code text} (blank: none). */
    public SpecOverrides withDefaultPackage(String text) {
        String name = text == null ? "" : text.strip();
        List<SpecRules.Problem> problems = SpecRules.checkPackageName("package", name, SpecLimits.DEFAULT);
        if (!problems.isEmpty()) {
            throw new InvalidOverrideException(problems.get(0).message(), problems.get(0).hint());
        }
        return new SpecOverrides(name, unroll, unrollThreshold, kernels);
    }

    /** With the unroll mode spelt {@code text} ({@code auto}, {@code full}, {@code loops}); null: none. */
    public SpecOverrides withUnroll(String text) {
        return new SpecOverrides(defaultPackage, choice(UnrollMode.class, "unroll mode", text), unrollThreshold,
                kernels);
    }

    /** With the unroll threshold {@code threshold} (multiply-adds per layer pass, 0 or more); null: none. */
    public SpecOverrides withUnrollThreshold(Integer threshold) {
        return new SpecOverrides(defaultPackage, unroll, threshold, kernels);
    }

    /** With the kernels spelt {@code text} ({@code auto}, {@code scalar}, {@code vector_api}); null: none. */
    public SpecOverrides withKernels(String text) {
        return new SpecOverrides(defaultPackage, unroll, unrollThreshold, choice(Kernels.class, "kernels", text));
    }

    /**
     * The constant of {@code type} spelt {@code text} as in spec files (ignoring case and surrounding blanks), or
     * null for a null text (the setting was not given): the one parser of every override naming a choice (unroll
     * mode, kernels, optimizer, ...).
     *
     * @param noun what the value is, for the message: {@code unknown <noun> '<text>'}
     * @throws InvalidOverrideException if no constant is spelt so, or the text is blank
     */
    public static <E extends Enum<E> & YamlEnum> E choice(Class<E> type, String noun, String text) {
        if (text == null) {
            return null;
        }
        String spelling = text.strip();
        E value = spelling.isEmpty() ? null : YamlEnum.fromYaml(type, spelling.toLowerCase(Locale.ROOT));
        if (value == null) {
            throw new InvalidOverrideException(spelling.isEmpty() ? "no " + noun + " given"
                    : "unknown " + noun + " '" + SpecRules.printable(spelling) + "'",
                    Suggestions.expectedOneOf(spelling, YamlEnum.yamlNames(type)));
        }
        return value;
    }

    /** {@code spec} with these overrides applied; per-layer unroll settings stay as the spec has them. */
    public NetworkSpec apply(NetworkSpec spec) {
        NetworkSpec s = spec;
        if (s.packageName().isEmpty() && !defaultPackage.isEmpty()) {
            s = s.withPackageName(defaultPackage);
        }
        if (unroll != null || unrollThreshold != null) {
            UnrollSpec u = s.unroll();
            s = s.withUnroll(new UnrollSpec(unroll != null ? unroll : u.mode(),
                    unrollThreshold != null ? unrollThreshold : u.threshold()));
        }
        if (kernels != null) {
            s = s.withKernels(kernels);
        }
        return s;
    }

    /** A stable description of every override, one {@code name=value} per line: part of a build's fingerprint. */
    public String describe() {
        return "packageName=" + defaultPackage
                + "\nunroll=" + (unroll == null ? "" : unroll.yamlName())
                + "\nunrollThreshold=" + (unrollThreshold == null ? "" : unrollThreshold)
                + "\nkernels=" + (kernels == null ? "" : kernels.yamlName());
    }
}
