package io.dpp.trader.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.db.Database;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.JsonBody;
import io.dpp.runtime.http.QueryParams;
import io.dpp.runtime.http.WorkPool;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.trader.backtest.BacktestRun;
import io.dpp.trader.graph.Graph;
import io.dpp.trader.graph.GraphException;
import io.dpp.trader.graph.NodeCatalog;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graphs for editors (docs/graphs.md "Saved graphs"): the node catalogue and the example graphs,
 * validation that names the node and field of each problem, and each user's saved graphs with
 * their versions. Module {@code graphs} of Trader+; its table is in Trader+'s part of the
 * relational database.
 */
public final class GraphsApi implements RuntimeModule {

    /** Module name. */
    public static final String NAME = "graphs";

    private static final Logger LOG = LoggerFactory.getLogger(GraphsApi.class);
    /** Largest request body, bytes: a graph with its layout. */
    static final int MAX_BODY = 64 * 1024;
    private static final Pattern WHERE = Pattern.compile("^(?:layout: )?node \"([^\"]+)\"(?: \\([^)]*\\))?(?:: field \"([A-Za-z_]+))?");

    private final Function<ModuleContext, Database.Settings> database;
    private GraphStore store;
    private WorkPool work;
    private final Clock clock = Clock.systemUTC();

    private GraphsApi(Function<ModuleContext, Database.Settings> database) {
        this.database = database;
    }

    /** The registry entry; {@code database}: the relational database's settings (the accounts service's). */
    public static ModuleDescriptor descriptor(Function<ModuleContext, Database.Settings> database) {
        return new ModuleDescriptor(NAME, "trader", List.of(HttpModule.NAME, Access.MODULE), () -> new GraphsApi(database));
    }

    @Override
    public void start(ModuleContext context) {
        store = GraphStore.open(database.apply(context), context.dataDir());
        work = new WorkPool("graphs", 2, 100, "too many graph requests at once; retry shortly", GraphsApi::failure);
        install(context.module(HttpModule.class).router(), store, work, clock);
    }

