package io.dpp.runtime.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * Traffic, errors and latency of the HTTP API, labelled by route template (never by raw path, so
 * the label set stays bounded), method and status code.
 */
final class RequestMetrics {

    private static final String UNMATCHED = "unmatched";

    private final Counter requests;
    private final Histogram duration;

    RequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder()
                .name("dpp_http_requests_total")
                .help("HTTP requests served, by route template, method and status code")
                .labelNames("route", "method", "status")
                .register(registry);
        duration = Histogram.builder()
                .name("dpp_http_request_duration_seconds")
                .help("Time from request received to response ended, by route template and method")
                .labelNames("route", "method")
                .classicOnly()
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
    }

    /** Router handler that times the request and records it when the response ends. */
    void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> {
            Route route = ctx.currentRoute();
            String template = route == null || route.getPath() == null ? UNMATCHED : route.getPath();
            String method = boundedMethod(ctx.request().method().name());
            requests.labelValues(template, method, Integer.toString(ctx.response().getStatusCode())).inc();
            duration.labelValues(template, method).observe((System.nanoTime() - start) / 1e9);
        });
        ctx.next();
    }

    // A client can send any method name; only the standard ones become label values.
    private static String boundedMethod(String method) {
        return switch (method) {
            case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" -> method;
            default -> "OTHER";
        };
    }
}
