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
}
