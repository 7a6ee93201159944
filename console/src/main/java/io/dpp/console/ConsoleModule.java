package io.dpp.console;

import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console (docs/console.md) on the process's HTTP server: {@code /} and {@code /console/*}.
 * It holds no data and calls nothing itself: the pages in the browser use the public APIs, so
 * it runs wherever those are reachable under the same origin (one process, or behind the ingress
 * that routes {@code /api/} to the services). Part of Trader+, whose strategy creator it carries.
 */
public final class ConsoleModule implements RuntimeModule {

    /** Module name. */
    public static final String NAME = "console";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleModule.class);

    /** The registry entry. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, "trader", List.of(HttpModule.NAME), ConsoleModule::new);
    }

    @Override
    public void start(ModuleContext context) {
        ConsoleAssets assets = ConsoleAssets.load();
        HttpModule http = context.module(HttpModule.class);
        ConsoleRoutes.install(http.router(), assets);
        LOG.info("web console at http://{}:{}/ ({} files)", "localhost", http.port(), assets.names().size());
    }

    @Override
    public void stop(Duration budget) {
    }
}
