package io.dpp.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The REST plumbing the clients share: one JDK HTTP client (HTTP/1.1, connections kept alive,
 * answers handled on its selector thread), JSON bodies, the API key header, and every answer that
 * is not a success thrown as {@link TradingClient.Refused}.
 */
final class Rest {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    Rest(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        // A call blocks its caller until the answer: the answer is handled on the client's selector thread
        // (a direct executor) instead of being handed to a pool thread first, one thread switch less per call.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Runnable::run).build();
    }

    /** Sends the call with {@code headers} added; the answer's JSON, or {@link TradingClient.Refused}. */
    JsonNode call(String method, String path, String body, Consumer<HttpRequest.Builder> headers) {
        return json(method, path, send(method, path, body, headers));
    }

    /** Sends the call; the raw answer (for a caller that reads its headers too). */
    HttpResponse<String> send(String method, String path, String body, Consumer<HttpRequest.Builder> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.accept(b);
        return exchange(method, path, b);
    }

    private HttpResponse<String> exchange(String method, String path, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage(); // a refused connection has no message
            throw new java.io.UncheckedIOException(method + " " + path + " failed: " + why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** POSTs {@code bytes} as an octet stream (a file); the raw answer. */
    HttpResponse<String> sendBytes(String path, byte[] bytes, Consumer<HttpRequest.Builder> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).header("Content-Type", "application/octet-stream");
        headers.accept(b);
        return exchange("POST", path, b);
    }

    /** The answer's JSON, or {@link TradingClient.Refused} for one that is not a success. */
    static JsonNode json(String method, String path, HttpResponse<String> r) {
        JsonNode answer;
        try {
            answer = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " with a body that is not JSON");
        }
        if (r.statusCode() >= 300) {
            throw new TradingClient.Refused(r.statusCode(), answer);
        }
        return answer;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
