package io.dpp.streams.venue;

import java.util.Objects;

/**
 * One stream of one instrument at a venue, in the venue's own terms: the channel as the venue
 * names it with the parameters that change what it sends ("depth@100ms", "book-1000",
 * "book:P0:F0:100", "orderbook.50"), and the instrument's native symbol as its listing spells it
 * (the catalog key: "BTCUSDT", "XBT/USD", "tBTCUSD", "PI_XBTUSD"). The venue's
 * {@link VenueProtocol} turns subscriptions into subscribe messages and reads them back from
 * messages, so the same value identifies a stream in the configuration, in a capture and in the
 * simulator.
 */
public record Subscription(String channel, String symbol) implements Comparable<Subscription> {

    public Subscription {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(symbol, "symbol");
        if (channel.isEmpty() || symbol.isEmpty()) {
            throw new IllegalArgumentException("empty channel or symbol: " + channel + " " + symbol);
        }
    }

    @Override
    public int compareTo(Subscription o) {
        int c = channel.compareTo(o.channel);
        return c != 0 ? c : symbol.compareTo(o.symbol);
    }

    @Override
    public String toString() {
        return channel + ":" + symbol;
    }
}
