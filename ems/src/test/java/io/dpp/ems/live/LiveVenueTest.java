package io.dpp.ems.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.Side;
import io.dpp.trading.live.LiveOrder;
import io.dpp.trading.live.OrderProtocol;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueReject;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The adapter keeps order entry under the venue's documented limit (refusing locally, nothing sent)
 * and tells a venue it never reached (nothing sent, state known) from one that did not answer.
 */
class LiveVenueTest {

    @Test
    void orderEntryStaysUnderTheVenuesLimitAndAClosedPortIsNotAnUnknownState() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        LiveVenue venue = new LiveVenue(new VenueHttp(v -> url, Duration.ofSeconds(2)), OrderProtocol.of("okx"),
                new VenueKey("key-0123456789ab", "secret", "pass"), nanos::get);
        LiveOrder order = new LiveOrder("a1", "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, BigDecimal.ONE, BigDecimal.TEN,
                null, false, false);
        // OKX: 60 per 2 s. The first 60 go (and find nobody listening), the 61st is held back.
        for (int i = 0; i < 60; i++) {
            VenueReject r = venue.place(order).get(10, TimeUnit.SECONDS).reject();
            assertThat(r.reason()).isEqualTo(VenueReject.Reason.VENUE_UNAVAILABLE);
            assertThat(r.code()).isEqualTo("connect");
            assertThat(r.stateUnknown()).as("never connected: nothing reached the venue").isFalse();
        }
        VenueReject limited = venue.place(order).get(1, TimeUnit.SECONDS).reject();
        assertThat(limited.reason()).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        assertThat(limited.code()).isEqualTo("dpp");
        assertThat(limited.message()).contains("60 orders per 2000 ms");
        assertThat(venue.cancel("BTC-USDT", "a1").get(1, TimeUnit.SECONDS).reject().reason()).isEqualTo(VenueReject.Reason.RATE_LIMITED);
        nanos.addAndGet(Duration.ofMillis(40).toNanos()); // 60 per 2 s refills one every 33 ms
        assertThat(venue.place(order).get(10, TimeUnit.SECONDS).reject().reason()).isEqualTo(VenueReject.Reason.VENUE_UNAVAILABLE);
        // An order the venue's API cannot express is refused before anything is sent.
        VenueReject stop = venue.place(new LiveOrder("s1", "BTC-USDT", Side.SELL, OrderType.STOP, TimeInForce.IOC, BigDecimal.ONE,
                null, BigDecimal.TEN, false, false)).get(1, TimeUnit.SECONDS).reject();
        assertThat(stop.reason()).isEqualTo(VenueReject.Reason.INVALID_ORDER);
        assertThat(stop.message()).contains("algo-order API");
    }

    /**
     * Binance counts every call of an address, market data included, against one request weight:
     * the adapter spends it from the bucket the feeds' snapshots spend, refuses a new order locally
     * when the feeds have spent it, and a 429 any caller gets holds every caller back for the
     * Retry-After the venue names.
     */
    @Test
    void binanceOrdersShareTheAddressWeightWithTheFeeds() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        io.dpp.runtime.rate.VenueWeights weights = new io.dpp.runtime.rate.VenueWeights(nanos::get);
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.incrementAndGet();
            byte[] body = "{\"code\":-1003,\"msg\":\"Too many requests; current limit of IP is 6000 request weight per 1 MINUTE.\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Retry-After", "2");
            exchange.sendResponseHeaders(429, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            LiveVenue venue = new LiveVenue(new VenueHttp(v -> url, Duration.ofSeconds(2)), OrderProtocol.of("binance"),
                    new VenueKey("key-0123456789ab", "secret", null), nanos::get, weights);
            io.dpp.runtime.rate.VenueWeights.Weight feeds = weights.of("binance", 6000, Duration.ofMinutes(1));
            LiveOrder order = new LiveOrder("w1", "BTCUSDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC, BigDecimal.ONE, BigDecimal.TEN,
                    null, false, false);

            // The feeds spent all but the order's weight: it goes, and the venue answers 429, Retry-After 2.
            feeds.reserve(5999);
            VenueReject throttled = venue.place(order).get(10, TimeUnit.SECONDS).reject();
            assertThat(throttled.reason()).isEqualTo(VenueReject.Reason.RATE_LIMITED);
            assertThat(throttled.code()).isEqualTo("-1003");
            assertThat(received.get()).isEqualTo(1);
            assertThat(feeds.pausedNanos()).as("the feeds' snapshots wait the venue's 2 s too").isEqualTo(TimeUnit.SECONDS.toNanos(2));
            // While the venue holds the address back, nothing is sent: not an order, not a cancel.
            VenueReject held = venue.place(order).get(1, TimeUnit.SECONDS).reject();
            assertThat(held.code()).isEqualTo("dpp");
            assertThat(held.message()).contains("holds this address's calls back");
            assertThat(venue.cancel("BTCUSDT", "w1").get(1, TimeUnit.SECONDS).reject().code()).isEqualTo("dpp");
            assertThat(received.get()).isEqualTo(1);

            // The pause over, the feeds spend the whole allowance: a new order is refused here, a cancel still goes.
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(3));
            feeds.reserve(6000);
            VenueReject spent = venue.place(order).get(1, TimeUnit.SECONDS).reject();
            assertThat(spent.code()).isEqualTo("dpp");
            assertThat(spent.retryable()).isTrue();
            assertThat(spent.message()).contains("6000 request weight per 60 s for this address, shared with the market data feeds");
            assertThat(venue.cancel("BTCUSDT", "w1").get(10, TimeUnit.SECONDS).reject().code()).as("sent: the venue's answer").isEqualTo("-1003");
            assertThat(received.get()).isEqualTo(2);
            assertThat(feeds.refused()).as("the two orders refused here").isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }
}
