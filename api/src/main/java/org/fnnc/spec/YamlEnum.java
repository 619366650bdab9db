package org.fnnc.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum whose constants are spelled in spec files as their lower-case names ({@code leaky_relu}). */
public interface YamlEnum {

    String name();

    /** The spelling used in spec files. */
    default String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant spelled {@code text}, or {@code null}. */
    static <E extends Enum<E> & YamlEnum> E fromYaml(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.yamlName().equals(text)) {
                return e;
            }
        }
        return null;
    }

    /** Every spelling, in declaration order. */
    static <E extends Enum<E> & YamlEnum> List<String> yamlNames(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(YamlEnum::yamlName).collect(Collectors.toList());
    }
}
