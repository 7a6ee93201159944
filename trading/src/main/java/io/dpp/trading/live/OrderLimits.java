package io.dpp.trading.live;

import java.time.Duration;
import java.util.Map;

/**
 * Each venue's documented limit on order entry (placing and canceling) per account, which the
 * adapter keeps below so that the venue never has to refuse or ban: {@code orders} per {@code window},
 * as a bucket that refills evenly. Where the venue also counts every REST call of an address against
 * one allowance, market data included (Binance's request weight, Bybit's requests per IP), that
 * allowance is {@code addressWeight} per {@code addressWindow} (0: none), and what each call costs of it
 * is {@link OrderProtocol#weight}: the EMS spends it from the same bucket as the feeds' book snapshots.
 *
 * @param source where the venue documents it, in words
 */
public record OrderLimits(int orders, Duration window, String source, int addressWeight, Duration addressWindow) {

    private static final Map<String, OrderLimits> BY_VENUE = Map.of(
            "binance", new OrderLimits(100, Duration.ofSeconds(10), "spot: ORDERS 100 per 10 s per account, REQUEST_WEIGHT 6000 per minute per IP"
                    + " (exchangeInfo rateLimits)", 6000, Duration.ofMinutes(1)),
            "binance-futures", new OrderLimits(300, Duration.ofSeconds(10), "USD-M: 300 orders per 10 s per account, 2400 request weight per"
                    + " minute per IP", 2400, Duration.ofMinutes(1)),
            "okx", new OrderLimits(60, Duration.ofSeconds(2), "v5 place order: 60 requests per 2 s per instrument", 0, Duration.ofSeconds(1)),
            "bybit", new OrderLimits(10, Duration.ofSeconds(1), "v5 futures create order: 10 per second per UID (default level);"
                    + " 600 requests per 5 s per IP", 600, Duration.ofSeconds(5)),
            "kraken", new OrderLimits(60, Duration.ofSeconds(60), "trading counter of 60 decaying 1 per second (starter tier)", 0,
                    Duration.ofSeconds(1)),
            "coinbase", new OrderLimits(30, Duration.ofSeconds(1), "Advanced Trade private endpoints: 30 requests per second", 0,
                    Duration.ofSeconds(1)),
            "deribit", new OrderLimits(20, Duration.ofSeconds(4), "matching engine credits: burst 20, 5 per second", 0, Duration.ofSeconds(1)),
            "bitmex", new OrderLimits(10, Duration.ofSeconds(1), "order placement: 10 per second", 0, Duration.ofSeconds(1)));

    /** The venue's limit. */
    public static OrderLimits of(String venue) {
        OrderLimits l = BY_VENUE.get(venue);
        if (l == null) {
            throw new IllegalArgumentException("no trading adapter for venue " + venue);
        }
        return l;
    }
}
