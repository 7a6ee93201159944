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
    private final List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int port;
    private volatile boolean listening;
    private volatile io.dpp.runtime.access.AccessGate gate;
    private HttpConfig config;
    private HeaderTimeout headerTimeout;
    private io.prometheus.metrics.model.registry.PrometheusRegistry metrics;

    /** The registry entry for this module. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, ModuleDescriptor.ALWAYS, List.of(), HttpModule::new);
    }

    @Override
    public void start(ModuleContext context) throws Exception {
        config = context.config(HttpConfig.class);
        metrics = context.metrics();
        // Blocking work is rare (the /metrics scrape); a small worker pool keeps the thread count flat.
        vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(4).setFileSystemOptions(
                new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        router = Router.router(vertx);
        io.prometheus.metrics.core.metrics.Counter closed = io.prometheus.metrics.core.metrics.Counter.builder()
                .name("dpp_http_connections_closed_total")
                .help("Connections the server closed for a bound: header_timeout (no whole request head in time)")
                .labelNames("reason").register(context.metrics());
        headerTimeout = new HeaderTimeout(vertx, config.headerTimeout().toMillis(),
                () -> closed.labelValues("header_timeout").inc());
        router.route().order(-2000).handler(headerTimeout::requestArrived);
        boolean management = config.managementPort() > 0;
        HttpRoutes.install(router, context.readiness(), context.metrics(), !management);
        // One server instance per core, each on an event loop of its own, all on the same port:
        // Vert.x spreads the connections over them (one instance would put every connection,
        // thousands of WebSocket clients included, on a single thread).
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        // Vert.x shares one bound socket among instances that ask for the same host and port; port 0
        // would give each its own, so a free port is chosen first.
        int bindPort = config.port() == 0 ? freePort(config.host()) : config.port();
        try {
            for (int i = 0; i < instances; i++) {
                await(listen(config.host(), bindPort).toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
            }
            port = servers.get(0).actualPort();
            if (management) {
                Router monitoring = Router.router(vertx);
                HttpRoutes.installMonitoring(monitoring, context.readiness(), context.metrics());
                await(vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.managementPort())
                                .setIdleTimeout((int) config.idleTimeout().toSeconds()))
                        .requestHandler(monitoring).listen().onSuccess(servers::add)
                        .toCompletionStage().toCompletableFuture(), Duration.ofSeconds(30));
                LOG.info("metrics and health on the management port {}", config.managementPort());
            }
        } catch (ExecutionException e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + " (http.host, http.port): "
                    + e.getCause().getMessage(), e.getCause());
        }
        listening = true;
        LOG.info("HTTP server listening on http://{}:{} ({} event loops)", config.host(), port, servers.size());
    }

    @Override
    public boolean isReady() {
        return listening;
    }

    @Override
    public void stop(Duration budget) throws Exception {
        listening = false;
        if (!servers.isEmpty()) {
            // Stop accepting, let in-flight requests finish, then close what is left.
            Duration grace = budget.multipliedBy(3).dividedBy(4);
            List<io.vertx.core.Future<Void>> stops = new java.util.ArrayList<>();
            for (HttpServer s : servers) {
                stops.add(s.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS));
            }
            await(io.vertx.core.Future.join(stops).toCompletionStage().toCompletableFuture(), budget);
        }
        if (vertx != null) {
            await(vertx.close().toCompletionStage().toCompletableFuture(), Duration.ofSeconds(2));
        }
    }

    /** The router that API modules add their routes to. */
    public Router router() {
        return router;
    }

    /**
     * Installs who may use the APIs (the access module does, before any API module starts): from
     * then on every route under /api/ passes {@link io.dpp.runtime.access.AccessGate}.
     */
    public synchronized void access(io.dpp.runtime.access.Access access) {
        if (this.gate != null) {
            throw new IllegalStateException("access is already installed");
        }
        this.gate = io.dpp.runtime.access.AccessGate.install(router, vertx, access, config.allowedOrigins().orElse(List.of()),
                config.maxPendingAuth(), config.authTimeout());
        io.dpp.runtime.access.WebSocketSlots slots = gate.slots();
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("dpp_http_websockets_pending_auth")
                .help("WebSocket connections opened without a key that have not sent their auth message yet"
                        + " (at most http.max-pending-auth; each is closed after http.auth-timeout)")
                .callback(cb -> cb.call(slots.pending())).register(metrics);
    }

    /**
     * Who may use the APIs, for the WebSocket APIs' auth message.
     *
     * @throws IllegalStateException when no access module has started (an API module must depend on it)
     */
    public io.dpp.runtime.access.Access access() {
        return gate().access();
    }

    /**
     * The access gate in front of /api/: WebSocket endpoints register their routes with it and
     * admit connections through it.
     *
     * @throws IllegalStateException when no access module has started (an API module must depend on it)
     */
    public io.dpp.runtime.access.AccessGate gate() {
        io.dpp.runtime.access.AccessGate g = gate;
        if (g == null) {
            throw new IllegalStateException("no access control installed; API modules depend on the access module");
        }
        return g;
    }

    /** The Vert.x instance, for modules that need its event loops or clients. */
    public Vertx vertx() {
        return vertx;
    }

    /** The port actually bound (differs from http.port when that is 0). */
    public int port() {
        return port;
    }

    private static int freePort(String host) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    /** A server instance on an event-loop context of its own, serving the router. */
    private io.vertx.core.Future<String> listen(String host, int listenPort) {
        return vertx.deployVerticle(new io.vertx.core.VerticleBase() {
            @Override
            public io.vertx.core.Future<?> start() {
                return vertx.createHttpServer(serverOptions(host, listenPort))
                        .connectionHandler(headerTimeout::opened)
                        .requestHandler(WebSocketChannels.routing(router)).listen().onSuccess(servers::add);
            }
        });
    }

    /** The public server's options: the bounds of http.* and WebSocket frame limits (docs/security.md). */
    private HttpServerOptions serverOptions(String host, int listenPort) {
        return new HttpServerOptions().setHost(host).setPort(listenPort)
                // HTTP/1.1 only: no cleartext HTTP/2 upgrade, whose stream multiplexing the bounds
                // here (header timeout, one request head at a time) are not written for.
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) config.idleTimeout().toSeconds())
                .setMaxHeaderSize(config.maxHeaderSize())
                .setMaxInitialLineLength(Math.min(config.maxHeaderSize(), 8192))
                .setMaxFormAttributeSize(64 * 1024)
                // Stream and replay requests are small JSON objects.
                .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE)
                .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE);
    }

    /** Largest WebSocket message a client may send, bytes. */
    public static final int MAX_WEBSOCKET_MESSAGE = 64 * 1024;

    private static void await(java.util.concurrent.CompletableFuture<?> future, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