    /** Installs the routes on {@code router} (tests install them on a router of their own). */
    static void install(Router router, GraphStore store, WorkPool work, Clock clock) {
        String nodes = json(Map.of("nodes", NodeCatalog.json()));
        List<Object> examples = new ArrayList<>();
        for (String name : BacktestRun.GRAPHS) {
            examples.add(read(BacktestRun.builtInGraph(name)));
        }
        String templates = json(Map.of("templates", examples));
        // The fixed paths come before /api/v1/graphs/:id.
        router.get("/api/v1/graphs/nodes").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(nodes));
        router.get("/api/v1/graphs/templates").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(templates));
        // The content type is checked on a route of its own, before the body is read (Vert.x runs a
        // route's body handler before its other handlers).
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        router.post("/api/v1/graphs/validate").handler(JsonBody::jsonOnly);
        router.post("/api/v1/graphs/validate").handler(body).handler(ctx -> {
            JsonNode graph = JsonBody.object(ctx, Set.of("graph")).get("graph");
            JsonBody.send(ctx, 200, check(graph));
        });
        router.get("/api/v1/graphs").handler(ctx -> {
            String owner = Grant.of(ctx).user();
            work.call(ctx, 200, () -> {
                List<Object> out = new ArrayList<>();
                for (GraphStore.Saved s : sql(() -> store.list(owner))) {
                    out.add(view(s));
                }
                return Map.of("graphs", out, "max", GraphStore.MAX_GRAPHS);
            });
        });
        router.post("/api/v1/graphs").handler(JsonBody::jsonOnly);
        router.post("/api/v1/graphs").handler(body).handler(ctx -> {
            String owner = Grant.of(ctx).user();
            JsonNode graph = JsonBody.object(ctx, Set.of("graph")).get("graph");
            String name = name(graph);
            Map<String, Object> checked = check(graph);
            String text = graph.toString();
            work.call(ctx, 201, () -> saved(sql(() -> store.create(owner, name, text, (Boolean) checked.get("valid"), clock.millis())),
                    checked));
        });
        router.get("/api/v1/graphs/:id").handler(ctx -> {
            String owner = Grant.of(ctx).user();
            long id = id(ctx);
            Integer version = ctx.queryParams().contains("version")
                    ? QueryParams.bounded(ctx, "version", 1, 1, Integer.MAX_VALUE) : null;
            work.call(ctx, 200, () -> {
                Object[] found = sql(() -> store.get(owner, id, version));
                GraphStore.Version v = (GraphStore.Version) found[1];
                JsonNode graph = read(v.body());
                Map<String, Object> out = saved((GraphStore.Saved) found[0], check(graph));
                out.put("version", v.version());
                out.put("sha256", v.sha256());
                out.put("saved", Instant.ofEpochMilli(v.created()).toString());
                out.put("graph", graph);
                return out;
            });
        });
        router.get("/api/v1/graphs/:id/versions").handler(ctx -> {
            String owner = Grant.of(ctx).user();
            long id = id(ctx);
            work.call(ctx, 200, () -> {
                List<Object> out = new ArrayList<>();
                for (GraphStore.Version v : sql(() -> store.versions(owner, id))) {
                    out.add(Map.of("version", v.version(), "sha256", v.sha256(), "saved", Instant.ofEpochMilli(v.created()).toString()));
                }
                return Map.of("versions", out, "kept", GraphStore.MAX_VERSIONS);
            });
        });
        router.put("/api/v1/graphs/:id").handler(JsonBody::jsonOnly);
        router.put("/api/v1/graphs/:id").handler(body).handler(ctx -> {
            String owner = Grant.of(ctx).user();
            long id = id(ctx);
            JsonNode b = JsonBody.object(ctx, Set.of("graph", "base_version"));
            Integer base = b.has("base_version") ? JsonBody.bounded(b, "base_version", 1, 1, Integer.MAX_VALUE) : null;
            JsonNode graph = b.get("graph");
            String name = name(graph);
            Map<String, Object> checked = check(graph);
            String text = graph.toString();
            work.call(ctx, 200, () -> saved(sql(() -> store.update(owner, id, base, name, text, (Boolean) checked.get("valid"),
                    clock.millis())), checked));
        });
        router.post("/api/v1/graphs/:id/duplicate").handler(JsonBody::jsonOnly);
        router.post("/api/v1/graphs/:id/duplicate").handler(body).handler(ctx -> {
            String owner = Grant.of(ctx).user();
            long id = id(ctx);
            String newName = JsonBody.text(JsonBody.object(ctx, Set.of("name")), "name", false, 64);
            work.call(ctx, 201, () -> {
                Object[] found = sql(() -> store.get(owner, id, null));
                ObjectNode graph = (ObjectNode) read(((GraphStore.Version) found[1]).body());
                graph.put("name", newName != null ? newName : copyName(((GraphStore.Saved) found[0]).name()));
                String name = name(graph);
                Map<String, Object> checked = check(graph);
                return saved(sql(() -> store.create(owner, name, graph.toString(), (Boolean) checked.get("valid"), clock.millis())),
                        checked);
            });
        });
        router.delete("/api/v1/graphs/:id").handler(ctx -> {
            String owner = Grant.of(ctx).user();
            long id = id(ctx);
            work.run(ctx, () -> {
                sql(() -> {
                    store.delete(owner, id, clock.millis());
                    return null;
                });
                return null;
            }, x -> ctx.response().setStatusCode(204).end());
        });
    }

    /**
     * The graph compiled with its defaults: {@code {"valid": bool, "problems": [{"message", "node",
     * "field"}]}}, node and field null where a problem is about the whole graph.
     */
    static Map<String, Object> check(JsonNode graph) {
        List<Object> problems = new ArrayList<>();
        try {
            Graph.of(graph);
        } catch (GraphException e) {
            for (String p : e.problems()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("message", p);
                Matcher w = WHERE.matcher(p);
                boolean found = w.find();
                m.put("node", found ? w.group(1) : null);
                m.put("field", found ? w.group(2) : null);
                problems.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", problems.isEmpty());
        out.put("problems", problems);
        return out;
    }

    /** A saved graph must be an object with a name (its nodes may still be wrong: a draft). */
    private static String name(JsonNode graph) {
        if (graph == null || !graph.isObject()) {
            throw new HttpProblem(400, "bad_request", "field \"graph\" must be a graph: a JSON object with name, params and nodes");
        }
        String name = graph.path("name").asText("");
        if (!graph.path("name").isTextual() || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new HttpProblem(400, "bad_request", "the graph's \"name\" must be letters, digits, '.', '_' and '-' (at most 64)");
        }
        return name;
    }

    private static String copyName(String name) {
        String copy = name + "-copy";
        return copy.length() > 64 ? copy.substring(copy.length() - 64).replaceFirst("^[._-]+", "c") : copy;
    }

    /** Largest graph id a request may name (the OpenAPI document's bound). */
    static final long MAX_ID = 999_999_999_999_999_999L;

    private static long id(RoutingContext ctx) {
        long id = QueryParams.positiveId(ctx, "id");
        if (id > 0 && id <= MAX_ID) {
            return id;
        }
        throw new HttpProblem(400, "bad_request", "a graph id is a whole number from 1 to " + MAX_ID + "; got \""
                + JsonBody.cut(ctx.pathParam("id")) + "\"");
    }

    private static Map<String, Object> view(GraphStore.Saved s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", s.name());
        m.put("version", s.version());
        m.put("valid", s.valid());
        m.put("created", Instant.ofEpochMilli(s.created()).toString());
        m.put("updated", Instant.ofEpochMilli(s.updated()).toString());
        return m;
    }

    private static Map<String, Object> saved(GraphStore.Saved s, Map<String, Object> checked) {
        Map<String, Object> m = view(s);
        m.put("problems", checked.get("problems"));
        return m;
    }

    /** What a request fails with: the store's refusals as they are, a database failure as a 503. */
    private static Throwable failure(RoutingContext ctx, Throwable error) {
        if (error instanceof GraphStore.Refused r) {
            return new HttpProblem(r.status, r.error, r.getMessage());
        }
        if (error instanceof StoreFailure f) {
            LOG.error("graphs: the database failed", f.getCause());
            return new HttpProblem(503, "unavailable", "the graphs' database failed; try again shortly");
        }
        return error;
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static final class StoreFailure extends RuntimeException {
        StoreFailure(SQLException cause) {
            super(cause);
        }
    }

    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    private static JsonNode read(String text) {
        try {
            return JsonBody.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored graph is not JSON: " + e.getMessage(), e);
        }
    }

    private static String json(Object o) {
        try {
            return JsonBody.JSON.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop(Duration budget) {
        if (work != null) {
            work.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
