package io.dpp.trading.live;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One REST request to a venue exactly as it goes on the wire, so that a signature covers what is
 * sent and a verifier reads what arrived: method, path, query string (already encoded, no
 * {@code ?}), body and headers.
 *
 * @param method  upper-case HTTP method
 * @param path    the path from the venue's root, e.g. {@code /api/v3/order}
 * @param query   the encoded query string without {@code ?}, empty for none
 * @param body    the body as sent, empty for none
 * @param headers header names in lower case
 */
public record HttpCall(String method, String path, String query, String body, Map<String, String> headers) {

    public HttpCall {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        query = query == null ? "" : query;
        body = body == null ? "" : body;
        Map<String, String> copy = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> copy.put(k.toLowerCase(Locale.ROOT), v));
        }
        headers = java.util.Collections.unmodifiableMap(copy);
    }

    public static HttpCall of(String method, String path, String query, String body) {
        return new HttpCall(method, path, query, body, Map.of());
    }

    /** The path with the query string, as a signature over "the request path" usually means it. */
    public String pathAndQuery() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public HttpCall withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name.toLowerCase(Locale.ROOT), value);
        return new HttpCall(method, path, query, body, h);
    }

    public HttpCall withQuery(String q) {
        return new HttpCall(method, path, q, body, headers);
    }

    public HttpCall withBody(String b) {
        return new HttpCall(method, path, query, b, headers);
    }

    /** The value of {@code name} in a form-encoded string ({@code a=1&b=2}), decoded, or null. */
    public static String formValue(String form, String name) {
        if (form == null || form.isEmpty()) {
            return null;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
