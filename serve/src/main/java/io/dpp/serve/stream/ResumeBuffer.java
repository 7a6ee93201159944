package io.dpp.serve.stream;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.EventType;
import java.util.Arrays;

/**
 * The latest events of the resumable channels with their bus positions, so that a client that
 * reconnects (to this process or to another replica reading the same bus) gets what it missed
 * before the live events (docs/stream.md, "Resuming"). Bounded by events and by bytes; the oldest
 * go first. Fan-out thread only.
 *
 * <p>Per bus partition it knows the last position delivered and its floor: it holds every
 * resumable event of the partition after the floor (the position before the first it saw, raised
 * as old events are dropped), so a cursor at or after the floor of every partition can be served
 * exactly, and any other cannot.
 */
final class ResumeBuffer {

    /** Entry bookkeeping counted against the byte bound besides the message itself. */
    static final int ENTRY_OVERHEAD = 64;

    /** A client's cursor: for each bus partition, the position of the next event it has not had. */
    record Cursor(String bus, int[] partitions, long[] next) {

        /** The next position of {@code partition}, or -1 when the cursor does not name it. */
        long next(int partition) {
            for (int i = 0; i < partitions.length; i++) {
                if (partitions[i] == partition) {
                    return next[i];
                }
            }
            return -1;
        }
    }

    private final int mask;
    private final long maxBytes;
    private final int[] partition;
    private final long[] position;
    private final EventType[] type;
    /** The instrument, or the venue id of a venue-wide status. */
    private final Object[] key;
    private final byte[][] body;
    private int head;
    private int size;
    private long bytes;

    /** The bus partitions seen, with their last position and floor, in the order they started. */
    private int[] parts = new int[8];
    private long[] last = new long[8];
    private long[] floor = new long[8];
    private int partCount;
    private int lastIndex = -1;

    /**
     * @param events most events held (rounded up to a power of two)
     * @param maxBytes most bytes of messages held (plus {@link #ENTRY_OVERHEAD} each)
     */
    ResumeBuffer(int events, long maxBytes) {
        int capacity = Integer.highestOneBit(Math.max(2, events - 1)) << 1;
        this.mask = capacity - 1;
        this.maxBytes = maxBytes;
        this.partition = new int[capacity];
        this.position = new long[capacity];
        this.type = new EventType[capacity];
        this.key = new Object[capacity];
        this.body = new byte[capacity][];
    }

    /** Delivery of {@code partition} starts at {@code next}: what came before it cannot be served. */
    void started(int p, long next) {
        int i = index(p);
        if (i < 0) {
            i = add(p);
            last[i] = next - 1;
            floor[i] = next - 1;
        } else if (next - 1 > last[i]) {
            // A jump (the bus skipped ahead): the positions in between were never seen here.
            last[i] = next - 1;
            floor[i] = next - 1;
        }
    }

    /**
     * Notes that an event at {@code pos} of {@code p} is delivered: false when it was delivered
     * before (a bus that went back after a rebalance), so that no client gets it twice.
     */
    boolean deliver(int p, long pos) {
        int i = index(p);
        if (i < 0) {
            i = add(p);
            floor[i] = pos - 1;
        } else if (pos <= last[i]) {
            return false;
        }
        last[i] = pos;
        return true;
    }

    /** Keeps an event's message (the shared body clients get) with its position. */
    void add(int p, long pos, EventType t, Object k, byte[] message) {
        long need = message.length + ENTRY_OVERHEAD;
        if (need > maxBytes) {
            int i = index(p);
            floor[i] = Math.max(floor[i], pos); // cannot be held at all: a resume from before it fails
            return;
        }
        while (size > 0 && (size == partition.length || bytes + need > maxBytes)) {
            dropOldest();
        }
        int at = (head + size) & mask;
        partition[at] = p;
        position[at] = pos;
        type[at] = t;
        key[at] = k;
        body[at] = message;
        bytes += need;
        size++;
    }

    private void dropOldest() {
        int i = index(partition[head]);
        floor[i] = Math.max(floor[i], position[head]);
        bytes -= body[head].length + ENTRY_OVERHEAD;
        key[head] = null;
        body[head] = null;
        head = (head + 1) & mask;
        size--;
    }

    /** Events held. */
    int size() {
        return size;
    }

