package io.dpp.streams.venue.gateio;

import io.dpp.streams.venue.VenueEndpoints;
import java.util.List;

/**
 * The Gate.io markets DPP streams. Both speak Gate.io's WebSocket v4 (a channel and a payload per
 * subscription, order book diffs numbered {@code U..u} bridged to a REST snapshot with its
 * {@code id}) and differ in their channels' prefix, where their snapshots and listings are, and
 * how they write levels, trades and times.
 */
public enum GateioFlavor {
    /** Spot: levels {@code ["price","amount"]}, amounts in the base asset, snapshot times in milliseconds. */
    SPOT("gateio", "endpoints.json", "spot", "/ws/v4/", "/api/v4/spot/order_book", "currency_pair",
            "/api/v4/spot/currency_pairs", "tickers"),
    /**
     * USDT-margined perpetual futures: levels {@code {"p":"price","s":contracts}}, sizes in whole
     * contracts of {@code quanto_multiplier} of the base asset, trades signed by the taker's side,
     * snapshot times in seconds with a fraction.
     */
    USDT_FUTURES("gateio-futures", "endpoints-futures.json", "futures", "/v4/ws/usdt", "/api/v4/futures/usdt/order_book",
            "contract", "/api/v4/futures/usdt/contracts", "book_ticker");

    final String id;
    final VenueEndpoints endpoints;
    /** The channels' prefix ("spot", "futures"). */
    final String prefix;
    /** The WebSocket's path below its host. */
    final String wsPath;
    /** The REST path of a book snapshot, and the query parameter naming its market. */
    final String snapshotPath;
    final String snapshotParameter;
    final String listingPath;
    /** The channel whose best bid and ask become quotes, without the prefix. */
    final String quotes;

    GateioFlavor(String id, String endpoints, String prefix, String wsPath, String snapshotPath, String snapshotParameter,
            String listingPath, String quotes) {
        this.id = id;
        this.endpoints = VenueEndpoints.load(GateioFlavor.class, endpoints);
        this.prefix = prefix;
        this.wsPath = wsPath;
        this.snapshotPath = snapshotPath;
        this.snapshotParameter = snapshotParameter;
        this.listingPath = listingPath;
        this.quotes = quotes;
    }

    /** The venue id. */
    public String id() {
        return id;
    }

    boolean futures() {
        return this == USDT_FUTURES;
    }

    String book() {
        return prefix + ".order_book_update";
    }

    String trades() {
        return prefix + ".trades";
    }

    String quotesChannel() {
        return prefix + "." + quotes;
    }

    String candles() {
        return prefix + ".candlesticks";
    }

    /** The markets the synthetic market lists first. */
    List<String> usual() {
        return List.of("BTC_USDT", "ETH_USDT");
    }
}
