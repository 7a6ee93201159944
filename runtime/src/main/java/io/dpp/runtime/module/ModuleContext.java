package io.dpp.runtime.module;

import io.dpp.runtime.config.DataConfig;
import io.dpp.runtime.config.DppConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a module sees of the process while it starts: the configuration, the metrics registry,
 * readiness, and the modules it depends on.
 */
public final class ModuleContext {

    private final DppConfig config;
    private final PrometheusRegistry metrics;
    private final Readiness readiness;
    private final Map<Class<?>, RuntimeModule> started;
    private final io.dpp.runtime.rate.VenueWeights venueWeights = new io.dpp.runtime.rate.VenueWeights(System::nanoTime);

    ModuleContext(DppConfig config, PrometheusRegistry metrics, Readiness readiness,
                  Map<Class<?>, RuntimeModule> started) {
        this.config = config;
        this.metrics = metrics;
        this.readiness = readiness;
        this.started = started;
    }

    /** A typed configuration section. */
    public <T> T config(Class<T> section) {
        return config.section(section);
    }

    /** The registry that /metrics exposes; modules register their metrics here. */
    public PrometheusRegistry metrics() {
        return metrics;
    }

    /** The venues' REST allowances of this process's address, shared by every module that calls the venues. */
    public io.dpp.runtime.rate.VenueWeights venueWeights() {
        return venueWeights;
    }

    /** The process readiness, for the health endpoint. */
    public Readiness readiness() {
        return readiness;
    }

    /** The data directory ({@code data.dir}), absolute. */
    public Path dataDir() {
        return config.section(DataConfig.class).dir().toAbsolutePath().normalize();
    }

    /**
     * A started module of the given type, normally one this module depends on.
     *
     * @throws IllegalStateException if no such module has started
     */
    public <T extends RuntimeModule> T module(Class<T> type) {
        RuntimeModule module = started.get(type);
        if (module == null) {
            throw new IllegalStateException(type.getSimpleName() + " has not started; declare it as a dependency");
        }
        return type.cast(module);
    }
}
