package io.dpp.runtime.http;

import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a process (Vert.x on Netty; see docs/decisions/001). Every process runs
 * it: it serves health and metrics whatever the target, and the API modules add their routes to
 * {@link #router()}. It stops last: in-flight requests finish within the stop budget.
 */
public final class HttpModule implements RuntimeModule {

    /** Module name. */
    public static final String NAME = "http";

    private static final Logger LOG = LoggerFactory.getLogger(HttpModule.class);

    private Vertx vertx;
    private Router router;
    private HttpServer server;
    private volatile boolean listening;

    /** The registry entry for this module. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, ModuleDescriptor.ALWAYS, List.of(), HttpModule::new);
    }

    @Override
    public void start(ModuleContext context) throws Exception {
        HttpConfig config = context.config(HttpConfig.class);
        // Blocking work is rare (the /metrics scrape); a small worker pool keeps the thread count flat.
        vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(4).setFileSystemOptions(
                new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        router = Router.router(vertx);
        HttpRoutes.install(router, context.readiness(), context.metrics());
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()));
        try {
            await(server.requestHandler(router).listen().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
        } catch (ExecutionException e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + " (http.host, http.port): "
                    + e.getCause().getMessage(), e.getCause());
        }
        listening = true;
        LOG.info("HTTP server listening on http://{}:{}", config.host(), server.actualPort());
    }

    @Override
    public boolean isReady() {
        return listening;
    }

    @Override
    public void stop(Duration budget) throws Exception {
        listening = false;
        if (server != null) {
            // Stop accepting, let in-flight requests finish, then close what is left.
            Duration grace = budget.multipliedBy(3).dividedBy(4);
            await(server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS).toCompletionStage().toCompletableFuture(), budget);
        }
        if (vertx != null) {
            await(vertx.close().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(2));
        }
    }

    /** The router that API modules add their routes to. */
    public Router router() {
        return router;
    }

    /** The Vert.x instance, for modules that need its event loops or clients. */
    public Vertx vertx() {
        return vertx;
    }

    /** The port actually bound (differs from http.port when that is 0). */
    public int port() {
        return server.actualPort();
    }

    private static void await(java.util.concurrent.CompletableFuture<?> future, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
