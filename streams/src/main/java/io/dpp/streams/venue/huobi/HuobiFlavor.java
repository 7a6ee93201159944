package io.dpp.streams.venue.huobi;

import io.dpp.streams.venue.VenueEndpoints;
import java.util.List;

/**
 * The Huobi (HTX) markets DPP streams. They share one market data protocol (gzip frames, a
 * {@code market.SYMBOL.CHANNEL} topic per subscription, the venue's pings to answer, whole-book
 * {@code depth.step0} pictures) and differ in where they are and what they list.
 */
public enum HuobiFlavor {
    /** Spot at {@code api.huobi.pro}: lower-case symbols ("btcusdt"), sizes in the base asset. */
    SPOT("huobi", "endpoints.json", List.of("btcusdt", "ethusdt")),
    /**
     * Perpetual swaps at {@code api.hbdm.com}: coin-margined ("BTC-USD", {@code /swap-ws}, contracts
     * of a number of dollars) and USDT-margined ("BTC-USDT", {@code /linear-swap-ws}, contracts of a
     * fraction of the coin); sizes in contracts.
     */
    SWAP("huobi-swap", "endpoints-swap.json", List.of("BTC-USD", "ETH-USD", "BTC-USDT", "ETH-USDT"));

    final String id;
    final VenueEndpoints endpoints;
    /** The markets the synthetic market lists first. */
    final List<String> usual;

    HuobiFlavor(String id, String endpoints, List<String> usual) {
        this.id = id;
        this.endpoints = VenueEndpoints.load(HuobiFlavor.class, endpoints);
        this.usual = usual;
    }

    /** The venue id. */
    public String id() {
        return id;
    }

    /** The WebSocket path that carries a symbol's topics. */
    String wsPath(String symbol) {
        if (this == SPOT) {
            return "/ws";
        }
        return linear(symbol) ? "/linear-swap-ws" : "/swap-ws";
    }

    /** Whether a swap is USDT-margined. */
    static boolean linear(String symbol) {
        return symbol.endsWith("-USDT");
    }
}
