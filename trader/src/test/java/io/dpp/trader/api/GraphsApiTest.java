package io.dpp.trader.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.Plan;
import io.dpp.runtime.db.Database;
import io.dpp.runtime.http.HttpRoutes;
import io.dpp.runtime.http.WorkPool;
import io.dpp.runtime.rate.TokenBucket;
import io.dpp.trader.backtest.BacktestRun;
import io.dpp.trader.graph.Graph;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The graphs API on a real HTTP server and the embedded database: catalogue, templates,
 * validation naming node and field, and saved graphs with versions, each user's own. The grant
 * is put on each request by a stand-in for the access gate (the gate has tests of its own).
 */
class GraphsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Vertx vertx;
    private static HttpServer server;
    private static GraphStore store;
    private static WorkPool work;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("dpp-graphs");
        store = GraphStore.open(new Database.Settings(Optional.empty(), Optional.empty(), Optional.empty(), 2), dir);
        work = new WorkPool("graphs-test", 2, 10, "busy", (ctx, e) -> e instanceof GraphStore.Refused r
                ? new io.dpp.runtime.http.HttpProblem(r.status, r.error, r.getMessage()) : e);
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        HttpRoutes.install(router, io.dpp.runtime.module.Readiness.always(), new PrometheusRegistry(), false);
        router.route("/api/*").order(-10).handler(ctx -> {
            String user = ctx.request().getHeader("X-Test-User");
            if (user != null) {
                ctx.put(Grant.CONTEXT_KEY, new Grant(user, "k", Plan.OPEN, TokenBucket.unlimited()));
            }
            ctx.next();
        });
        GraphsApi.install(router, store, work, Clock.systemUTC());
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        work.close();
        store.close();
    }

    private static HttpResponse<String> call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (user != null) {
            b.header("X-Test-User", user);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private static String wrap(JsonNode graph) {
        return JSON.createObjectNode().set("graph", graph).toString();
    }

    @Test
    void theCatalogueAndTemplatesAreServed() throws Exception {
        JsonNode nodes = ok(call("GET", "/api/v1/graphs/nodes", "ada", null), 200).path("nodes");
        assertThat(nodes.size()).isEqualTo(27);
        JsonNode templates = ok(call("GET", "/api/v1/graphs/templates", "ada", null), 200).path("templates");
        assertThat(templates).extracting(t -> t.path("name").asText()).containsExactlyElementsOf(BacktestRun.GRAPHS);
        assertThat(call("GET", "/api/v1/graphs", null, null).statusCode()).as("no grant, no graphs").isEqualTo(401);
    }

    @Test
    void validationNamesTheNodeAndFieldOfEachProblem() throws Exception {
        ObjectNode graph = (ObjectNode) JSON.readTree(BacktestRun.builtInGraph("sma-crossover"));
        assertThat(ok(call("POST", "/api/v1/graphs/validate", "ada", wrap(graph)), 200).path("valid").asBoolean()).isTrue();
        ((ObjectNode) graph.path("nodes").get(1)).put("period", "0");
        ((ObjectNode) graph.path("nodes").get(2)).put("perod", "3");
        JsonNode checked = ok(call("POST", "/api/v1/graphs/validate", "ada", wrap(graph)), 200);
        assertThat(checked.path("valid").asBoolean()).isFalse();
        assertThat(checked.path("problems")).anySatisfy(p -> {
            assertThat(p.path("node").asText()).isEqualTo(graph.path("nodes").get(2).path("id").asText());
            assertThat(p.path("message").asText()).contains("unknown field \"perod\"");
        });
        assertThat(checked.path("problems")).anySatisfy(p -> {
            assertThat(p.path("node").asText()).isEqualTo(graph.path("nodes").get(1).path("id").asText());
            assertThat(p.path("message").asText()).contains("period");
        });
        assertThat(call("POST", "/api/v1/graphs/validate", "ada", "not json").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/graphs/validate", "ada", "{\"graph\":{},\"x\":1}").statusCode()).isEqualTo(400);
    }

    @Test
    void savedGraphsKeepVersionsAndBelongToTheirOwner() throws Exception {
        ObjectNode graph = (ObjectNode) JSON.readTree(BacktestRun.builtInGraph("sma-crossover"));
        graph.putObject("layout").putObject("nodes").putObject("bars").put("x", 10).put("y", 20);
        JsonNode made = ok(call("POST", "/api/v1/graphs", "grace", wrap(graph)), 201);
        long id = made.path("id").asLong();
        assertThat(made.path("version").asInt()).isEqualTo(1);
        assertThat(made.path("valid").asBoolean()).isTrue();
        assertThat(ok(call("GET", "/api/v1/graphs", "grace", null), 200).path("graphs")).hasSize(1);
        assertThat(ok(call("GET", "/api/v1/graphs", "mallory", null), 200).path("graphs")).isEmpty();
        assertThat(call("GET", "/api/v1/graphs/" + id, "mallory", null).statusCode()).as("another's graph").isEqualTo(404);
        assertThat(call("PUT", "/api/v1/graphs/" + id, "mallory", wrap(graph)).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/graphs/" + id, "mallory", null).statusCode()).isEqualTo(404);

        graph.with("params").put("fast", 5);
        ObjectNode put = JSON.createObjectNode();
        put.set("graph", graph);
        put.put("base_version", 1);
        assertThat(ok(call("PUT", "/api/v1/graphs/" + id, "grace", put.toString()), 200).path("version").asInt()).isEqualTo(2);
        JsonNode stale = ok(call("PUT", "/api/v1/graphs/" + id, "grace", put.toString()), 409);
        assertThat(stale.path("message").asText()).contains("version 2");
        JsonNode latest = ok(call("GET", "/api/v1/graphs/" + id, "grace", null), 200);
        assertThat(latest.path("graph").path("params").path("fast").asInt()).isEqualTo(5);
        assertThat(latest.path("graph").path("layout").path("nodes").path("bars").path("x").asInt()).isEqualTo(10);
        JsonNode first = ok(call("GET", "/api/v1/graphs/" + id + "?version=1", "grace", null), 200);
        assertThat(first.path("graph").path("params").path("fast").asInt()).isEqualTo(10);
        assertThat(ok(call("GET", "/api/v1/graphs/" + id + "/versions", "grace", null), 200).path("versions"))
                .extracting(v -> v.path("version").asInt()).containsExactly(2, 1);
        assertThat(call("GET", "/api/v1/graphs/" + id + "?version=9", "grace", null).statusCode()).isEqualTo(404);

        JsonNode copy = ok(call("POST", "/api/v1/graphs/" + id + "/duplicate", "grace", "{}"), 201);
        assertThat(copy.path("name").asText()).isEqualTo("sma-crossover-copy");
        assertThat(copy.path("id").asLong()).isNotEqualTo(id);

        // A draft that does not compile yet is kept, with its problems.
        ObjectNode draft = JSON.createObjectNode().put("name", "draft");
        draft.putArray("nodes").addObject().put("id", "x").put("type", "sma");
        JsonNode saved = ok(call("POST", "/api/v1/graphs", "grace", wrap(draft)), 201);
        assertThat(saved.path("valid").asBoolean()).isFalse();
        assertThat(saved.path("problems")).isNotEmpty();

        ok(call("DELETE", "/api/v1/graphs/" + id, "grace", null), 204);
        assertThat(call("GET", "/api/v1/graphs/" + id, "grace", null).statusCode()).isEqualTo(404);
        assertThat(ok(call("GET", "/api/v1/graphs", "grace", null), 200).path("graphs")).hasSize(2);
    }

    @Test
    void badRequestsAreRefusedWithReasons() throws Exception {
        assertThat(call("POST", "/api/v1/graphs", "ada", "{\"graph\":{\"name\":\"bad name!\"}}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/graphs", "ada", "{\"graph\":[]}").statusCode()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/graphs", "ada", "{\"graph\":{\"name\":\"big\",\"description\":\"" + "x".repeat(70_000)
                + "\"}}").statusCode()).isEqualTo(413);
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + "/api/v1/graphs")).header("X-Test-User", "ada").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(call("GET", "/api/v1/graphs/abc", "ada", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/graphs/1000000000000000000", "ada", null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/graphs/999999999999999999", "ada", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/graphs/1?version=0", "ada", null).statusCode()).isEqualTo(400);
    }

    @Test
    void theLayoutIsCheckedButIsNotPartOfWhatRuns() throws Exception {
        ObjectNode graph = (ObjectNode) JSON.readTree(BacktestRun.builtInGraph("sma-crossover"));
        String sha = Graph.of(graph).sha256();
        ObjectNode layout = graph.putObject("layout");
        layout.putObject("nodes").putObject("fast").put("x", -40.5).put("y", 300);
        layout.putArray("comments").addObject().put("x", 0).put("y", 0).put("text", "fast over slow");
        assertThat(Graph.of(graph).sha256()).as("moving nodes leaves the strategy the same").isEqualTo(sha);
        layout.with("nodes").putObject("slow").put("x", 1e9).put("y", 0);
        JsonNode checked = ok(call("POST", "/api/v1/graphs/validate", "ada", wrap(graph)), 200);
        assertThat(checked.path("problems").toString()).contains("layout: node \\\"slow\\\": field \\\"x\\\" must be a number");
        assertThat(checked.path("problems").get(0).path("node").asText()).isEqualTo("slow");
    }
}
