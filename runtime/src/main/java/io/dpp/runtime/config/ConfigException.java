package io.dpp.runtime.config;

import java.util.List;

/**
 * The configuration cannot be used. The message lists every problem, each naming the key (and
 * where its value came from), so that one run shows everything to fix.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the key it concerns. */
    public List<String> problems() {
        return problems;
    }
}