    /** Bytes held, with the per-entry overhead. */
    long bytes() {
        return bytes;
    }

    /**
     * The cursor of everything delivered so far, as the JSON object clients keep:
     * {@code {"bus":"...","at":[[partition,next],...]}}.
     */
    String cursorJson(String bus) {
        StringBuilder sb = new StringBuilder(32 + partCount * 24).append("{\"bus\":").append(StreamProtocol.quote(bus))
                .append(",\"at\":[");
        for (int i = 0; i < partCount; i++) {
            sb.append(i > 0 ? ",[" : "[").append(parts[i]).append(',').append(last[i] + 1).append(']');
        }
        return sb.append("]}").toString();
    }

    /**
     * Why {@code c} cannot be served exactly here, or null when it can: every partition this
     * process delivers events of {@code wanted} from must be in the cursor, at or after its floor.
     * A cursor ahead of this process (another replica was further) is fine: the live events up to
     * it are skipped ({@link Subscription#skipUntil}).
     *
     * @param bus this process's bus identity
     */
    String problem(Cursor c, String bus, EventType wanted) {
        if (!c.bus().equals(bus)) {
            return "the cursor is of another bus (" + c.bus() + "; this one is " + bus + "): a restart of an embedded"
                    + " platform or a new Kafka cluster starts positions anew";
        }
        for (int i = 0; i < partCount; i++) {
            if (!carries(parts[i], wanted)) {
                continue;
            }
            long next = c.next(parts[i]);
            if (next < 0) {
                return "the cursor has no position for bus partition " + parts[i];
            }
            if (next <= floor[i]) {
                return "the events of bus partition " + parts[i] + " after position " + (next - 1)
                        + " are no longer buffered here (from " + (floor[i] + 1) + "; stream.resume-events and"
                        + " stream.resume-bytes bound how far back a client can resume)";
            }
        }
        for (int p : c.partitions()) {
            if (carries(p, wanted) && index(p) < 0) {
                return "bus partition " + p + " has not started here yet";
            }
        }
        return null;
    }

    /**
     * Per partition of {@code c}: false where this process has not yet delivered every event of
     * {@code wanted} before the cursor (it is behind the replica the client came from).
     */
    boolean[] behind(Cursor c, EventType wanted) {
        boolean[] done = new boolean[c.partitions().length];
        for (int k = 0; k < done.length; k++) {
            int i = index(c.partitions()[k]);
            done[k] = !carries(c.partitions()[k], wanted) || i >= 0 && last[i] >= c.next()[k] - 1;
        }
        return done;
    }

    private static boolean carries(int p, EventType t) {
        return io.dpp.bus.Bus.carries(p, t);
    }

    /** What {@link #replay} hands each event it finds. */
    interface Visitor {
        void event(EventType type, Object key, byte[] message);
    }

    /** Hands {@code visitor} every held event of {@code t} at or after the cursor, oldest first. */
    void replay(Cursor c, EventType t, Visitor visitor) {
        int cachedPart = Integer.MIN_VALUE;
        long cachedNext = 0;
        for (int n = 0; n < size; n++) {
            int at = (head + n) & mask;
            if (type[at] != t) {
                continue;
            }
            if (partition[at] != cachedPart) {
                cachedPart = partition[at];
                cachedNext = c.next(cachedPart);
            }
            if (cachedNext >= 0 && position[at] >= cachedNext) {
                visitor.event(t, key[at], body[at]);
            }
        }
    }

    /** The venue of a held event's key. */
    static String venueOf(Object key) {
        return key instanceof Instrument i ? i.venue() : (String) key;
    }

    private int index(int p) {
        if (lastIndex >= 0 && parts[lastIndex] == p) {
            return lastIndex;
        }
        for (int i = 0; i < partCount; i++) {
            if (parts[i] == p) {
                lastIndex = i;
                return i;
            }
        }
        return -1;
    }

    private int add(int p) {
        if (partCount == parts.length) {
            parts = Arrays.copyOf(parts, partCount * 2);
            last = Arrays.copyOf(last, partCount * 2);
            floor = Arrays.copyOf(floor, partCount * 2);
        }
        parts[partCount] = p;
        lastIndex = partCount;
        return partCount++;
    }
}
