package io.dpp.streams.venue.ascendex;

import io.dpp.streams.venue.VenueEndpoints;
import java.util.List;

/**
 * The AscendEX markets DPP streams. Both speak AscendEX's "pro" WebSocket ({@code op} requests,
 * {@code m} messages, per-symbol {@code seqnum}, snapshots asked for over the socket) and differ
 * in where it and their listing are, and in how their symbols are spelled.
 */
public enum AscendexFlavor {
    /** Spot pairs ("BTC/USDT") from {@code /api/pro/v1/products}, streamed on the v1 socket. */
    SPOT("ascendex", "endpoints.json", "/1/api/pro/v1/stream", "/api/pro/v1/products", List.of("BTC/USDT", "ETH/USDT")),
    /** USDT-margined perpetuals ("BTC-PERP") from {@code /api/pro/v2/futures/contract}, sized in the base asset, on the v2 socket. */
    FUTURES("ascendex-futures", "endpoints-futures.json", "/api/pro/v2/stream", "/api/pro/v2/futures/contract",
            List.of("BTC-PERP", "ETH-PERP"));

    final String id;
    final VenueEndpoints endpoints;
    /** The WebSocket's path below its host. */
    final String wsPath;
    final String listingPath;
    /** The symbols the synthetic market lists first. */
    final List<String> usual;

    AscendexFlavor(String id, String endpoints, String wsPath, String listingPath, List<String> usual) {
        this.id = id;
        this.endpoints = VenueEndpoints.load(AscendexFlavor.class, endpoints);
        this.wsPath = wsPath;
        this.listingPath = listingPath;
        this.usual = usual;
    }

    /** The venue id. */
    public String id() {
        return id;
    }

    boolean futures() {
        return this == FUTURES;
    }
}
