package io.dpp.bus;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.EventType;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.time.Timestamps;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps one copy of each event that hot-hot feeds publish twice: two feed processes on the same
 * venues, each publishing what its own connection received, so that either can die without a gap.
 * One filter per Kafka partition, on the subscription's thread; every record of an instrument is in
 * the same partition, so both copies of an event pass the same filter, in the partition's order.
 *
 * <p>An event's identity is what the venue said: the record without its receive time (the only
 * field in which two feeds' decodings of one venue message differ), hashed to 64 bits. The n-th
 * occurrence of an identity from one feed is the same event as the n-th from the other (a venue
 * can send two equal trades in one message), so a record is delivered when its feed has sent its
 * identity more often than any other feed has, counted over the window: the last {@code window}
 * records of the partition (copies further apart than that both pass). An event without a venue
 * time (some venues' quotes) passes from every feed: the same words recur, and nothing in the
 * copies tells which are one event (rules that tried lost some or let replicas disagree).
 *
 * <p>Books need one rule more. Each feed's book starts from a snapshot taken at its own moment; a
 * snapshot from a feed that is not the one the book follows would, arriving between the other's
 * changes, set levels back to an older state. So each instrument's book follows one feed (its
 * owner) among those that published it within {@code handover} (by the records' receive times):
 * one publishing for longer than {@code handover} without a pause of that length before one that
 * has not, the lowest id among such, and otherwise the one publishing for the longest. A snapshot
 * from another feed is dropped. Changes from any feed pass when they are new: when the owner dies,
 * the other's changes, which were duplicates until then, carry the book on without a gap.
 *
 * <p>Feed status events describe each feed's own connections and always pass. Every verdict is a
 * function of the records of the window alone (never of earlier verdicts), so that every consumer
 * that reads a partition decides alike, whenever it started: a consumer starting mid-partition
 * first reads the window before its start through {@link #decide}, without delivering it, and
 * decides as those that read on, which keeps the stream replicas' resume positions and a restarted
 * recorder exact. (A book owner depends on the last {@code handover} of records, which the window
 * spans on any busy partition.)
 */
final class HotHotFilter {

    /** Delivered. */
    static final int NEW = 0;
    /** Another feed's copy of an event delivered already. */
    static final int DUPLICATE = BusSubscription.DUPLICATE;
    /** A book snapshot from a feed the book does not follow, while the one it follows is live. */
    static final int OTHER_SNAPSHOT = BusSubscription.OTHER_SNAPSHOT;

    /** Most instruments whose book owner is kept per partition; past it the owners start over. */
    static final int MAX_INSTRUMENTS = 1 << 16;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int window;
    private final long handoverMicros;
    private long[] ringHash;
    private long[] ringSource;
    /** The sequence number (partition order, from 0) of the oldest record in the window, and of the next one. */
    private long oldest;
    private long nextSeq;
    /** The feeds with records in the window and how many each has there; a handful at most. */
    private long[] sources = new long[4];
    private int[] sourceCounts = new int[4];
    private int sourceCount;
    /**
     * True while two feeds or more have records in the window: only then is {@link #seen} kept
     * (rebuilt from the ring when a second feed appears), so that one feed
     * alone, the usual case, costs a hash and the ring.
     */
    private boolean several;
    /** Occurrences of each identity per feed over the window, by {@link #perSource}. */
    private LongIntMap seen;
    /** The feeds that published each instrument's book within the handover. */
    private final Map<Instrument, Publishers> books = new HashMap<>();
    /** The partition offset after the latest record this filter saw, -1 before any. */
    private long next = -1;

    /**
     * @param window   records of the partition remembered (at least 1)
     * @param handoverMicros how long a feed may be silent (in receive time) and still count as publishing
     */
    HotHotFilter(int window, long handoverMicros) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.window = window;
        this.handoverMicros = handoverMicros;
    }

    /** The offset after the latest record seen, -1 before any: whether the filter's state continues at an offset. */
    long next() {
        return next;
    }

    /**
     * What to do with a record: {@link #NEW}, {@link #DUPLICATE} or {@link #OTHER_SNAPSHOT}. A record
     * read only to rebuild the window (before a consumer's start) goes through here too, its verdict
     * unused.
     *
     * @param source        the feed process that published it (its producer's id)
     * @param receiveTimeAt where the receive time's 8 bytes start in {@code value}
     * @param identityEnd   where the bytes that identify the event end in {@code value} (before its source)
     * @param event         the record decoded
     */
    int decide(long offset, long source, byte[] value, int receiveTimeAt, int identityEnd, MarketEvent event) {
        next = offset + 1;
        EventType type = event.type();
        long receiveTime = event.receiveTime();
        if (type == EventType.FEED_STATUS) {
            return NEW;
        }
        if (ringHash == null) {
            ringHash = new long[window];
            ringSource = new long[window];
        }
        long identity = hash(value, receiveTimeAt, identityEnd, 0x9E3779B97F4A7C15L);
        boolean timed = event.exchangeTime() != Timestamps.UNKNOWN;
        boolean otherSnapshot = event instanceof BookChange b && followsAnother(b.instrument(), source, b.snapshot(), receiveTime);
        if (nextSeq - oldest == window) {
            evict();
        }
        countSource(source, 1);
        if (!several && sourceCount > 1) {
            several = true;
            rebuild();
        }
        boolean deliver = !otherSnapshot;
        if (several) {
            int mine = seen.add(perSource(identity, source), 1);
            if (timed) {
                int others = 0;
                for (int i = 0; i < sourceCount; i++) {
                    if (sources[i] != source) {
                        others = Math.max(others, seen.get(perSource(identity, sources[i])));
                    }
                }
                deliver &= mine > others;
            }
            // Without a venue time every copy passes: nothing tells which copies of recurring words are one event.
        }
        int slot = (int) (nextSeq % window);
        ringHash[slot] = identity;
        ringSource[slot] = source;
        nextSeq++;
        return deliver ? NEW : otherSnapshot ? OTHER_SNAPSHOT : DUPLICATE;
    }

    /** Adds {@code delta} to the records {@code source} has in the window. */
    private void countSource(long source, int delta) {
        for (int i = 0; i < sourceCount; i++) {
            if (sources[i] == source) {
                int n = sourceCounts[i] += delta;
                if (n == 0) {
                    sourceCount--;
                    sources[i] = sources[sourceCount];
                    sourceCounts[i] = sourceCounts[sourceCount];
                }
                return;
            }
        }
        if (sourceCount == sources.length) {
            sources = java.util.Arrays.copyOf(sources, sourceCount * 2);
            sourceCounts = java.util.Arrays.copyOf(sourceCounts, sourceCount * 2);
        }
        sources[sourceCount] = source;
        sourceCounts[sourceCount] = delta;
        sourceCount++;
    }

    /** A second feed appeared: the counts by identity, from the records in the window. */
    private void rebuild() {
        if (seen == null) {
            seen = new LongIntMap(Integer.highestOneBit(Math.max(2, window) * 4 - 1));
        }
        for (long seq = oldest; seq < nextSeq; seq++) {
            int slot = (int) (seq % window);
            seen.add(perSource(ringHash[slot], ringSource[slot]), 1);
        }
    }

    private void evict() {
        int slot = (int) (oldest % window);
        if (several) {
            seen.add(perSource(ringHash[slot], ringSource[slot]), -1);
        }
        countSource(ringSource[slot], -1);
        oldest++;
        if (several && sourceCount < 2) {
            several = false; // one feed left in the window: its records all pass again
            seen.clear();
        }
    }

    /**
     * The feeds that published an instrument's book within the handover: each one's id, latest
     * receive time and the start of its current run (its first record after a pause longer than
     * the handover).
     */
    private static final class Publishers {
        long[] source = new long[2];
        long[] latest = new long[2];
        long[] since = new long[2];
        int n;
    }

    /** Notes a book record; true when it is a snapshot from a feed the book does not follow. */
    private boolean followsAnother(Instrument instrument, long source, boolean snapshot, long receiveTime) {
        Publishers p = books.get(instrument);
        if (p == null) {
            if (books.size() >= MAX_INSTRUMENTS) {
                books.clear();
            }
            p = new Publishers();
            books.put(instrument, p);
        }
        int mine = -1;
        for (int i = 0; i < p.n; i++) {
            if (p.source[i] == source) {
                mine = i;
            } else if (receiveTime - p.latest[i] > handoverMicros) {
                p.n--; // silent longer than the handover: no longer among those the book may follow
                p.source[i] = p.source[p.n];
                p.latest[i] = p.latest[p.n];
                p.since[i] = p.since[p.n];
                if (mine == p.n) {
                    mine = i;
                }
                i--;
            }
        }
        if (mine < 0) {
            if (p.n == p.source.length) {
                p.source = java.util.Arrays.copyOf(p.source, p.n * 2);
                p.latest = java.util.Arrays.copyOf(p.latest, p.n * 2);
                p.since = java.util.Arrays.copyOf(p.since, p.n * 2);
            }
            mine = p.n++;
            p.source[mine] = source;
            p.latest[mine] = receiveTime;
            p.since[mine] = receiveTime;
        } else {
            if (receiveTime - p.latest[mine] > handoverMicros) {
                p.since[mine] = receiveTime; // back after a pause: a new run
            }
            p.latest[mine] = Math.max(p.latest[mine], receiveTime);
        }
        if (!snapshot || p.n == 1) {
            return false;
        }
        // The owner: established (publishing for longer than the handover) before not, then the
        // lowest id among the established, or the earliest run among those that are not.
        int owner = 0;
        for (int i = 1; i < p.n; i++) {
            boolean established = receiveTime - p.since[i] >= handoverMicros;
            boolean ownerEstablished = receiveTime - p.since[owner] >= handoverMicros;
            if (established != ownerEstablished) {
                owner = established ? i : owner;
            } else if (established ? p.source[i] < p.source[owner]
                    : p.since[i] < p.since[owner] || p.since[i] == p.since[owner] && p.source[i] < p.source[owner]) {
                owner = i;
            }
        }
        return p.source[owner] != source;
    }

    private static long perSource(long identity, long source) {
        return mix(identity ^ (source * 0xFF51AFD7ED558CCDL));
    }

    /** A 64-bit hash of {@code bytes} up to {@code end}, without the 8 bytes at {@code skip} (none when negative). */
    static long hash(byte[] bytes, int skip, int end, long seed) {
        long h = seed ^ end;
        int i = 0;
        while (i < end) {
            if (i == skip) {
                i += 8;
                continue;
            }
            long word;
            if (i + 8 <= end && (skip < 0 || i + 8 <= skip || i >= skip + 8)) {
                word = (long) LONG.get(bytes, i);
                i += 8;
            } else {
                word = bytes[i] & 0xffL;
                i++;
            }
            h = Long.rotateLeft(h ^ mix(word), 27) * 0x9E3779B97F4A7C15L + 0x52DCE729L;
        }
        return mix(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /**
     * Counts by 64-bit key, open addressing with linear probing; a count that drops to 0 is removed
     * (backward shift), so the table holds at most the window's keys.
     */
    static final class LongIntMap {
        private final long[] keys;
        private final int[] values;
        private final int mask;

        LongIntMap(int capacity) {
            keys = new long[capacity];
            values = new int[capacity];
            mask = capacity - 1;
        }

        void clear() {
            java.util.Arrays.fill(keys, 0);
            java.util.Arrays.fill(values, 0);
        }

        /** The key's slot, or -1 when it is absent. */
        private int find(long key) {
            long k = key == 0 ? 1 : key;
            for (int i = (int) k & mask; keys[i] != 0; i = (i + 1) & mask) {
                if (keys[i] == k) {
                    return i;
                }
            }
            return -1;
        }

        int get(long key) {
            int i = find(key);
            return i < 0 ? 0 : values[i];
        }

        /** Adds {@code delta} to the key's count and returns the new count. */
        int add(long key, int delta) {
            long k = key == 0 ? 1 : key;
            int i = (int) k & mask;
            while (keys[i] != 0 && keys[i] != k) {
                i = (i + 1) & mask;
            }
            if (keys[i] == 0) {
                if (delta <= 0) {
                    return 0;
                }
                keys[i] = k;
            }
            int v = values[i] + delta;
            values[i] = v;
            if (v <= 0) {
                remove(i);
                return 0;
            }
            return v;
        }

        private void remove(int slot) {
            int hole = slot;
            keys[hole] = 0;
            values[hole] = 0;
            for (int i = (hole + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
                int home = (int) keys[i] & mask;
                // Moves the entry into the hole when the hole lies on its probe path (home..i, cyclically).
                if (((i - home) & mask) >= ((i - hole) & mask)) {
                    keys[hole] = keys[i];
                    values[hole] = values[i];
                    keys[i] = 0;
                    values[i] = 0;
                    hole = i;
                }
            }
        }
    }
}
