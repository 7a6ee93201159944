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
}
