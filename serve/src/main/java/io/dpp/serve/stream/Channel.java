package io.dpp.serve.stream;

import io.dpp.core.model.EventType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The channels a client subscribes to, by their names in the protocol. */
public enum Channel {
    TRADES(EventType.TRADE),
    BOOK_CHANGES(EventType.BOOK_CHANGE),
    BOOK_SNAPSHOTS(null),
    QUOTES(EventType.QUOTE),
    CANDLES(EventType.CANDLE),
    DERIVATIVE_TICKERS(EventType.DERIVATIVE_TICKER),
    LIQUIDATIONS(EventType.LIQUIDATION),
    FEED_STATUS(EventType.FEED_STATUS);

    /** The event type the channel carries; null for the periodic book snapshots. */
    final EventType type;

    Channel(EventType type) {
        this.type = type;
    }

    /** The name in the protocol: trades, book_changes, ... */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every name, for error messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Channel::wire).toList();
    }

    /** The channel named {@code name}, or null. */
    static Channel of(String name) {
        for (Channel c : values()) {
            if (c.wire().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The channel of an event type. */
    static Channel of(EventType type) {
        for (Channel c : values()) {
            if (c.type == type) {
                return c;
            }
        }
        throw new IllegalArgumentException(String.valueOf(type));
    }
}
