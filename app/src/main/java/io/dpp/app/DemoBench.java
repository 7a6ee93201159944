package io.dpp.app;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dpp bench demo}: watches a running platform (typically {@code dpp up --demo} at a venue's
 * busiest rate) for a while and reports what it sustained: messages per second, books in sync,
 * and whether memory stayed flat. Exits 1 when any book went stale or lost a message, or memory
 * kept growing: a rate whose books did not hold is no figure.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Sample a running platform's /api/v1/venues and /metrics every --every for --seconds and print a "
            + "JSON line per sample, then a summary {\"messages_per_sec\",\"heap_mb_floor_early\",\"heap_mb_floor_late\",...}.",
            "Start the platform first, e.g. dpp up --demo --venues binance --instruments 200 --rate 20000."})
final class DemoBench implements Callable<Integer> {

    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"} ([0-9.eE+-]+)$");
    private static final Pattern RSS = Pattern.compile("(?m)^process_resident_memory_bytes ([0-9.eE+-]+)$");
    private static final Pattern LATENCY_SUM = Pattern.compile("(?m)^dpp_feed_latency_seconds_sum\\{[^}]*} ([0-9.eE+-]+)$");
    private static final Pattern LATENCY_COUNT = Pattern.compile("(?m)^dpp_feed_latency_seconds_count\\{[^}]*} ([0-9.eE+-]+)$");
    /** The venue-to-receive delay, averaged over a sample, beyond which the feed is not keeping up. */
    private static final double KEEPING_UP_SECONDS = 1.0;

    @Option(names = "--port", defaultValue = "8080", description = "The platform's HTTP port (default ${DEFAULT-VALUE}).")
    @Bounded(min = 1, max = 65_535)
    int port;

    @Option(names = "--management-port", defaultValue = "0",
            description = "Where /metrics is served when the platform sets http.management-port (default: --port).")
    @Bounded(min = 0, max = 65_535)
    int managementPort;

    @Option(names = "--seconds", defaultValue = "600", description = "How long to watch (default ${DEFAULT-VALUE} s).")
    @Bounded(min = 1, max = 86_400)
    int seconds;

    @Option(names = "--every", defaultValue = "10", description = "Seconds between samples (default ${DEFAULT-VALUE}).")
    @Bounded(min = 1, max = 3600)
    int every;

    @Mixin
    ApiKeyOption apiKey;

    /**
     * Made when the command runs: picocli builds every command object at each start of {@code dpp}, and an
     * HTTP client (its TLS context, its selector thread) made there cost every other command its time.
     */
    private HttpClient http;

    /** One sample: when, messages so far, the books' states and failures summed over venues, memory. */
    private record Sample(long nanos, long messages, int inSync, int stale, int awaiting, long failures, long reconnects,
                          double heapMb, double rssMb, double latencySum, double latencyCount) {
    }

    @Override
    public Integer call() throws Exception {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Sample> samples = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Sample previous = null;
        while (true) {
            Sample s = sample();
            if (s == null) {
                System.err.println("dpp bench demo: no answer from the platform on port " + port + " (is it up, and is the key right?)");
                return Main.EXIT_FAILURE;
            }
            samples.add(s);
            JsonObject line = new JsonObject().put("t", (s.nanos() - samples.get(0).nanos()) / 1_000_000_000)
                    .put("books_in_sync", s.inSync()).put("books_stale", s.stale()).put("books_awaiting_snapshot", s.awaiting())
                    .put("failures", s.failures()).put("reconnects", s.reconnects())
                    .put("heap_mb", Math.round(s.heapMb())).put("rss_mb", Math.round(s.rssMb()));
            if (previous != null) {
                line.put("messages_per_sec", Math.round((s.messages() - previous.messages()) * 1e9 / (s.nanos() - previous.nanos())));
                line.put("venue_to_receive_ms", Math.round(latency(previous, s) * 1000));
            }
            System.out.println(line.encode());
            previous = s;
            if (System.nanoTime() >= end) {
                break;
            }
            Thread.sleep(Math.min(Duration.ofSeconds(every).toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        return summary(samples);
    }

    private int summary(List<Sample> samples) {
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        int third = Math.max(1, samples.size() / 3);
        double earlyFloor = samples.subList(0, third).stream().mapToDouble(Sample::heapMb).min().orElse(0);
        double lateFloor = samples.subList(samples.size() - third, samples.size()).stream().mapToDouble(Sample::heapMb).min().orElse(0);
        double earlyRss = samples.subList(0, third).stream().mapToDouble(Sample::rssMb).max().orElse(0);
        double lateRss = samples.subList(samples.size() - third, samples.size()).stream().mapToDouble(Sample::rssMb).max().orElse(0);
        double secs = (last.nanos() - first.nanos()) / 1e9;
        // Books may wait for their first snapshot at the start (a venue's REST allowance paces them);
        // once every book is in sync none may go stale, and nothing may be counted as lost.
        int synced = -1;
        for (int i = 0; i < samples.size() && synced < 0; i++) {
            if (samples.get(i).awaiting() == 0 && samples.get(i).stale() == 0) {
                synced = i;
            }
        }
        boolean held = synced >= 0 && last.failures() == first.failures()
                && samples.subList(synced, samples.size()).stream().allMatch(s -> s.stale() == 0 && s.awaiting() == 0);
        // Keeping up: the generated messages arrive about when their venue time says, at the end too.
        double lastLatency = samples.size() > 1 ? latency(samples.get(samples.size() - 2), last) : 0;
        boolean keepingUp = lastLatency < KEEPING_UP_SECONDS;
        // Flat: the heap's floor (what survives collections) late is within 64 MB or 50 % of the early one.
        boolean flat = lateFloor <= Math.max(earlyFloor * 1.5, earlyFloor + 64);
        JsonObject out = new JsonObject().put("seconds", Math.round(secs))
                .put("messages_per_sec", secs > 0 ? Math.round((last.messages() - first.messages()) / secs) : 0)
                .put("books_in_sync", last.inSync()).put("books_ever_stale", !held)
                .put("seconds_to_all_in_sync", synced < 0 ? null : Math.round((samples.get(synced).nanos() - first.nanos()) / 1e9))
                .put("venue_to_receive_ms_last", Math.round(lastLatency * 1000)).put("keeping_up", keepingUp)
                .put("failures", last.failures() - first.failures()).put("reconnects", last.reconnects() - first.reconnects())
                .put("heap_mb_floor_early", Math.round(earlyFloor)).put("heap_mb_floor_late", Math.round(lateFloor))
                .put("rss_mb_max_early", Math.round(earlyRss)).put("rss_mb_max_late", Math.round(lateRss))
                .put("memory_flat", flat);
        System.out.println(out.encode());
        if (!held || !flat || !keepingUp) {
            System.err.println("dpp bench demo: " + (!held ? "books went stale or a gap, checksum failure, crossed book or decode error"
                    + " was counted" : !flat ? "the heap's floor kept growing" : "messages arrive later and later after their venue time"
                    + " (the simulator or the platform cannot keep up)") + ": the rate was not sustained");
            return Main.EXIT_FAILURE;
        }
        return Main.EXIT_OK;
    }

    private Sample sample() throws InterruptedException {
        try {
            JsonArray venues = new JsonObject(get(port, "/api/v1/venues")).getJsonArray("venues");
            long messages = 0;
            long failures = 0;
            long reconnects = 0;
            int inSync = 0;
            int stale = 0;
            int awaiting = 0;
            for (int i = 0; i < venues.size(); i++) {
                JsonObject v = venues.getJsonObject(i);
                JsonObject c = v.getJsonObject("counters");
                messages += c.getLong("messages");
                failures += c.getLong("sequence_gaps") + c.getLong("checksum_failures") + c.getLong("crossed_books")
                        + c.getLong("decode_errors");
                reconnects += c.getLong("reconnects");
                inSync += v.getInteger("books_in_sync");
                stale += v.getInteger("books_stale");
                awaiting += v.getInteger("books_awaiting_snapshot");
            }
            String metrics = get(managementPort > 0 ? managementPort : port, "/metrics");
            return new Sample(System.nanoTime(), messages, inSync, stale, awaiting, failures, reconnects, mb(HEAP, metrics),
                    mb(RSS, metrics), sum(LATENCY_SUM, metrics), sum(LATENCY_COUNT, metrics));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private String get(int p, String path) throws java.io.IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + path)).timeout(Duration.ofSeconds(10));
        String key = apiKey.key();
        if (key != null) {
            b.header("X-API-Key", key);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new java.io.IOException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** Mean venue-to-receive delay of the events between two samples, in seconds. */
    private static double latency(Sample from, Sample to) {
        double n = to.latencyCount() - from.latencyCount();
        return n > 0 ? (to.latencySum() - from.latencySum()) / n : 0;
    }

    private static double sum(Pattern p, String metrics) {
        Matcher m = p.matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static double mb(Pattern p, String metrics) {
        Matcher m = p.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) / 1e6 : 0;
    }
}
