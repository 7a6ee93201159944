package io.dpp.runtime.module;

import java.util.Map;

/** What /health/ready reports: whether the process should receive traffic, and each module's state. */
public interface Readiness {

    /** True when every module has started, says it is ready, and the process is not stopping. */
    boolean ready();

    /** Each module's state ("starting", "ready", "not ready", "stopping", "stopped"), in start order. */
    Map<String, String> modules();

    /** Always ready, with no modules: for routes mounted on their own (in-process tests, tools). */
    static Readiness always() {
        return new Readiness() {
            @Override
            public boolean ready() {
                return true;
            }

            @Override
            public Map<String, String> modules() {
                return Map.of();
            }
        };
    }
}
