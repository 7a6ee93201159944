package io.dpp.runtime.module;

import java.time.Duration;

/**
 * A unit of the platform that a process starts and stops: the HTTP server, a venue feed, the
 * recorder, an API. Modules are described by a {@link ModuleDescriptor}; the {@link Lifecycle}
 * starts them after their dependencies and stops them in reverse order.
 */
public interface RuntimeModule {

    /**
     * Starts the module. Its dependencies are started and reachable through
     * {@link ModuleContext#module(Class)}. Returns once the module works or throws; a module that
     * needs longer to become useful (a feed catching up) reports it through {@link #isReady()}.
     */
    void start(ModuleContext context) throws Exception;

    /** True while the module can do its job; /health/ready is 200 only when every module says so. */
    default boolean isReady() {
        return true;
    }

    /**
     * Stops the module within {@code budget}: stop taking new work, finish or hand over what is in
     * flight, release resources. Called once, after every module that depends on it has stopped.
     */
    void stop(Duration budget) throws Exception;
}
