package io.dpp.streams.api;

import io.dpp.core.instrument.Instrument;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One subscription of a client: a channel, a venue pattern and symbol patterns (native or
 * normalized names; {@code *} and {@code ?} as wildcards), its own message sequence, and for book
 * channels the instruments it has a starting snapshot of.
 */
final class Subscription {

    final int id;
    final String requestId;
    final Channel channel;
    final StreamClient client;
    private final Pattern venue;
    private final List<Pattern> symbols;
    private final Map<Instrument, Boolean> matches = new HashMap<>();
    /** book_changes: instruments this subscription has had a snapshot of (changes flow only after one). */
    final Set<Instrument> synced = new HashSet<>();
    /** book_snapshots: levels per side and the interval. */
    final int depth;
    final long intervalNanos;
    long nextSnapshotNanos;
    /** The sequence number of the last message enqueued for this subscription. */
    long seq;

    Subscription(int id, String requestId, Channel channel, StreamClient client, String venue, List<String> symbols,
                 int depth, long intervalNanos) {
        this.id = id;
        this.requestId = requestId;
        this.channel = channel;
        this.client = client;
        this.venue = glob(venue);
        this.symbols = symbols.stream().map(Subscription::glob).toList();
        this.depth = depth;
        this.intervalNanos = intervalNanos;
    }

    /** True when {@code instrument} (or, null, a venue-wide status of {@code venueId}) is wanted. */
    boolean matches(String venueId, Instrument instrument) {
        if (instrument == null) {
            return venue.matcher(venueId).matches();
        }
        return matches.computeIfAbsent(instrument, i -> {
            if (!venue.matcher(i.venue()).matches()) {
                return false;
            }
            for (Pattern p : symbols) {
                if (p.matcher(i.nativeSymbol()).matches() || p.matcher(i.normalizedSymbol()).matches()) {
                    return true;
                }
            }
            return false;
        });
    }

    static Pattern glob(String text) {
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
