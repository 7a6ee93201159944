package io.dpp.trading.live;

import java.util.Map;

/** Where each venue's private REST API is, by default (its production address). */
public final class TradingEndpoints {

    private static final Map<String, String> REST = Map.of(
            "binance", "https://api.binance.com",
            "binance-futures", "https://fapi.binance.com",
            "okx", "https://www.okx.com",
            "bybit", "https://api.bybit.com",
            "kraken", "https://api.kraken.com",
            "coinbase", "https://api.coinbase.com",
            "deribit", "https://www.deribit.com",
            "bitmex", "https://www.bitmex.com");

    private TradingEndpoints() {
    }

    /** The venue's production REST base URL. */
    public static String restUrl(String venue) {
        String url = REST.get(venue);
        if (url == null) {
            throw new IllegalArgumentException("no trading adapter for venue " + venue);
        }
        return url;
    }
}
