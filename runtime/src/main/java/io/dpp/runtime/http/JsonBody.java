package io.dpp.runtime.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON request bodies and answers of the cold-path REST APIs, read and written by Jackson: a body
 * is a JSON object of known fields (415 before it is read unless it says it is JSON, 400 naming
 * an unknown field or a field of the wrong type), and an answer is any Jackson-writable value
 * (views write times as ISO-8601 text themselves).
 */
public final class JsonBody {

    /** The one mapper of these APIs: exact decimals in. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonBody() {
    }

    /** A route handler that answers 415 before the body is read unless it is JSON. */
    public static void jsonOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpProblem(415, "unsupported_media_type", "the body must be JSON (Content-Type: application/json)");
        }
        ctx.next();
    }

    /** The body as a JSON object of {@code fields} only; an empty body is an empty object. */
    public static JsonNode object(RoutingContext ctx, Set<String> fields) {
        String text = ctx.body() == null ? null : ctx.body().asString();
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        JsonNode b;
        try {
            b = JSON.readTree(text);
        } catch (Exception e) {
            throw bad("the body is not valid JSON");
        }
        if (b == null || !b.isObject()) {
            throw bad("the body must be a JSON object");
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw bad("unknown field \"" + cut(f) + "\"; the fields are " + new TreeSet<>(fields));
            }
        }
        return b;
    }

    /** A string field, at most {@code max} characters; null when absent and not required. */
    public static String text(JsonNode b, String field, boolean required, int max) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw bad(field + " is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw bad(field + " must be a string");
        }
        if (v.textValue().length() > max) {
            throw bad(field + " must be at most " + max + " characters; got " + v.textValue().length());
        }
        return v.textValue();
    }

    /** A true/false field; null when absent. */
    public static Boolean bool(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw bad(field + " must be true or false");
        }
        return v.booleanValue();
    }

    /** A whole-number field from {@code min} to {@code max}; {@code absent} when absent. */
    public static int bounded(JsonNode b, String field, int absent, int min, int max) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw bad(field + " must be a whole number from " + min + " to " + max);
        }
        return v.intValue();
    }

    /** Answers {@code body} as JSON with {@code status}, unless the response is over already. */
    public static void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (Exception e) {
            ctx.fail(e);
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(json);
    }

    static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    /** At most 64 characters of what a user sent, for a message. */
    public static String cut(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
