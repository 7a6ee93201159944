package io.dpp.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.runtime.RuntimeSections;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.metrics.BuildInfo;
import io.dpp.runtime.metrics.ProcessMetrics;
import io.dpp.runtime.module.Lifecycle;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real HTTP module on a free port, with a module that adds routes the way API modules will. */
class HttpModuleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Adds routes to the HTTP module, like the API modules do, and can report itself not ready. */
    static final class ApiModule implements RuntimeModule {
        volatile boolean ready = true;

        @Override
        public void start(ModuleContext context) {
            var router = context.module(HttpModule.class).router();
            router.get("/api/v1/echo/:word").handler(ctx -> ctx.response().end(ctx.pathParam("word")));
            router.get("/api/v1/bad").handler(ctx -> ctx.fail(new HttpProblem(400, "bad_request", "parameter 'venue' is required")));
            router.get("/api/v1/boom").handler(ctx -> {
                throw new IllegalStateException("bug");
            });
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void stop(Duration budget) {
        }
    }

    private final ApiModule api = new ApiModule();
    private final HttpClient client = HttpClient.newHttpClient();
    private Lifecycle lifecycle;
    private int port;

    @BeforeEach
    void start() {
        DppConfig config = DppConfig.load(null, Map.of("DPP_HTTP_PORT", "0", "DPP_HTTP_HOST", "127.0.0.1"),
                RuntimeSections.all());
        HttpModule http = new HttpModule();
        lifecycle = new Lifecycle(List.of(new ModuleDescriptor(HttpModule.NAME, ModuleDescriptor.ALWAYS, List.of(), () -> http),
                new ModuleDescriptor("api", "streams", List.of("http"), () -> api)),
                config, ProcessMetrics.create(BuildInfo.current()));
        lifecycle.start(Duration.ofSeconds(2));
        port = http.port();
    }

    @AfterEach
    void stop() {
        lifecycle.stop(Duration.ofSeconds(3), Duration.ZERO);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveAndReadyAnswerJson() throws Exception {
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("UP");

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.get("modules").get("http").asText()).isEqualTo("ready");
        assertThat(body.get("modules").get("api").asText()).isEqualTo("ready");
    }

    @Test
    void readyIs503WhileAModuleIsNotReady() throws Exception {
        api.ready = false;
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("modules").get("api").asText()).isEqualTo("not ready");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsExposeBuildInfoJvmAndRequests() throws Exception {
        get("/api/v1/echo/hello");
        get("/api/v1/echo/world");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("dpp_build_info{java_version=\"" + Runtime.version() + "\"")
                .contains("jvm_memory_used_bytes{area=\"heap\"}")
                .contains("process_cpu_seconds_total")
                .contains("dpp_module_ready{module=\"api\"} 1.0")
                .contains("dpp_http_requests_total{method=\"GET\",route=\"/api/v1/echo/:word\",status=\"200\"} 2.0")
                .contains("dpp_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/echo/:word\",le=\"+Inf\"} 2");
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        HttpResponse<String> missing = get("/nope?x=1");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()))
                .isEqualTo(JSON.readTree("{\"status\":404,\"error\":\"not_found\",\"message\":\"no route for GET /nope\"}"));

        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(wrongMethod.body()).get("error").asText()).isEqualTo("method_not_allowed");

        HttpResponse<String> bad = get("/api/v1/bad");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).isEqualTo("parameter 'venue' is required");

        HttpResponse<String> boom = get("/api/v1/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(boom.body()).get("error").asText()).isEqualTo("internal_error");
        assertThat(boom.body()).doesNotContain("bug");

        HttpResponse<String> brew = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pot"))
                .method("BREW", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(brew.statusCode()).isEqualTo(404);

        String metrics = get("/metrics").body();
        assertThat(metrics).contains("dpp_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"404\"} 1.0")
                .contains("dpp_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1.0")
                .doesNotContain("/nope");
    }
}
