package io.dpp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client against a scripted stream server on loopback: typed events with exact decimals,
 * acknowledgements, gaps told by the sequence numbers, a reconnect that subscribes again, a
 * refused subscription, and a refused key that stops the client instead of knocking forever.
 * Every wait is on a message, none on a clock.
 */
class DppClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Vertx vertx;
    private HttpServer server;
    /** What the server received, one JSON request per entry. */
    private final BlockingQueue<JsonObject> requests = new LinkedBlockingQueue<>();
    /** The connections the server accepted, in order. */
    private final BlockingQueue<ServerWebSocket> sockets = new LinkedBlockingQueue<>();
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer();
        server.webSocketHandshakeHandler(h -> {
            if ("bad".equals(h.headers().get("X-API-Key"))) {
                h.reject(401);
            } else {
                h.accept();
            }
        });
        server.webSocketHandler(ws -> {
            ws.textMessageHandler(t -> requests.add(new JsonObject(t)));
            sockets.add(ws);
        });
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private JsonObject nextRequest() throws InterruptedException {
        JsonObject r = requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r).as("a request from the client").isNotNull();
        return r;
    }

    private ServerWebSocket nextSocket() throws InterruptedException {
        ServerWebSocket ws = sockets.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(ws).as("a connection from the client").isNotNull();
        return ws;
    }

    private static String trade(int sub, long seq, String price) {
        return new JsonObject().put("type", "trade").put("sub", sub).put("seq", seq).put("venue", "okx")
                .put("symbol", "BTC-USDT").put("normalized_symbol", "BTC-USDT").put("timestamp", "2026-12-03T10:00:00.000001Z")
                .put("local_timestamp", "2026-12-03T10:00:00.000250Z").put("demo", true).put("id", "t" + seq)
                .put("price", price).put("amount", "0.0100").put("side", "buy").encode();
    }

    @Test
    void typedEventsGapsAndAReconnectThatSubscribesAgain() throws Exception {
        BlockingQueue<StreamEvent> events = new LinkedBlockingQueue<>();
        try (DppClient client = DppClient.builder(URI.create("http://127.0.0.1:" + port)).reconnect(Duration.ofMillis(10),
                Duration.ofMillis(50)).build()) {
            ServerWebSocket first = nextSocket();
            assertThat(first.path()).isEqualTo("/api/v1/stream");
            DppClient.Subscription s = client.subscribe(DppClient.Request.of("trades", "okx", "BTC-USDT"), events::add);
            JsonObject subscribe = nextRequest();
            assertThat(subscribe.getString("op")).isEqualTo("subscribe");
            assertThat(subscribe.getString("channel")).isEqualTo("trades");
            assertThat(subscribe.getString("venue")).isEqualTo("okx");
            assertThat(subscribe.getJsonArray("symbols").getList()).containsExactly("BTC-USDT");
            first.writeTextMessage(new JsonObject().put("type", "subscribed").put("id", subscribe.getString("id"))
                    .put("sub", 7).encode());
            s.awaitSubscribed(WAIT);
            // 1, 2, then 4: one message missed.
            first.writeTextMessage(trade(7, 1, "97000.10"));
            first.writeTextMessage(new JsonObject().put("type", "heartbeat").encode());
            first.writeTextMessage(trade(7, 2, "97000.20"));
            first.writeTextMessage(trade(9, 1, "1")); // another subscription's: not this one's
            first.writeTextMessage(trade(7, 4, "97000.40"));
            StreamEvent.Trade t = (StreamEvent.Trade) events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(t).isNotNull();
            assertThat(t.price()).isEqualTo(new BigDecimal("97000.10")); // exact, scale kept
            assertThat(t.amount()).isEqualTo(new BigDecimal("0.0100"));
            assertThat(t.timestamp()).isEqualTo(Instant.parse("2026-12-03T10:00:00.000001Z"));
            assertThat(t.localTimestamp()).isEqualTo(Instant.parse("2026-12-03T10:00:00.000250Z"));
            assertThat(t.demo()).isTrue();
            assertThat(t.sequence()).isEqualTo(1);
            assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).sequence()).isEqualTo(2);
            assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).sequence()).isEqualTo(4);
            assertThat(s.gaps()).isEqualTo(1);
            assertThat(s.received()).isEqualTo(3);

            // The server goes away: the client comes back and subscribes again by itself.
            first.close((short) 1001, "restarting");
            ServerWebSocket second = nextSocket();
            JsonObject again = nextRequest();
            assertThat(again.getString("op")).isEqualTo("subscribe");
            assertThat(again.getString("venue")).isEqualTo("okx");
            assertThat(again.getString("id")).isNotEqualTo(subscribe.getString("id"));
            second.writeTextMessage(new JsonObject().put("type", "subscribed").put("id", again.getString("id")).put("sub", 3).encode());
            s.awaitSubscribed(WAIT);
            second.writeTextMessage(trade(7, 5, "2")); // the old server id means nothing on the new connection
            second.writeTextMessage(trade(3, 1, "97001"));
            StreamEvent after = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(((StreamEvent.Trade) after).price()).isEqualTo(new BigDecimal("97001"));
            assertThat(s.gaps()).as("numbering restarts with the new subscription").isEqualTo(1);
            assertThat(client.reconnects()).isEqualTo(1);

            s.unsubscribe();
            JsonObject unsubscribe = nextRequest();
            assertThat(unsubscribe.getString("op")).isEqualTo("unsubscribe");
            assertThat(unsubscribe.getInteger("sub")).isEqualTo(3);
        }
    }

    private static JsonObject cursor(String bus, long... pairs) {
        io.vertx.core.json.JsonArray at = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < pairs.length; i += 2) {
            at.add(new io.vertx.core.json.JsonArray().add(pairs[i]).add(pairs[i + 1]));
        }
        return new JsonObject().put("bus", bus).put("at", at);
    }

    /** A resume cursor as the client sent it, partition to next position. */
    private static java.util.Map<Long, Long> positions(JsonObject cursor) {
        java.util.Map<Long, Long> out = new java.util.TreeMap<>();
        for (Object pair : cursor.getJsonArray("at")) {
            io.vertx.core.json.JsonArray a = (io.vertx.core.json.JsonArray) pair;
            out.put(a.getLong(0), a.getLong(1));
        }
        return out;
    }

    @Test
    void eachSubscriptionResumesFromItsOwnCursorAfterAReconnect() throws Exception {
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        BlockingQueue<StreamEvent> events = new LinkedBlockingQueue<>();
        try (DppClient client = DppClient.builder(URI.create("http://127.0.0.1:" + port)).reconnect(Duration.ofMillis(10),
                Duration.ofMillis(50)).onError(errors::add).build()) {
            ServerWebSocket first = nextSocket();
            DppClient.Subscription trades = client.subscribe(DppClient.Request.of("trades", "*"), events::add);
            JsonObject t = nextRequest();
            assertThat(t.containsKey("resume")).as("a first subscription has nothing to resume").isFalse();
            first.writeTextMessage(new JsonObject().put("type", "subscribed").put("id", t.getString("id")).put("sub", 7)
                    .put("cursor", cursor("b", 0, 10, 1, 5)).encode());
            trades.awaitSubscribed(WAIT);
            DppClient.Subscription quotes = client.subscribe(DppClient.Request.of("quotes", "*"), events::add);
            JsonObject q = nextRequest();
            first.writeTextMessage(new JsonObject().put("type", "subscribed").put("id", q.getString("id")).put("sub", 8)
                    .put("cursor", cursor("b", 0, 10, 1, 5)).encode());
            quotes.awaitSubscribed(WAIT);
            first.writeTextMessage(new JsonObject(trade(7, 1, "1")).put("pos", new io.vertx.core.json.JsonArray().add(0).add(10)).encode());
            first.writeTextMessage(new JsonObject(trade(7, 2, "2")).put("pos", new io.vertx.core.json.JsonArray().add(1).add(7)).encode());
            first.writeTextMessage(new JsonObject().put("type", "heartbeat").put("cursor", cursor("b", 0, 11, 1, 6, 2, 3)).encode());
            assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
            assertThat(events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();

            // The close follows the heartbeat on the same connection: the client has read it by the time it reconnects.
            first.close((short) 1001, "restarting");
            nextSocket();
            // Both subscriptions come back at once, each with its own cursor: the later next position per partition wins.
            java.util.Map<String, JsonObject> again = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                JsonObject r = nextRequest();
                again.put(r.getString("channel"), r);
            }
            assertThat(positions(again.get("trades").getJsonObject("resume"))).containsExactly(
                    java.util.Map.entry(0L, 11L), java.util.Map.entry(1L, 8L), java.util.Map.entry(2L, 3L));
            assertThat(again.get("trades").getJsonObject("resume").getString("bus")).isEqualTo("b");
            assertThat(positions(again.get("quotes").getJsonObject("resume"))).containsExactly(
                    java.util.Map.entry(0L, 11L), java.util.Map.entry(1L, 6L), java.util.Map.entry(2L, 3L));
            ServerWebSocket second = sockets.isEmpty() ? null : sockets.poll();
            assertThat(second).as("no third connection").isNull();
        }
    }

    @Test
    void aResumeTheServerCannotServeIsCountedAndTold() throws Exception {
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (DppClient client = DppClient.builder(URI.create("http://127.0.0.1:" + port)).reconnect(Duration.ofMillis(10),
                Duration.ofMillis(50)).onError(errors::add).build()) {
            ServerWebSocket first = nextSocket();
            DppClient.Subscription trades = client.subscribe(DppClient.Request.of("trades", "*"), e -> { });
            JsonObject t = nextRequest();
            first.writeTextMessage(new JsonObject().put("type", "subscribed").put("id", t.getString("id")).put("sub", 7)
                    .put("cursor", cursor("b", 0, 10)).encode());
            trades.awaitSubscribed(WAIT);
            first.close((short) 1001, "restarting");
            ServerWebSocket second = nextSocket();
            JsonObject r = nextRequest();
            assertThat(r.getJsonObject("resume")).isNotNull();
            second.writeTextMessage(new JsonObject().put("type", "subscribed").put("id", r.getString("id")).put("sub", 1)
                    .put("resumed", false).put("reason", "no longer buffered here").put("cursor", cursor("b", 0, 500)).encode());
            trades.awaitSubscribed(WAIT);
            assertThat(trades.resumeFailures()).isEqualTo(1);
            assertThat(trades.resumed()).isZero();
            assertThat(errors).singleElement().asString().contains("could not resume trades").contains("no longer buffered here");
        }
    }

    @Test
    void aRefusedSubscriptionFailsWithTheServersReason() throws Exception {
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        try (DppClient client = DppClient.builder(URI.create("ws://127.0.0.1:" + port)).onError(errors::add).build()) {
            ServerWebSocket ws = nextSocket();
            DppClient.Subscription s = client.subscribe(DppClient.Request.of("trades", "kraken"), e -> { });
            JsonObject r = nextRequest();
            assertThat(r.getJsonArray("symbols").getList()).containsExactly("*");
            ws.writeTextMessage(new JsonObject().put("type", "error").put("id", r.getString("id")).put("code", 403)
                    .put("message", "plan free does not include venue kraken").encode());
            assertThatThrownBy(() -> s.awaitSubscribed(WAIT)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("plan free does not include venue kraken (403)");
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("plan free does not include venue kraken (403)");
            ws.writeTextMessage("not json");
            assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("unreadable message: not json");
        }
    }

    @Test
    void aRefusedKeyStopsTheClientInsteadOfRetrying() throws Exception {
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        assertThatThrownBy(() -> DppClient.builder(URI.create("ws://127.0.0.1:" + port)).apiKey("bad")
                .reconnect(Duration.ofMillis(1), Duration.ofMillis(1)).onError(errors::add).build())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
        // Reported as a refusal (the branch that stops), not as a connection problem to retry.
        assertThat(errors.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith("the server refused the connection (401)");
        assertThat(sockets).isEmpty();
    }
}
