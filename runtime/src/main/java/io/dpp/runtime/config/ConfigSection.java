package io.dpp.runtime.config;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * One top-level section of the configuration tree: its prefix, the SmallRye mapping interface
 * that types it, and the checks that types alone cannot express (ranges, combinations). Each
 * module that owns configuration declares its section; its defaults live in the module's jar at
 * {@value DppConfig#DEFAULTS_RESOURCE}.
 *
 * @param prefix  the top-level key, e.g. "http"
 * @param mapping the {@code @ConfigMapping} interface for that prefix
 * @param checks  adds "key: problem" lines for values that are well-typed but unusable
 */
public record ConfigSection<T>(String prefix, Class<T> mapping, BiConsumer<T, List<String>> checks) {

    /** A section whose values need no checks beyond their types. */
    public static <T> ConfigSection<T> of(String prefix, Class<T> mapping) {
        return new ConfigSection<>(prefix, mapping, (config, problems) -> { });
    }

    void check(Object config, List<String> problems) {
        checks.accept(mapping.cast(config), problems);
    }
}
