package io.dpp.runtime.http;

import io.dpp.runtime.module.Readiness;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The routes every process serves, whatever its target: /health/live, /health/ready and
 * /metrics, plus request metrics and JSON error bodies for every route. A plain static method, so
 * that tests install exactly these routes on a router of their own.
 */
public final class HttpRoutes {

    private HttpRoutes() {
    }

    /** Installs the common routes and error handling on {@code router}, /metrics included. */
    public static void install(Router router, Readiness readiness, PrometheusRegistry registry) {
        install(router, readiness, registry, true);
    }

    /**
     * Installs the common routes and error handling on {@code router}; /metrics only when
     * {@code metrics} (a process with a management port serves it there instead).
     */
    public static void install(Router router, Readiness readiness, PrometheusRegistry registry, boolean withMetrics) {
        RequestMetrics metrics = new RequestMetrics(registry);
        ExpositionFormats formats = ExpositionFormats.init();

        router.route().order(-1000).handler(metrics::handle);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> ready(ctx, readiness));
        if (withMetrics) {
            router.get("/metrics").handler(ctx -> scrape(ctx, registry, formats));
        }
        for (String doc : List.of("openapi.yaml", "asyncapi.yaml")) {
            Buffer body = document(doc);
            if (body != null) {
                router.get("/api/v1/" + doc).handler(ctx -> ctx.response().putHeader("content-type", "application/yaml").end(body));
            }
        }

        router.errorHandler(404, JsonErrors::notFound);
        router.errorHandler(405, JsonErrors::methodNotAllowed);
        router.route().failureHandler(JsonErrors::failure);
    }

    /**
     * The routes of a management port: health and /metrics, with JSON errors, nothing else (its
     * requests are not counted in the API's request metrics).
     */
    public static void installMonitoring(Router router, Readiness readiness, PrometheusRegistry registry) {
        ExpositionFormats formats = ExpositionFormats.init();
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> ready(ctx, readiness));
        router.get("/metrics").handler(ctx -> scrape(ctx, registry, formats));
        router.errorHandler(404, JsonErrors::notFound);
        router.errorHandler(405, JsonErrors::methodNotAllowed);
        router.route().failureHandler(JsonErrors::failure);
    }

    /**
     * The API documents the binary ships ({@value #DOCS}: the OpenAPI document of the REST API,
     * the AsyncAPI document of the stream and the replay); public, no key needed.
     */
    static Buffer document(String name) {
        try (java.io.InputStream in = HttpRoutes.class.getClassLoader().getResourceAsStream(DOCS + name)) {
            return in == null ? null : Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the API documents are on the class path. */
    public static final String DOCS = "META-INF/dpp/api/";

    private static void ready(RoutingContext ctx, Readiness readiness) {
        boolean ready = readiness.ready();
        JsonObject modules = new JsonObject();
        for (Map.Entry<String, String> e : readiness.modules().entrySet()) {
            modules.put(e.getKey(), e.getValue());
        }
        json(ctx, ready ? 200 : 503, new JsonObject().put("status", ready ? "UP" : "DOWN").put("modules", modules));
    }

    // Collecting JVM metrics touches MXBeans; it runs off the event loop.
    private static void scrape(RoutingContext ctx, PrometheusRegistry registry, ExpositionFormats formats) {
        ExpositionFormatWriter writer = formats.findWriter(ctx.request().getHeader("Accept"));
        ctx.vertx().executeBlocking(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            try {
                writer.write(out, registry.scrape());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Buffer.buffer(out.toByteArray());
        }, false).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            ctx.response().putHeader("content-type", writer.getContentType()).end(result.result());
        });
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
