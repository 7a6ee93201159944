package io.dpp.runtime.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error response of the HTTP server is a JSON object:
 * {@code {"status":404,"error":"not_found","message":"no route for GET /nope"}}.
 */
public final class JsonErrors {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

    private JsonErrors() {
    }

    /** Sends the JSON error body; handlers that answer errors themselves use it too. */
    public static void send(RoutingContext ctx, int status, String error, String message) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        JsonObject body = new JsonObject().put("status", status).put("error", error).put("message", message);
        ctx.response().setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(body.encode());
    }

    static void notFound(RoutingContext ctx) {
        send(ctx, 404, "not_found", "no route for " + ctx.request().method() + " " + ctx.request().path());
    }

    static void methodNotAllowed(RoutingContext ctx) {
        send(ctx, 405, "method_not_allowed", ctx.request().method() + " is not allowed on " + ctx.request().path());
    }

    static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof HttpProblem problem) {
            send(ctx, problem.status(), problem.error(), problem.getMessage());
            return;
        }
        int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
        if (status >= 500) {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            send(ctx, status, "internal_error", "internal error; the server log has the details");
        } else {
            send(ctx, status, "bad_request", failure == null ? "request failed with status " + status : failure.getMessage());
        }
    }
}
