package io.dpp.runtime.http;

import io.vertx.ext.web.RoutingContext;

/** Query parameters read with their bounds: every number a user sends has an upper bound. */
public final class QueryParams {

    private QueryParams() {
    }

    /**
     * The path parameter {@code name} as a positive whole number (an id), or -1 when it is not one;
     * the caller answers with its own error.
     */
    public static long positiveId(RoutingContext ctx, String name) {
        String s = ctx.pathParam(name);
        if (s == null || s.isEmpty() || s.length() > 19) {
            return -1;
        }
        try {
            long id = Long.parseLong(s);
            return id > 0 ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The whole number {@code name} from {@code min} to {@code max}; {@code absent} when missing or
     * blank. A 400 with the bounds and what was sent otherwise.
     */
    public static long bounded(RoutingContext ctx, String name, long absent, long min, long max) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HttpProblem(400, "bad_request", name + " must be a whole number from " + min + " to " + max + "; got \"" + v + "\"");
    }

    /** As {@link #bounded(RoutingContext, String, long, long, long)}, for an int. */
    public static int bounded(RoutingContext ctx, String name, int absent, int min, int max) {
        return (int) bounded(ctx, name, (long) absent, min, max);
    }
}
