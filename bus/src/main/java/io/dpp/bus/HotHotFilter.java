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
 * identity more often, within the window, than it has been delivered. The window is the last
 * {@code window} records of the partition: copies further apart than that both pass. A copy also
 * without a venue time (some venues' quotes), which can come again word for word later, matches only
 * a delivered one received at most {@code skew} before it (by the records' receive times): a feed
 * that has just started sent none of the earlier ones.
 *
 * <p>Books need one rule more. Each feed's book starts from a snapshot taken at its own moment; a
 * snapshot from a feed that is not the one the book follows would, arriving between the other's
 * changes, set levels back to an older state. So each instrument's book follows one feed (its
 * owner): a snapshot from another feed is dropped while the owner published within
 * {@code handover} of it (by the records' receive times), and the owner passes to the feed that
 * sent the record otherwise. Changes from any feed pass when they are new: when the owner dies,
 * the other's changes, which were duplicates until then, carry the book on without a gap.
 *
 * <p>Feed status events describe each feed's own connections and always pass. Everything here is
 * decided from the records alone, so every consumer that reads a partition from the same point
 * decides the same; a consumer starting mid-partition reads the window before its start first,
 * through {@link #decide} without delivering.
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
    private final long skewMicros;
    private long[] ringHash;
    private long[] ringSource;
    private long[] ringTime;
    private boolean[] ringDelivered;
    private int head;
    private int size;
    /** The feeds with records in the window and how many each has there; a handful at most. */
    private long[] sources = new long[4];
    private int[] sourceCounts = new int[4];
    private int sourceCount;
    /**
     * True while two feeds or more have records in the window: only then are {@link #seen} and
     * {@link #delivered} kept (rebuilt from the ring when a second feed appears), so that one feed
     * alone, the usual case, costs a hash and the ring.
     */
    private boolean several;
    /** Occurrences of an identity per feed within the window, by {@link #perSource}. */
    private LongIntMap seen;
    /** Copies of an identity delivered within the window. */
    private LongIntMap delivered;
    /**
     * Each instrument's book owner: {feed, receive time of its latest record}. Keyed by the decoded
     * instrument, whose hash is computed once when it is made.
     */
    private final Map<Instrument, long[]> owners = new HashMap<>();
    /** The partition offset after the latest record this filter saw, -1 before any. */
    private long next = -1;

    /**
     * @param window   records of the partition remembered (at least 1)
     * @param handoverMicros how long a book owner may be silent (in receive time) before another feed's snapshot takes the book
     * @param skewMicros     how much later than the delivered copy another feed's copy of an event may be received
     */
    HotHotFilter(int window, long handoverMicros, long skewMicros) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        this.window = window;
        this.handoverMicros = handoverMicros;
        this.skewMicros = skewMicros;
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
            ringTime = new long[window];
            ringDelivered = new boolean[window];
        }
        long identity = hash(value, receiveTimeAt, identityEnd, 0x9E3779B97F4A7C15L);
        boolean otherSnapshot = false;
        if (event instanceof BookChange b) {
            otherSnapshot = owned(b.instrument(), source, b.snapshot(), receiveTime);
        }
        if (size == window) {
            evict();
        }
        countSource(source, 1);
        if (!several && sourceCount > 1) {
            several = true;
            rebuild();
        }
        boolean deliver;
        if (several) {
            int count = seen.add(perSource(identity, source), 1);
            // Without a venue time, the same words later are another event (a quote back where it was).
            long deliveredAt = event.exchangeTime() == Timestamps.UNKNOWN ? delivered.stamp(identity) : Long.MIN_VALUE;
            deliver = !otherSnapshot && (count > delivered.get(identity)
                    || deliveredAt != Long.MIN_VALUE && receiveTime - deliveredAt > skewMicros);
            if (deliver) {
                delivered.add(identity, 1);
                delivered.stamp(identity, receiveTime);
            }
        } else {
            deliver = !otherSnapshot; // one feed: each of its occurrences is an event
        }
        int slot = (head + size) % window;
        ringHash[slot] = identity;
        ringSource[slot] = source;
        ringTime[slot] = receiveTime;
        ringDelivered[slot] = deliver;
        size++;
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
            int capacity = Integer.highestOneBit(Math.max(2, window) * 4 - 1);
            seen = new LongIntMap(capacity);
            delivered = new LongIntMap(capacity);
        }
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % window;
            seen.add(perSource(ringHash[slot], ringSource[slot]), 1);
            if (ringDelivered[slot]) {
                delivered.add(ringHash[slot], 1);
                delivered.stamp(ringHash[slot], ringTime[slot]);
            }
        }
    }

    /** Updates the instrument's book owner; true when the record is a snapshot to drop. */
    private boolean owned(Instrument instrument, long source, boolean snapshot, long receiveTime) {
        long[] owner = owners.get(instrument);
        if (owner == null) {
            if (owners.size() >= MAX_INSTRUMENTS) {
                owners.clear();
            }
            owners.put(instrument, new long[] {source, receiveTime});
            return false;
        }
        if (owner[0] == source) {
            owner[1] = Math.max(owner[1], receiveTime);
            return false;
        }
        if (receiveTime - owner[1] > handoverMicros) {
            owner[0] = source; // the owner went silent: the book follows this feed from now on
            owner[1] = receiveTime;
            return false;
        }
        return snapshot;
    }

    private void evict() {
        long identity = ringHash[head];
        if (several) {
            seen.add(perSource(identity, ringSource[head]), -1);
            if (ringDelivered[head]) {
                delivered.add(identity, -1);
            }
        }
        countSource(ringSource[head], -1);
        head = (head + 1) % window;
        size--;
        if (several && sourceCount < 2) {
            several = false; // one feed left in the window: its records all pass again
            seen.clear();
            delivered.clear();
        }
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
        /** A time kept with each key ({@link #stamp(long, long)}). */
        private final long[] stamps;
        private final int mask;

        LongIntMap(int capacity) {
            keys = new long[capacity];
            values = new int[capacity];
            stamps = new long[capacity];
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

        /** The time last kept with the key, Long.MIN_VALUE when it has none or is absent. */
        long stamp(long key) {
            int i = find(key);
            return i < 0 ? Long.MIN_VALUE : stamps[i];
        }

        /** Keeps {@code time} with a key that is present. */
        void stamp(long key, long time) {
            int i = find(key);
            if (i >= 0) {
                stamps[i] = time;
            }
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
                stamps[i] = Long.MIN_VALUE;
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
                    stamps[hole] = stamps[i];
                    keys[i] = 0;
                    values[i] = 0;
                    hole = i;
                }
            }
        }
    }
}
