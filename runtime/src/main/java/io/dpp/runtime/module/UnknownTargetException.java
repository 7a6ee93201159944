package io.dpp.runtime.module;

import java.util.List;

/** {@code --target} named something that is neither a service nor a module. */
public final class UnknownTargetException extends IllegalArgumentException {

    public UnknownTargetException(List<String> unknown, List<String> targets, List<String> modules) {
        super("unknown target " + String.join(", ", unknown.stream().map(t -> "'" + t + "'").toList())
                + ". Valid targets: " + String.join(", ", targets)
                + "; or a comma-separated list of targets and modules (modules: " + String.join(", ", modules) + ")");
    }
}
