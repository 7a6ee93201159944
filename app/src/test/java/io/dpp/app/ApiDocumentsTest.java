package io.dpp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dpp.core.model.FeedState;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpRoutes;
import io.dpp.runtime.module.Lifecycle;
import io.dpp.serve.stream.Channel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API documents the platform serves are valid and true: the OpenAPI document parses without a
 * message and lists exactly the /api/ routes the whole platform registers; the AsyncAPI document
 * names exactly the stream's channels, requests, feed states and sides.
 */
class ApiDocumentsTest {

    @TempDir
    Path data;

    @Test
    void theOpenApiDocumentIsValidAndListsEveryRoute() throws Exception {
        String yaml = resource("openapi.yaml");
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(yaml);
        assertThat(parsed.getMessages()).as("parser messages").isEmpty();
        assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes()).containsKeys("apiKey", "bearer");
        Set<String> documented = new TreeSet<>(parsed.getOpenAPI().getPaths().keySet());

        DppConfig config = DppConfig.load(null, Map.of("DPP_HTTP_PORT", "0", "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_ACCOUNTS_ACCESS", "open", "DPP_LOG_LEVEL", "warn"), Platform.configSections());
        Lifecycle platform = new Lifecycle(Platform.modules(), config, new PrometheusRegistry());
        Set<String> served = new TreeSet<>();
        try {
            platform.start(Duration.ofSeconds(60));
            platform.module(HttpModule.class).router().getRoutes().forEach(r -> {
                String path = r.getPath();
                if (path != null && path.startsWith("/api/v1/") && !path.endsWith(".yaml")) {
                    served.add(path.replaceAll(":([a-z_]+)", "{$1}"));
                }
            });
        } finally {
            platform.stop(Duration.ofSeconds(10), Duration.ZERO);
        }
        assertThat(served).as("routes of the whole platform").hasSizeGreaterThan(15);
        assertThat(documented).isEqualTo(served);
        // Every number a request may carry has a documented upper bound (the fuzzer tests it).
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperations().forEach(op -> {
            if (op.getParameters() != null) {
                op.getParameters().forEach(param -> {
                    var schema = param.getSchema();
                    if (schema != null && ("integer".equals(schema.getType()) || "number".equals(schema.getType()))) {
                        assertThat(schema.getMaximum()).as(path + " " + param.getName() + ": a documented maximum").isNotNull();
                    }
                });
            }
        }));
    }

    @Test
    void theBacktestBodyTakesExactlyTheDocumentedFields() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(resource("openapi.yaml"));
        JsonNode schema = doc.at("/paths/~1api~1v1~1backtests/post/requestBody/content/application~1json/schema");
        assertThat(schema.path("additionalProperties").asBoolean(true)).as("other fields refused").isFalse();
        assertThat(new TreeSet<>(io.dpp.trader.api.BacktestApi.bodyFields()))
                .isEqualTo(new TreeSet<>(iterable(schema.path("properties").fieldNames())));
    }

    @Test
    void theDeploymentBodyTakesExactlyTheDocumentedFields() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(resource("openapi.yaml"));
        JsonNode schema = doc.at("/paths/~1api~1v1~1strategies/post/requestBody/content/application~1json/schema");
        assertThat(schema.path("additionalProperties").asBoolean(true)).as("other fields refused").isFalse();
        assertThat(new TreeSet<>(io.dpp.trader.api.StrategiesApi.bodyFields()))
                .isEqualTo(new TreeSet<>(iterable(schema.path("properties").fieldNames())));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void theAsyncApiDocumentNamesTheStreamProtocol() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(resource("asyncapi.yaml"));
        assertThat(doc.path("asyncapi").asText()).startsWith("2.");
        assertThat(doc.path("channels").has("/api/v1/stream")).isTrue();
        assertThat(doc.path("channels").has("/api/v1/replay")).isTrue();
        JsonNode schemas = doc.path("components").path("schemas");
        assertThat(strings(schemas.path("Channel").path("enum"))).isEqualTo(Channel.names());
        assertThat(strings(schemas.path("Side").path("enum"))).containsExactly("buy", "sell", "unknown");
        JsonNode messages = doc.path("components").path("messages");
        assertThat(strings(messages.path("FeedStatus").path("payload").path("allOf").get(1).path("properties").path("state").path("enum")))
                .isEqualTo(Arrays.stream(FeedState.values()).map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        List<String> ops = List.of("Auth", "Subscribe", "Unsubscribe", "Ping").stream()
                .map(m -> messages.path(m).path("payload").path("properties").path("op").path("const").asText()).toList();
        assertThat(ops).containsExactly("auth", "subscribe", "unsubscribe", "ping");
        // Every message the stream channel names is defined.
        for (JsonNode ref : doc.path("channels").path("/api/v1/stream").path("subscribe").path("message").path("oneOf")) {
            String name = ref.path("$ref").asText().replace("#/components/messages/", "");
            assertThat(messages.has(name)).as(name).isTrue();
        }
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.toList());
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = ApiDocumentsTest.class.getClassLoader().getResourceAsStream(HttpRoutes.DOCS + name)) {
            assertThat(in).as(name + " on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
