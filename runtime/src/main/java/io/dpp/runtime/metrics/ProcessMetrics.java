package io.dpp.runtime.metrics;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The metrics registry of a process, created with what every process exports: JVM and process
 * metrics (memory, GC, threads, CPU, file descriptors) and {@code dpp_build_info}. Modules add
 * theirs, named {@code dpp_*}, beside the code they measure.
 */
public final class ProcessMetrics {

    private ProcessMetrics() {
    }

    /** A new registry holding JVM, process and build metrics. */
    public static PrometheusRegistry create(BuildInfo build) {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        Info info = Info.builder()
                .name("dpp_build_info")
                .help("Version, git revision and Java runtime of this process; the value is always 1")
                .labelNames("version", "revision", "java_version")
                .register(registry);
        info.addLabelValues(build.version(), build.revision(), build.java());
        return registry;
    }
}
