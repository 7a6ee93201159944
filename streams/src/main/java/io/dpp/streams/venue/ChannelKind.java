package io.dpp.streams.venue;

import java.util.Locale;

/**
 * What a channel carries, in DPP's terms. The configuration names channels by kind ("book",
 * "trades") and each venue's {@link VenueProtocol#channel} says which of its channels serves it;
 * a configuration may also name a venue channel directly ("kline_5m").
 */
public enum ChannelKind {
    /** L2 order book: snapshot plus changes. */
    BOOK,
    /** Public trades. */
    TRADES,
    /** Best bid and offer. */
    QUOTES,
    /** Derivative tickers: mark and index price, funding, open interest (or a spot ticker). */
    TICKERS,
    /** Candles the venue computes. */
    CANDLES,
    /** Liquidations. */
    LIQUIDATIONS;

    /** The configuration spelling: "book", "trades", ... */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this configuration name, or null. */
    public static ChannelKind fromConfigName(String name) {
        for (ChannelKind k : values()) {
            if (k.configName().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
