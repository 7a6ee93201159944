package io.dpp.trader.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.db.Database;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.trader.TraderConfig;
import io.dpp.trader.live.ForwardRuns;
import io.dpp.trading.exec.ExecutionHost;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Forward runs over REST (docs/trader.md): {@code POST /api/v1/strategies} deploys a strategy on
 * live data trading one of the caller's trading accounts, {@code GET /api/v1/strategies[/{id}]}
 * tells the caller's deployments with their live profit, orders and fills, and
 * {@code POST /api/v1/strategies/{id}/stop|pause|start} act on one. A deployment belongs to the
 * user who made it: nobody else sees it (404).
 *
 * <p>The module runs where the EMS runs (service {@code ems}): a strategy runs on the EMS's
 * thread, beside the paper venue, on the same stream of events (decision 023). REST deploys only
 * built-in strategies and graphs, or a graph sent whole, as backtests do.
 */
public final class StrategiesApi implements RuntimeModule {

    public static final String NAME = "strategies";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest request body, bytes (a graph sent whole). */
    static final int MAX_BODY = 64 * 1024;

    private final Function<ModuleContext, Database.Settings> database;
    private final Function<ModuleContext, ExecutionHost> host;
    private ForwardRuns runs;

    private StrategiesApi(Function<ModuleContext, Database.Settings> database, Function<ModuleContext, ExecutionHost> host) {
        this.database = database;
        this.host = host;
    }

    /**
     * The registry entry.
     *
     * @param database   the relational database's settings (the accounts service's)
     * @param host       the EMS of this process, where strategies run
     * @param hostModule the name of the module that provides {@code host}
     */
    public static ModuleDescriptor descriptor(Function<ModuleContext, Database.Settings> database,
                                              Function<ModuleContext, ExecutionHost> host, String hostModule) {
        return new ModuleDescriptor(NAME, "ems", List.of(HttpModule.NAME, Access.MODULE, hostModule),
                () -> new StrategiesApi(database, host));
    }

    /** The fields a deployment's body may hold; any other is refused (the OpenAPI document lists the same). */
    public static List<String> bodyFields() {
        return StrategyRequest.FIELDS;
    }

    @Override
    public void start(ModuleContext context) throws Exception {
        TraderConfig.Forward limits = context.config(TraderConfig.class).forward();
        runs = ForwardRuns.start(host.apply(context), database.apply(context), context.dataDir(), context.metrics(),
                limits.maxPerUser(), limits.maxLive());
        var router = context.module(HttpModule.class).router();
        router.post("/api/v1/strategies").handler(BacktestApi::jsonOnly);
        router.post("/api/v1/strategies").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::deploy);
        router.get("/api/v1/strategies").handler(ctx -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("strategies", runs.list(Grant.of(ctx).user()));
            send(ctx, 200, body);
        });
        router.get("/api/v1/strategies/:id").handler(ctx -> send(ctx, 200, runs.status(Grant.of(ctx).user(), id(ctx))));
        router.post("/api/v1/strategies/:id/stop").handler(ctx -> answer(ctx, runs.stop(Grant.of(ctx).user(), id(ctx)), 200));
        router.post("/api/v1/strategies/:id/pause").handler(ctx -> answer(ctx, runs.pause(Grant.of(ctx).user(), id(ctx)), 200));
        router.post("/api/v1/strategies/:id/start").handler(ctx -> answer(ctx, runs.start(Grant.of(ctx).user(), id(ctx)), 200));
    }

    @Override
    public void stop(Duration budget) throws Exception {
        if (runs != null) {
            runs.close();
        }
    }

    private void deploy(RoutingContext ctx) {
        Grant grant = Grant.of(ctx);
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body().asString());
        } catch (Exception e) {
            throw BacktestRequest.bad("the body must be a JSON object describing the deployment (docs/trader.md)");
        }
        StrategyRequest r = StrategyRequest.of(body);
        r.entitled(grant); // before any graph is parsed
        String owner = grant.user();
        ctx.vertx().executeBlocking(() -> runs.deploy(owner, r.account(), r.strategy(), r.graph(), r.venue(), r.symbols(), r.params()),
                false).onComplete(started -> {
                    if (started.failed()) {
                        ctx.fail(started.cause());
                        return;
                    }
                    started.result().whenComplete((view, error) -> ctx.vertx().runOnContext(v -> {
                        if (error != null) {
                            ctx.fail(unwrap(error));
                        } else {
                            ctx.response().putHeader("Location", "/api/v1/strategies/" + view.get("id"));
                            send(ctx, 201, view);
                        }
                    }));
                });
    }

    private static void answer(RoutingContext ctx, CompletableFuture<Map<String, Object>> reply, int status) {
        reply.whenComplete((view, error) -> ctx.vertx().runOnContext(v -> {
            if (error != null) {
                ctx.fail(unwrap(error));
            } else {
                send(ctx, status, view);
            }
        }));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof HttpProblem) {
            return c;
        }
        if (c instanceof IllegalArgumentException) {
            return new HttpProblem(400, "bad_request", c.getMessage());
        }
        return new HttpProblem(503, "unavailable", io.dpp.runtime.http.PublicErrors.message("the deployment", c));
    }

    private static long id(RoutingContext ctx) {
        long id = io.dpp.runtime.http.QueryParams.positiveId(ctx, "id");
        if (id > 0) {
            return id;
        }
        String s = ctx.pathParam("id");
        throw BacktestRequest.bad("a deployment id is a positive whole number; got \"" + BacktestRequest.shorten(String.valueOf(s)) + "\"");
    }

    private static void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }
}
