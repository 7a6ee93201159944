package io.dpp.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A backtest the CLI hands to a running platform ({@code POST /api/v1/backtests}) because that
 * platform holds the embedded store: submitted with the command's options, followed until it ends,
 * its JSON report and HTML page written where a local run would write them. The platform's own
 * bounds apply (its plan's backtest allowance, its memory budget), and its answers are shown as
 * they are.
 */
final class RemoteBacktest {

    /** The platform is asked for the job's state this often. */
    private static final Duration POLL = Duration.ofMillis(250);
    /** The longest a platform may take to answer one request. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Why the platform refused or failed the run; the message is the platform's. */
    static final class Refused extends Exception {
        final boolean usage;

        Refused(String message, boolean usage) {
            super(message);
            this.usage = usage;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String key;

    RemoteBacktest(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    /** True when a DPP platform answers at the address. */
    boolean reachable() {
        try {
            HttpResponse<String> r = http.send(request("/health/live").timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs {@code body} on the platform and writes its report to {@code file} and its page beside it;
     * returns the closing line (the local paths and the run's metrics).
     */
    Map<String, Object> run(ObjectNode body, Path file) throws Refused, IOException, InterruptedException {
        HttpResponse<String> submitted = http.send(request("/api/v1/backtests").timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 202) {
            throw refusal(submitted);
        }
        String id = JSON.readTree(submitted.body()).path("id").asText();
        System.err.println("dpp backtest: running as backtest " + id + " on the platform at " + base);
        JsonNode job;
        while (true) {
            HttpResponse<String> r = http.send(request("/api/v1/backtests/" + id).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw refusal(r);
            }
            job = JSON.readTree(r.body());
            String status = job.path("status").asText();
            if (status.equals("done")) {
                break;
            }
            if (status.equals("failed")) {
                throw new Refused("the platform's run " + id + " failed: " + job.path("error").asText(), false);
            }
            Thread.sleep(POLL.toMillis());
        }
        Path html = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.json$", "") + ".html");
        download("/api/v1/backtests/" + id + "/report", file);
        download("/api/v1/backtests/" + id + "/report.html", html);
        JsonNode summary = job.path("summary");
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("report", file.toString());
        line.put("html", html.toString());
        line.put("backtest", id);
        for (var it = summary.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!f.getKey().equals("report") && !f.getKey().equals("html")) {
                line.put(f.getKey(), JSON.treeToValue(f.getValue(), Object.class));
            }
        }
        return line;
    }

    private void download(String path, Path to) throws Refused, IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(path).timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new Refused("the platform did not hand over " + path + " (" + r.statusCode() + ")", false);
        }
        if (to.getParent() != null) {
            Files.createDirectories(to.getParent());
        }
        Files.write(to, r.body());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return b;
    }

    /** The platform's refusal as it put it: 4xx are the command's to fix (usage), the rest failures. */
    private static Refused refusal(HttpResponse<String> r) {
        String message;
        try {
            JsonNode body = JSON.readTree(r.body());
            message = body.path("message").asText(r.body());
        } catch (IOException e) {
            message = r.body();
        }
        return new Refused("the platform refused the backtest (" + r.statusCode() + "): " + message,
                r.statusCode() >= 400 && r.statusCode() < 500);
    }
}
