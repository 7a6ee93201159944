package io.dpp.runtime.access;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a plan entitles a key to: venues, channels, how far back history reaches, and rate limits.
 * Plans live in the accounts database (docs/accounts.md); {@link #OPEN} is the open demo mode's.
 *
 * @param name                 plan name, e.g. "free"
 * @param venues               venue ids allowed; contains {@value #ALL} for every venue
 * @param channels             channels allowed (trades, book_changes, book_snapshots, quotes, candles,
 *                             derivative_tickers, liquidations, feed_status); {@value #ALL} for every one
 * @param historyDays          how many days back history and replay reach; 0 for no limit
 * @param restPerSecond        REST requests per second per key (the burst is one second's worth)
 * @param wsSubscriptions      subscriptions one WebSocket connection may hold
 * @param wsMessagesPerSecond  messages per second a client may send on one WebSocket connection
 * @param wsConnections        WebSocket connections (stream and replay together) one key may hold open at once
 */
public record Plan(String name, Set<String> venues, Set<String> channels, int historyDays, int restPerSecond,
                   int wsSubscriptions, int wsMessagesPerSecond, int wsConnections) {

    /** The entry of {@link #venues} or {@link #channels} that allows every one. */
    public static final String ALL = "*";

    /** The open demo mode: everything, no limits beyond the server's own. */
    public static final Plan OPEN = new Plan("open", Set.of(ALL), Set.of(ALL), 0, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    public Plan {
        Objects.requireNonNull(name, "name");
        venues = Set.copyOf(venues);
        channels = Set.copyOf(channels);
        if (historyDays < 0 || restPerSecond < 1 || wsSubscriptions < 1 || wsMessagesPerSecond < 1 || wsConnections < 1) {
            throw new IllegalArgumentException("plan " + name + ": history days must be >= 0 and every limit >= 1");
        }
    }

    /** A plan with the default of {@value #DEFAULT_WS_CONNECTIONS} WebSocket connections per key. */
    public Plan(String name, Set<String> venues, Set<String> channels, int historyDays, int restPerSecond, int wsSubscriptions,
                int wsMessagesPerSecond) {
        this(name, venues, channels, historyDays, restPerSecond, wsSubscriptions, wsMessagesPerSecond, DEFAULT_WS_CONNECTIONS);
    }

    /** WebSocket connections per key of a plan that does not say. */
    public static final int DEFAULT_WS_CONNECTIONS = 5;

    /** True when the plan allows {@code venue}. */
    public boolean allowsVenue(String venue) {
        return venues.contains(ALL) || venues.contains(venue);
    }

    /** True when the plan allows {@code channel}. */
    public boolean allowsChannel(String channel) {
        return channels.contains(ALL) || channels.contains(channel);
    }

    /** The earliest time (epoch micros) the plan's history reaches at {@code nowMicros}; {@code Long.MIN_VALUE} without limit. */
    public long earliestMicros(long nowMicros) {
        return historyDays == 0 ? Long.MIN_VALUE : nowMicros - Duration.ofDays(historyDays).toNanos() / 1_000;
    }
}
