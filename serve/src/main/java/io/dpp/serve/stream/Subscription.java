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
    /**
     * A resumed subscription whose cursor was ahead of this process (another replica was further):
     * live events before the cursor were already delivered and are skipped; null once past it.
     */
    private ResumeBuffer.Cursor skipUntil;
    private int skipLeft;
    private boolean[] skipDone;

    /**
     * Skips live events before {@code cursor} in the partitions where this process is behind it
     * ({@code done} false: {@link ResumeBuffer#behind}).
     */
    void skipUntil(ResumeBuffer.Cursor cursor, boolean[] done) {
        int left = 0;
        for (boolean d : done) {
            left += d ? 0 : 1;
        }
        if (left > 0) {
            skipUntil = cursor;
            skipDone = done;
            skipLeft = left;
        }
    }

    /** True when the live event at {@code position} of bus {@code partition} reached the client before it resumed. */
    boolean alreadyDelivered(int partition, long position) {
        ResumeBuffer.Cursor c = skipUntil;
        if (c == null) {
            return false;
        }
        int[] parts = c.partitions();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == partition) {
                if (position < c.next()[i]) {
                    return true;
                }
                if (!skipDone[i]) {
                    skipDone[i] = true;
                    if (--skipLeft == 0) {
                        skipUntil = null;
                        skipDone = null;
                    }
                }
                return false;
            }
        }
        return false;
    }

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
