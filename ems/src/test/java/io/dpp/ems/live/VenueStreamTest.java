package io.dpp.ems.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.PrivateStream;
import io.dpp.trading.live.VenueKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The private stream client over a real socket, for a venue whose stream is named by a token
 * (Binance USD-M's listen key): each connection gets a fresh token, the token is renewed while
 * connected, and a renewal the venue refuses, or the venue saying the token expired, ends the
 * connection and the next one comes with a new token. The venue side is a bare WebSocket server
 * that records where each connection came and sends what the test tells it to.
 */
class VenueStreamTest {

    /** Binance USD-M's stream, its token renewed every 200 ms instead of every 30 minutes. */
    private static final class Hurried implements PrivateStream {
        private final PrivateStream usdm = PrivateStream.of("binance-futures");

        @Override public String venue() { return usdm.venue(); }
        @Override public String path() { return usdm.path(); }
        @Override public String url() { return usdm.url(); }
        @Override public String path(String token) { return usdm.path(token); }
        @Override public HttpCall token() { return usdm.token(); }
        @Override public HttpCall renew(String token) { return usdm.renew(token); }
        @Override public Duration renewInterval() { return Duration.ofMillis(200); }
        @Override public String login(VenueKey key, long nowMillis, String token) { return usdm.login(key, nowMillis, token); }
        @Override public String loginKey(JsonNode login) { return usdm.loginKey(login); }
        @Override public String checkLogin(JsonNode login, VenueKey key, long nowMillis) { return null; }
        @Override public String loginAnswer(JsonNode message) { return usdm.loginAnswer(message); }
        @Override public List<String> subscribe() { return usdm.subscribe(); }
        @Override public boolean subscribed(JsonNode message) { return false; }
        @Override public String ended(JsonNode message) { return usdm.ended(message); }
        @Override public Update read(JsonNode message) { return usdm.read(message); }
        @Override public String ping() { return usdm.ping(); }
        @Override public String pong() { return usdm.pong(); }
        @Override public Duration pingInterval() { return usdm.pingInterval(); }
    }

    @Test
    void aForgottenTokenBringsANewConnectionWithANewToken() throws Exception {
        Vertx vertx = Vertx.vertx();
        BlockingQueue<ServerWebSocket> connections = new LinkedBlockingQueue<>();
        HttpServer server = vertx.createHttpServer().webSocketHandler(connections::add).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger tokens = new AtomicInteger();
        BlockingQueue<String> renewals = new LinkedBlockingQueue<>();
        VenueStream.Calls calls = new VenueStream.Calls() {
            @Override
            public CompletableFuture<String> token() {
                return CompletableFuture.completedFuture("key" + tokens.incrementAndGet());
            }

            @Override
            public CompletableFuture<Void> renew(String token) {
                renewals.add(token);
                // The venue forgot the first key: its keepalive is refused (-1125); the others are kept alive.
                return token.equals("key1") ? CompletableFuture.failedFuture(new IllegalStateException("-1125 This listenKey does not exist."))
                        : CompletableFuture.completedFuture(null);
            }
        };
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        VenueStream.Listener listener = new VenueStream.Listener() {
            @Override
            public void live() {
                heard.add("live");
            }

            @Override
            public void update(PrivateStream.Update update) {
                heard.add("update " + update.orders().get(0).clientOrderId());
            }

            @Override
            public void down(String why) {
                heard.add("down " + why);
            }
        };
        try (VenueStream stream = new VenueStream(HttpClient.newHttpClient(),
                token -> URI.create("ws://127.0.0.1:" + server.actualPort() + "/binance-futures" + new Hurried().path(token)), new Hurried(),
                new VenueKey("usdm-key-0123456789", "secret", null), System::currentTimeMillis, listener, timer, calls)) {
            stream.start();
            ServerWebSocket first = connections.poll(10, TimeUnit.SECONDS);
            assertThat(first.path()).as("the first key in the address").isEqualTo("/binance-futures/private/ws/key1");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).as("no login to wait for").isEqualTo("live");
            // The first renewal is refused: the connection ends, and the next one comes with a new key.
            assertThat(renewals.poll(10, TimeUnit.SECONDS)).isEqualTo("key1");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).startsWith("down the venue refused to renew").contains("-1125");
            ServerWebSocket second = connections.poll(10, TimeUnit.SECONDS);
            assertThat(second.path()).isEqualTo("/binance-futures/private/ws/key2");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("live");
            assertThat(renewals.poll(10, TimeUnit.SECONDS)).as("the new key kept alive").isEqualTo("key2");
            assertThat(stream.live()).isTrue();

            // A push is read; then the venue says the key expired: a third connection, a third key.
            second.writeTextMessage("{\"e\":\"ORDER_TRADE_UPDATE\",\"E\":1,\"T\":1,\"o\":{\"s\":\"BTCUSDT\",\"c\":\"dpp1x1\",\"S\":\"BUY\","
                    + "\"o\":\"LIMIT\",\"q\":\"1\",\"p\":\"1\",\"ap\":\"0\",\"x\":\"NEW\",\"X\":\"NEW\",\"i\":1,\"z\":\"0\",\"t\":0}}");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("update dpp1x1");
            second.writeTextMessage("{\"e\":\"listenKeyExpired\",\"E\":2,\"listenKey\":\"key2\"}");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).startsWith("down the venue's listen key expired");
            assertThat(connections.poll(10, TimeUnit.SECONDS).path()).isEqualTo("/binance-futures/private/ws/key3");
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("live");
        } finally {
            timer.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Deribit's socket takes orders: once logged in and subscribed, the stream arms the venue's
     * cancel-on-disconnect before it reports live (so before any order goes over it), sends a REST
     * call as the venue's JSON-RPC request with its numbers as numbers, hands the answer with that id
     * back, answers the venue's heartbeat, and fails a request whose connection ends unanswered (the
     * venue may have acted) apart from one never sent (no live connection).
     */
    @Test
    void ordersGoOverTheArmedConnectionAndAnEndedOneFailsTheirAnswers() throws Exception {
        Vertx vertx = Vertx.vertx();
        BlockingQueue<ServerWebSocket> connections = new LinkedBlockingQueue<>();
        BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> {
            connections.add(ws);
            ws.textMessageHandler(t -> {
                JsonNode m;
                try {
                    m = io.dpp.trading.live.BalanceRead.JSON.readTree(t);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                received.add(m);
                String id = m.path("id").asText();
                switch (m.path("method").asText()) {
                    case "public/auth" -> ws.writeTextMessage("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"access_token\":\"t\"}}");
                    case "private/subscribe" -> ws.writeTextMessage("{\"jsonrpc\":\"2.0\",\"id\":" + id
                            + ",\"result\":[\"user.orders.any.any.raw\",\"user.trades.any.any.raw\"]}");
                    default -> {
                    }
                }
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        VenueStream.Listener listener = new VenueStream.Listener() {
            @Override
            public void live() {
                heard.add("live");
            }

            @Override
            public void update(PrivateStream.Update update) {
            }

            @Override
            public void down(String why) {
                heard.add("down");
            }
        };
        PrivateStream deribit = PrivateStream.of("deribit");
        HttpCall place = io.dpp.trading.live.OrderProtocol.of("deribit").place(new io.dpp.trading.live.LiveOrder("cod-1", "BTC-PERPETUAL",
                io.dpp.core.model.Side.BUY, io.dpp.trading.order.OrderType.LIMIT, io.dpp.trading.order.TimeInForce.GTC, new java.math.BigDecimal("10"),
                new java.math.BigDecimal("39000.5"), null, false, false));
        try (VenueStream stream = new VenueStream(HttpClient.newHttpClient(), token -> URI.create("ws://127.0.0.1:" + server.actualPort()
                + deribit.path()), deribit, new VenueKey("deribit-key-0123456789", "secret", null), System::currentTimeMillis, listener, timer,
                null, 30)) {
            Throwable early = stream.call(place, Duration.ofSeconds(5)).handle((m, e) -> e).get(5, TimeUnit.SECONDS);
            assertThat(early).as("nothing sent before the connection is live").isInstanceOf(java.net.ConnectException.class);
            stream.start();
            assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("live");
            assertThat(stream.entersOrders()).isTrue();
            List<String> methods = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                methods.add(received.poll(10, TimeUnit.SECONDS).path("method").asText());
            }
            assertThat(methods).containsExactly("public/auth", "private/subscribe", "public/set_heartbeat", "private/enable_cancel_on_disconnect");

            CompletableFuture<JsonNode> answer = stream.call(place, Duration.ofSeconds(10));
            JsonNode request = received.poll(10, TimeUnit.SECONDS);
            assertThat(request.path("method").asText()).isEqualTo("private/buy");
            assertThat(request.path("params").path("amount").isNumber()).isTrue();
            assertThat(request.path("params").path("price").decimalValue()).isEqualByComparingTo("39000.5");
            assertThat(request.path("params").path("label").asText()).isEqualTo("cod-1");
            ServerWebSocket venue = connections.poll(10, TimeUnit.SECONDS);
            venue.writeTextMessage("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}");
            assertThat(received.poll(10, TimeUnit.SECONDS).path("method").asText()).as("the heartbeat answered").isEqualTo("public/test");
            venue.writeTextMessage("{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id").asInt() + ",\"result\":{\"order\":{},\"trades\":[]}}");
            assertThat(answer.get(10, TimeUnit.SECONDS).path("result").has("order")).isTrue();

            CompletableFuture<JsonNode> lost = stream.call(place, Duration.ofSeconds(30));
            assertThat(received.poll(10, TimeUnit.SECONDS).path("method").asText()).isEqualTo("private/buy");
            venue.close(); // the connection ends before the venue answers
            Throwable ended = lost.handle((m, e) -> e).get(10, TimeUnit.SECONDS);
            assertThat(ended).as("the venue may have taken it: not a refusal").isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("before the venue answered");
        } finally {
            timer.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
