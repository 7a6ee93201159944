package io.dpp.runtime.access;

import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The open demo mode ({@code accounts.access: open}): no key, everything granted. Also what the
 * fan-out benchmark runs the stream API behind, since it measures the fan-out, not the accounts.
 */
public final class OpenAccess implements Access {

    private final Grant grant = Grant.open();
    private final Counter denied;

    public OpenAccess(Counter denied) {
        this.denied = denied;
    }

    /** {@code dpp_access_denied_total}: requests refused, by API and reason. */
    public static Counter deniedCounter(PrometheusRegistry metrics) {
        return Counter.builder().name("dpp_access_denied_total")
                .help("API requests and stream messages refused by access control, by API (rest, stream, replay) and reason")
                .labelNames("api", "reason").register(metrics);
    }

    /** An access module that installs the open mode whatever the configuration (benchmarks only). */
    public static ModuleDescriptor module() {
        return new ModuleDescriptor(MODULE, ModuleDescriptor.ON_DEMAND, List.of(HttpModule.NAME), () -> new RuntimeModule() {
            @Override
            public void start(ModuleContext context) {
                context.module(HttpModule.class).access(new OpenAccess(deniedCounter(context.metrics())));
            }

            @Override
            public void stop(Duration budget) {
            }
        });
    }

    @Override
    public boolean open() {
        return true;
    }

    @Override
    public CompletionStage<Grant> authenticate(String key) {
        return CompletableFuture.completedFuture(grant);
    }

    @Override
    public void denied(String api, String reason) {
        denied.labelValues(api, reason).inc();
    }
}
