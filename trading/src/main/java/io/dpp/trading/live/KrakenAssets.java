package io.dpp.trading.live;

import java.util.Map;

/**
 * Kraken's asset codes. Its REST API names the assets it listed first by their legacy
 * four-letter codes ("XXBT", "ZUSD", "XETH": X for crypto, Z for fiat, and XBT and XDG for bitcoin
 * and dogecoin); assets listed later go by their plain codes ("USDT", "SOL"). DPP names assets
 * as everyone else does ("BTC", "USD").
 */
public final class KrakenAssets {

    /** Kraken's legacy codes and DPP's names for them. */
    private static final Map<String, String> LEGACY = Map.ofEntries(
            Map.entry("XXBT", "BTC"), Map.entry("XXDG", "DOGE"), Map.entry("XETH", "ETH"), Map.entry("XETC", "ETC"),
            Map.entry("XLTC", "LTC"), Map.entry("XMLN", "MLN"), Map.entry("XREP", "REP"), Map.entry("XXLM", "XLM"),
            Map.entry("XXMR", "XMR"), Map.entry("XXRP", "XRP"), Map.entry("XZEC", "ZEC"), Map.entry("ZAUD", "AUD"),
            Map.entry("ZCAD", "CAD"), Map.entry("ZEUR", "EUR"), Map.entry("ZGBP", "GBP"), Map.entry("ZJPY", "JPY"),
            Map.entry("ZUSD", "USD"), Map.entry("XBT", "BTC"), Map.entry("XDG", "DOGE"));
    private static final Map<String, String> KRAKEN = Map.ofEntries(
            Map.entry("BTC", "XXBT"), Map.entry("DOGE", "XXDG"), Map.entry("ETH", "XETH"), Map.entry("ETC", "XETC"),
            Map.entry("LTC", "XLTC"), Map.entry("MLN", "XMLN"), Map.entry("REP", "XREP"), Map.entry("XLM", "XXLM"),
            Map.entry("XMR", "XXMR"), Map.entry("XRP", "XXRP"), Map.entry("ZEC", "XZEC"), Map.entry("AUD", "ZAUD"),
            Map.entry("CAD", "ZCAD"), Map.entry("EUR", "ZEUR"), Map.entry("GBP", "ZGBP"), Map.entry("JPY", "ZJPY"),
            Map.entry("USD", "ZUSD"));

    private KrakenAssets() {
    }

    /** DPP's name of a Kraken asset code ("XXBT" is "BTC"; "USDT" stays "USDT"). */
    public static String dpp(String kraken) {
        return LEGACY.getOrDefault(kraken, kraken);
    }

    /**
     * A pair as DPP names it (Kraken's WebSocket v1 name, "XBT/USD") from its WebSocket v2 name
     * ("BTC/USD"): v2 calls bitcoin and dogecoin BTC and DOGE, v1 XBT and XDG.
     */
    public static String v1Pair(String v2) {
        int slash = v2.indexOf('/');
        return slash < 0 ? v2 : v1(v2.substring(0, slash)) + "/" + v1(v2.substring(slash + 1));
    }

    /** A pair's WebSocket v2 name ("BTC/USD") from DPP's (v1's, "XBT/USD"). */
    public static String v2Pair(String v1) {
        int slash = v1.indexOf('/');
        return slash < 0 ? v1 : dpp(v1.substring(0, slash)) + "/" + dpp(v1.substring(slash + 1));
    }

    private static String v1(String asset) {
        return switch (asset) {
            case "BTC" -> "XBT";
            case "DOGE" -> "XDG";
            default -> asset;
        };
    }

    /** Kraken's code of an asset as its balance answer names it ("BTC" is "XXBT"). */
    public static String kraken(String dpp) {
        return KRAKEN.getOrDefault(dpp, dpp);
    }
}
