package io.dpp.console;

import io.dpp.runtime.http.JsonErrors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's routes: the page at {@code /} and its files under {@code /console/}. Every answer
 * carries a strict Content Security Policy (scripts, styles and connections to this origin only:
 * no inline script, no CDN, no framing) and is revalidated by its ETag, so that an upgraded
 * platform serves its new files at once. A plain static method, so that tests install exactly
 * these routes on a router of their own.
 */
public final class ConsoleRoutes {

    /** The prefix of the console's files. */
    public static final String PREFIX = "/console/";

    /** The policy of every console answer (docs/console.md "Security"). */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self';"
            + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private ConsoleRoutes() {
    }

    /** Installs {@code GET /} and {@code GET /console/*} serving {@code assets}. */
    public static void install(Router router, ConsoleAssets assets) {
        ConsoleAssets.Asset index = assets.get("index.html");
        router.get("/").handler(ctx -> serve(ctx, index));
        router.get(PREFIX + "*").handler(ctx -> {
            String name = ctx.request().path().substring(PREFIX.length());
            ConsoleAssets.Asset asset = assets.get(name);
            if (asset == null) {
                JsonErrors.send(ctx, 404, "not_found", "the console has no file "
                        + (name.length() > 100 ? name.substring(0, 100) + "..." : name));
                return;
            }
            serve(ctx, asset);
        });
    }

    private static void serve(RoutingContext ctx, ConsoleAssets.Asset asset) {
        HttpServerResponse response = ctx.response()
                .putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("x-frame-options", "DENY")
                .putHeader("cross-origin-opener-policy", "same-origin")
                .putHeader("cache-control", "no-cache")
                .putHeader("vary", "Accept-Encoding")
                .putHeader("etag", asset.etag());
        String match = ctx.request().getHeader("if-none-match");
        if (match != null && match.contains(asset.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader("content-type", asset.type());
        String accept = ctx.request().getHeader("accept-encoding");
        if (asset.gzip() != null && accept != null && accept.contains("gzip")) {
            response.putHeader("content-encoding", "gzip").end(Buffer.buffer(asset.gzip()));
        } else {
            response.end(Buffer.buffer(asset.body()));
        }
    }
}
