package io.dpp.streams.venue.binance;

import io.dpp.streams.venue.RateLimit;
import io.dpp.streams.venue.VenueEndpoints;
import io.dpp.streams.venue.VenueLimits;
import java.time.Duration;
import java.util.List;

/**
 * The Binance markets DPP streams. They speak one protocol (combined streams named in the URL,
 * depth diffs rebuilt from REST {@code /depth} snapshots) and differ in where they are, their API's
 * path, how their depth diffs chain and their limits.
 */
public enum BinanceFlavor {
    /** Binance spot: {@code U == previous u + 1}. */
    SPOT("binance", "endpoints-spot.json", "/api/v3", false, List.of("BTCUSDT", "ETHUSDT", "BTCUSDC", "ETHUSDC"),
            new VenueLimits(BinanceFlavor.STREAMS_PER_CONNECTION, RateLimit.perMinute(6000), 50, new RateLimit(300, Duration.ofMinutes(5)),
                    RateLimit.perSecond(5), Duration.ofHours(24))),
    /** Binance.US spot, a separate exchange on the spot protocol (its own listing and limits: 1200 weight a minute). */
    US("binance-us", "endpoints-us.json", "/api/v3", false, List.of("BTCUSDT", "ETHUSDT", "BTCUSD", "ETHUSD"),
            new VenueLimits(BinanceFlavor.STREAMS_PER_CONNECTION, RateLimit.perMinute(1200), 50, new RateLimit(300, Duration.ofMinutes(5)),
                    RateLimit.perSecond(5), Duration.ofHours(24))),
    /** Binance USD-M futures: diffs overlap, {@code pu == previous u}. */
    USDM("binance-futures", "endpoints-futures.json", "/fapi/v1", true, List.of("BTCUSDT", "ETHUSDT"),
            new VenueLimits(BinanceFlavor.STREAMS_PER_CONNECTION, RateLimit.perMinute(2400), 20, new RateLimit(300, Duration.ofMinutes(5)),
                    RateLimit.perSecond(10), Duration.ofHours(24))),
    /** Binance COIN-M futures (delivery and perpetual, inverse: sizes in contracts of 100 or 10 dollars), chained as USD-M's. */
    COINM("binance-delivery", "endpoints-delivery.json", "/dapi/v1", true, List.of("BTCUSD_PERP", "ETHUSD_PERP"),
            new VenueLimits(BinanceFlavor.STREAMS_PER_CONNECTION, RateLimit.perMinute(2400), 20, new RateLimit(300, Duration.ofMinutes(5)),
                    RateLimit.perSecond(10), Duration.ofHours(24)));

    /** Streams per connection: Binance allows 1024 (200 on its futures); 200 keeps the URL short. */
    static final int STREAMS_PER_CONNECTION = 200;

    final String id;
    final VenueEndpoints endpoints;
    /** The REST API's path ({@code /api/v3}, {@code /fapi/v1}, {@code /dapi/v1}). */
    final String api;
    /** Whether its depth diffs chain by {@code pu} (the futures') rather than by {@code U}. */
    final boolean futures;
    /** The symbols the synthetic market lists first. */
    final List<String> usual;
    final VenueLimits limits;

    BinanceFlavor(String id, String endpoints, String api, boolean futures, List<String> usual, VenueLimits limits) {
        this.id = id;
        this.endpoints = VenueEndpoints.load(BinanceFlavor.class, endpoints);
        this.api = api;
        this.futures = futures;
        this.usual = usual;
        this.limits = limits;
    }

    /** The venue id. */
    public String id() {
        return id;
    }

    String depthPath() {
        return api + "/depth";
    }

    String listingPath() {
        return api + "/exchangeInfo";
    }

    /** Whether its contracts are inverse (COIN-M: quoted in dollars, margined in the coin, sized in contracts). */
    boolean inverse() {
        return this == COINM;
    }
}
