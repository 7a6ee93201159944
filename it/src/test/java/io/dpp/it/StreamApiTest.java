package io.dpp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.client.DppClient;
import io.dpp.client.StreamEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live WebSocket API during {@code dpp up --replay ... --speed 1}: a client subscribed to every
 * trade receives, for each instrument, exactly the trades the history API returns afterwards for
 * the time it was subscribed, with gap-free sequence numbers; a book subscription starts with a
 * snapshot and its changes rebuild the book history holds; heartbeats arrive; bad requests get
 * precise errors.
 */
class StreamApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    /** The API key of the test's user. */
    private String key;

    private HttpResponse<String> get(int port, String path) {
        return DppProcess.get(port, path, key);
    }

    /** Collects every message of one connection. */
    static final class Client implements WebSocket.Listener {
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();
        final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile String closeReason;
        WebSocket ws;

        static Client connect(int port) throws Exception {
            return connect(port, null);
        }

        /** Connects with the key in the X-API-Key header, or with no header when {@code key} is null. */
        static Client connect(int port, String key) throws Exception {
            Client c = new Client();
            WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
            if (key != null) {
                b.header("X-API-Key", key);
            }
            c.ws = b.buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/stream"), c).get(10, TimeUnit.SECONDS);
            return c;
        }

        void send(String json) {
            ws.sendText(json, true).join();
        }

        JsonNode await(java.util.function.Predicate<JsonNode> p, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                for (JsonNode m : messages) {
                    if (p.test(m)) {
                        return m;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no such message within " + timeout + "; got " + messages.size() + " messages, last "
                    + (messages.isEmpty() ? "none" : messages.get(messages.size() - 1)));
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence text, boolean last) {
            partial.append(text);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    closed.completeExceptionally(e);
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
            closeReason = reason;
            closed.complete(code);
            return null;
        }
    }

    /** A check that may fail until the system has caught up: returns what it returns once it passes. */
    interface Check<T> {
        T run() throws Exception;
    }

    /** Runs {@code check} until it passes, or throws its last failure once {@code timeout} has passed. */
    static <T> T eventually(Duration timeout, Check<T> check) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return check.run();
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void aClientReceivesExactlyWhatHistoryHoldsForTheTimeItWasSubscribed() throws Exception {
        Path fixtures = ReplayCommandTest.fixtures();
        int port = DppProcess.freePort();
        Map<String, String> env = Map.of("DPP_HTTP_PORT", Integer.toString(port), "DPP_HTTP_HOST", "127.0.0.1",
                "DPP_DATA_DIR", data.toString(), "DPP_STREAM_HEARTBEAT", "1s", "DPP_ACCOUNTS_ACCESS", "keys");
        // API keys are required (the default): one on the enterprise plan (every channel, REST
        // limits above the pace of the comparisons below).
        DppProcess keys = DppProcess.run(env, "keys", "create", "--user", "stream-test", "--plan", "enterprise");
        assertThat(keys.exitCode()).as(keys.output()).isZero();
        key = keys.stdout().get(0).trim();
        try (DppProcess dpp = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "1")) {
            // Connect as soon as the stream answers, before the feeds have much to say.
            Client client = null;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (client == null && System.nanoTime() < end) {
                try {
                    client = Client.connect(port);
                } catch (Exception notYet) {
                    Thread.sleep(50);
                }
            }
            assertThat(client).as(dpp.output()).isNotNull();
            // This connection authenticates with its first message (the Java client below sends the header).
            client.send("{\"op\":\"auth\",\"id\":\"a\",\"key\":\"" + key + "\"}");
            JsonNode auth = client.await(m -> "a".equals(m.path("id").asText()), Duration.ofSeconds(10));
            assertThat(auth.path("type").asText()).as(auth.toString()).isEqualTo("authenticated");
            assertThat(auth.path("user").asText()).isEqualTo("stream-test");
            // Trades through the Java client (typed events, sequence checks, reconnects).
            List<DppClient.Subscription> subs = new ArrayList<>();
            List<StreamEvent.Trade> trades = new CopyOnWriteArrayList<>();
            DppClient java = DppClient.builder(URI.create("http://127.0.0.1:" + port)).apiKey(key)
                    .reconnect(Duration.ofMillis(100), Duration.ofMillis(500)).build();
            subs.add(java.subscribe(DppClient.Request.of("trades", "*", "*"), e -> trades.add((StreamEvent.Trade) e)));
            subs.get(0).awaitSubscribed(Duration.ofSeconds(10));
            client.send("{\"op\":\"subscribe\",\"id\":\"b\",\"channel\":\"book_changes\",\"venue\":\"kraken\",\"symbols\":[\"XBT/*\"]}");
            client.send("{\"op\":\"subscribe\",\"id\":\"s\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"symbol\":\"BTC-CHF\","
                    + "\"depth\":3,\"interval\":\"500ms\"}");
            // Precise errors.
            client.send("{\"op\":\"subscribe\",\"id\":\"e1\",\"channel\":\"tardes\",\"venue\":\"binance\"}");
            client.send("{\"op\":\"subscribe\",\"id\":\"e2\",\"channel\":\"trades\",\"venue\":\"nasdaq\"}");
            client.send("{\"op\":\"subscribe\",\"id\":\"e3\",\"channel\":\"book_snapshots\",\"venue\":\"kraken\",\"interval\":\"1h\"}");
            client.send("not json");
            assertThat(client.await(m -> "e1".equals(m.path("id").asText()), Duration.ofSeconds(5)).get("message").asText())
                    .startsWith("unknown channel \"tardes\"; channels are [trades, book_changes");
            assertThat(client.await(m -> "e2".equals(m.path("id").asText()), Duration.ofSeconds(5)).get("message").asText())
                    .startsWith("unknown venue \"nasdaq\"");
            assertThat(client.await(m -> "e3".equals(m.path("id").asText()), Duration.ofSeconds(5)).get("message").asText())
                    .contains("interval must be from 100ms to 1m");
            assertThat(client.await(m -> "error".equals(m.path("type").asText()) && m.path("id").isNull(), Duration.ofSeconds(5))
                    .get("message").asText()).startsWith("a request is one JSON object");

            dpp.awaitReady(port, Duration.ofSeconds(60));
            ReplayPlatformTest.awaitReplayDone(port, Duration.ofSeconds(120), key);
            // Everything published has stopped; the stream and the recorder catch up on their own
            // time. Each comparison below is retried until it holds (or 60 s pass, then its last
            // difference is the failure): both sides only grow, so no margin of time is assumed.
            Client raw = client;
            Map<String, List<StreamEvent.Trade>> streamed = eventually(Duration.ofSeconds(60), () -> {
                // Trades: per instrument, exactly what history holds for the time subscribed; sequence without a gap.
                Map<String, List<StreamEvent.Trade>> perInstrument = new TreeMap<>();
                long seq = 0;
                for (StreamEvent.Trade t : trades) {
                    assertThat(t.sequence()).as("sequence").isEqualTo(++seq);
                    perInstrument.computeIfAbsent(t.venue() + " " + t.symbol(), k -> new ArrayList<>()).add(t);
                }
                assertThat(subs.get(0).gaps()).isZero();
                assertThat(seq).as("trades streamed").isGreaterThan(100);
                int compared = 0;
                for (JsonNode i : JSON.readTree(get(port, "/api/v1/instruments").body())) {
                    if (!i.has("trades")) {
                        continue;
                    }
                    String key = i.get("venue").asText() + " " + i.get("symbol").asText();
                    // The replay keeps the captures' receive times: where the subscription began in
                    // an instrument's history is its first streamed trade. That trade's message may
                    // have been published partly before the subscription: both sides start after it.
                    List<StreamEvent.Trade> streamedHere = perInstrument.getOrDefault(key, List.of());
                    if (streamedHere.isEmpty()) {
                        continue;
                    }
                    Instant subscribedAt = streamedHere.get(0).localTimestamp();
                    List<String> fromHistory = new ArrayList<>();
                    for (JsonNode t : JSON.readTree(get(port, "/api/v1/trades?venue=" + i.get("venue").asText()
                            + "&symbol=" + URLEncoder.encode(i.get("symbol").asText(), StandardCharsets.UTF_8)).body())) {
                        if (Instant.parse(t.get("local_timestamp").asText()).isAfter(subscribedAt)) {
                            fromHistory.add(key(iso(Instant.parse(t.get("timestamp").asText())),
                                    iso(Instant.parse(t.get("local_timestamp").asText())), t.path("id").asText(""),
                                    t.get("price").asText(), t.get("amount").asText(), t.get("side").asText()));
                        }
                    }
                    List<String> fromStream = new ArrayList<>();
                    for (StreamEvent.Trade t : streamedHere) {
                        if (t.localTimestamp().isAfter(subscribedAt)) {
                            fromStream.add(key(iso(t.timestamp()), iso(t.localTimestamp()), t.id() == null ? "" : t.id(),
                                    t.price().toPlainString(), t.amount().toPlainString(), t.side()));
                        }
                    }
                    fromHistory.sort(Comparator.naturalOrder());
                    fromStream.sort(Comparator.naturalOrder());
                    assertThat(fromStream).as(key).isEqualTo(fromHistory);
                    compared += fromStream.size();
                }
                System.out.printf("stream: %d trades streamed, %d compared one by one with history%n", seq, compared);
                assertThat(compared).isGreaterThan(100);

                // Books: each instrument starts with a snapshot; replaying the changes gives the book history holds.
                Map<String, List<TreeMap<BigDecimal, BigDecimal>>> books = new HashMap<>();
                String lastTime = null;
                for (JsonNode m : raw.messages) {
                    if (!"book_change".equals(m.path("type").asText())) {
                        continue;
                    }
                    String symbol = m.get("symbol").asText();
                    if (!books.containsKey(symbol)) {
                        assertThat(m.get("snapshot").asBoolean()).as("the first message of " + symbol + " is a snapshot").isTrue();
                    }
                    List<TreeMap<BigDecimal, BigDecimal>> b = books.computeIfAbsent(symbol,
                            k -> List.of(new TreeMap<>(Comparator.reverseOrder()), new TreeMap<>()));
                    if (m.get("snapshot").asBoolean()) {
                        b.get(0).clear();
                        b.get(1).clear();
                    }
                    for (int side = 0; side < 2; side++) {
                        for (JsonNode level : m.get(side == 0 ? "bids" : "asks")) {
                            BigDecimal p = new BigDecimal(level.get(0).asText());
                            BigDecimal s = new BigDecimal(level.get(1).asText());
                            if (s.signum() == 0) {
                                b.get(side).remove(p);
                            } else {
                                b.get(side).put(p, s);
                            }
                        }
                    }
                    lastTime = m.get("local_timestamp").asText();
                }
                assertThat(books).containsKey("XBT/CHF");
                JsonNode held = JSON.readTree(get(port, "/api/v1/book?venue=kraken&symbol=" + URLEncoder.encode("XBT/CHF",
                        StandardCharsets.UTF_8) + "&at=" + URLEncoder.encode(lastTime, StandardCharsets.UTF_8) + "&depth=5").body());
                List<String> bids = new ArrayList<>();
                books.get("XBT/CHF").get(0).entrySet().stream().limit(5).forEach(e -> bids.add(e.getKey().toPlainString() + "@" + e.getValue().toPlainString()));
                List<String> heldBids = new ArrayList<>();
                held.get("bids").forEach(l -> heldBids.add(new BigDecimal(l.get(0).asText()).toPlainString() + "@"
                        + new BigDecimal(l.get(1).asText()).toPlainString()));
                assertThat(bids).isEqualTo(heldBids);
                // REST on the live state: the book now equals the book the stream built; latest trades; errors.
                JsonNode live = JSON.readTree(get(port, "/api/v1/live/book?venue=kraken&symbol=BTC-CHF&depth=5").body());
                List<String> liveBids = new ArrayList<>();
                live.get("bids").forEach(l -> liveBids.add(new BigDecimal(l.get(0).asText()).toPlainString() + "@"
                        + new BigDecimal(l.get(1).asText()).toPlainString()));
                assertThat(liveBids).isEqualTo(bids);
                return perInstrument;
            });
            JsonNode bbo = JSON.readTree(get(port, "/api/v1/live/bbo?venue=kraken&symbol=XBT/CHF").body());
            assertThat(bbo.get("bids")).hasSize(1);
            assertThat(JSON.readTree(get(port, "/api/v1/live/instruments?venue=kraken").body()).toString())
                    .contains("\"symbol\":\"XBT/CHF\"", "\"book\":\"in_sync\"");
            String busiest = streamed.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
            String[] vs = busiest.split(" ", 2);
            JsonNode latest = JSON.readTree(get(port, "/api/v1/live/trades?venue=" + vs[0] + "&symbol="
                    + URLEncoder.encode(vs[1], StandardCharsets.UTF_8) + "&limit=3").body());
            List<StreamEvent.Trade> lastStreamed = streamed.get(busiest).subList(streamed.get(busiest).size() - 3, streamed.get(busiest).size());
            assertThat(latest).hasSize(3);
            for (int k = 0; k < 3; k++) {
                assertThat(latest.get(k).get("id").asText()).isEqualTo(lastStreamed.get(k).id());
            }
            assertThat(get(port, "/api/v1/live/book?venue=kraken&symbol=NOPE").statusCode()).isEqualTo(404);
            assertThat(get(port, "/api/v1/live/book?venue=kraken&symbol=XBT/CHF&depth=0").statusCode()).isEqualTo(400);
            JsonNode top = client.await(m -> "book_snapshot".equals(m.path("type").asText()), Duration.ofSeconds(5));
            assertThat(top.get("bids").size()).isLessThanOrEqualTo(3);
            assertThat(top.get("symbol").asText()).isEqualTo("XBT/CHF");

            int bookSub = client.await(m -> "subscribed".equals(m.path("type").asText()) && "b".equals(m.path("id").asText()),
                    Duration.ofSeconds(5)).get("sub").asInt();
            client.send("{\"op\":\"unsubscribe\",\"id\":\"u\",\"sub\":" + bookSub + "}");
            client.await(m -> "unsubscribed".equals(m.path("type").asText()), Duration.ofSeconds(5));

            // dpp tail prints the events of a channel, one JSON object per line.
            DppProcess tail = DppProcess.run(Map.of("DPP_HTTP_PORT", Integer.toString(port)), "tail", "--api-key", key, "--venue", "kraken",
                    "--channel", "book_snapshots", "--limit", "2");
            assertThat(tail.exitCode()).as(tail.output()).isZero();
            List<String> lines = tail.stdout();
            assertThat(lines).hasSize(2);
            for (String line : lines) {
                JsonNode e = JSON.readTree(line);
                assertThat(e.get("type").asText()).isEqualTo("book_snapshot");
                assertThat(e.has("seq")).isFalse();
            }

            dpp.sigterm();
            assertThat(client.closed.get(20, TimeUnit.SECONDS)).as("a close frame on shutdown").isEqualTo(1001);
            assertThat(dpp.awaitExit(Duration.ofSeconds(20))).as(dpp.exitReport()).isZero();

            // The Java client reconnects to the restarted platform and subscribes again by itself.
            int before = trades.size();
            try (DppProcess again = DppProcess.start(env, "up", "--replay", fixtures.toString(), "--speed", "max")) {
                again.awaitReady(port, Duration.ofSeconds(60));
                subs.get(0).awaitSubscribed(Duration.ofSeconds(30));
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (trades.size() <= before && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
                assertThat(trades.size()).as("trades after the reconnect").isGreaterThan(before);
                assertThat(java.reconnects()).isPositive();
                System.out.printf("stream: the Java client reconnected %d time(s) and resubscribed; %d more trades%n",
                        java.reconnects(), trades.size() - before);
                java.close();
                again.sigterm();
                assertThat(again.awaitExit(Duration.ofSeconds(20))).as(again.exitReport()).isZero();
            }
        }
    }

    private static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    private static String key(String... fields) {
        return String.join("|", fields);
    }
}
