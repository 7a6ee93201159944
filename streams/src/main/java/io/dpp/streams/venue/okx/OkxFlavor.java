package io.dpp.streams.venue.okx;

import io.dpp.streams.venue.VenueEndpoints;
import java.util.List;

/**
 * The venues that speak OKX's v5 public API: OKX itself, and Okcoin (spot, US dollar pairs), which
 * runs the same v5 stream, checksums and instruments listing at its own hosts.
 */
public enum OkxFlavor {
    OKX("okx", "endpoints.json", List.of("BTC-USDT", "ETH-USDT", "BTC-USDT-SWAP", "ETH-USDT-SWAP"), true),
    /** Okcoin: spot only, its pairs quoted in US dollars. */
    OKCOIN("okcoin", "endpoints-okcoin.json", List.of("BTC-USD", "ETH-USD"), false);

    final String id;
    final VenueEndpoints endpoints;
    /** The instruments the synthetic market lists first. */
    final List<String> usual;
    /** Whether it lists swaps (the synthetic market makes every other extra instrument one). */
    final boolean swaps;

    OkxFlavor(String id, String endpoints, List<String> usual, boolean swaps) {
        this.id = id;
        this.endpoints = VenueEndpoints.load(OkxFlavor.class, endpoints);
        this.usual = usual;
        this.swaps = swaps;
    }

    public String id() {
        return id;
    }
}
