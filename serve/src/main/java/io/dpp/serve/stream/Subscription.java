package io.dpp.serve.stream;

import io.dpp.core.instrument.Instrument;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Glob venue;
    /** Symbols given exactly (most subscriptions): a set lookup, no pattern. */
    private final Set<String> exactSymbols = new HashSet<>();
    private final List<Glob> symbolPatterns;
    private final Map<Instrument, Boolean> patternMatches = new HashMap<>();
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
        this.venue = Glob.of(venue);
        List<Glob> patterns = new java.util.ArrayList<>();
        for (String s : symbols) {
            if (Glob.isPattern(s)) {
                patterns.add(Glob.of(s));
            } else {
                exactSymbols.add(s);
            }
        }
        this.symbolPatterns = List.copyOf(patterns);
        this.depth = depth;
        this.intervalNanos = intervalNanos;
    }

    /** True when {@code instrument} (or, null, a venue-wide status of {@code venueId}) is wanted. */
    boolean matches(String venueId, Instrument instrument) {
        String v = instrument == null ? venueId : instrument.venue();
        if (!venue.matches(v)) {
            return false;
        }
        if (instrument == null) {
            return true;
        }
        if (exactSymbols.contains(instrument.nativeSymbol()) || exactSymbols.contains(instrument.normalizedSymbol())) {
            return true;
        }
        if (symbolPatterns.isEmpty()) {
            return false;
        }
        return patternMatches.computeIfAbsent(instrument, i -> {
            for (Glob p : symbolPatterns) {
                if (p.matches(i.nativeSymbol()) || p.matches(i.normalizedSymbol())) {
                    return true;
                }
            }
            return false;
        });
    }
}
