package io.dpp.streams.feed;

import io.dpp.core.instrument.Instrument;
import io.dpp.book.SortedBook;

/**
 * The book of one instrument on one feed and its synchronisation state. Venue decoders keep one
 * per instrument and hand it to {@link FeedOutput} to apply, check and publish changes.
 */
public final class InstrumentBook {

    /** No sequence number seen yet. */
    public static final long NO_SEQUENCE = Long.MIN_VALUE;

    private final Instrument instrument;
    private final SortedBook book = new SortedBook();
    BookState state = BookState.AWAITING_SNAPSHOT;
    boolean everSynced;
    long staleSince = Long.MIN_VALUE;
    boolean firstChangePending;
    long lastChange = Long.MIN_VALUE;
    boolean quiet;
    private long lastSequence = NO_SEQUENCE;
    private int maxDepth;

    public InstrumentBook(Instrument instrument) {
        this.instrument = instrument;
    }

    public Instrument instrument() {
        return instrument;
    }

    public SortedBook book() {
        return book;
    }

    public BookState state() {
        return state;
    }

    /** True when the book is served. */
    public boolean inSync() {
        return state == BookState.IN_SYNC;
    }

    /** When the book went stale (receive time, epoch micros), or Long.MIN_VALUE. */
    public long staleSince() {
        return staleSince;
    }

    /** Receive time of the last snapshot or change published (epoch micros), or Long.MIN_VALUE. */
    public long lastChange() {
        return lastChange;
    }

    /** True while the book is in sync but has been reported quiet (no change for a while). */
    public boolean quiet() {
        return quiet;
    }

    /** The venue's last applied sequence number (update id, change id, seq), or {@link #NO_SEQUENCE}. */
    public long lastSequence() {
        return lastSequence;
    }

    public void lastSequence(long sequence) {
        this.lastSequence = sequence;
    }

    /**
     * True between a snapshot and the first change applied after it: venues check that first
     * change against the snapshot's sequence differently from the ones that follow (Binance's
     * bridging rule, Deribit's change_id).
     */
    public boolean firstChangePending() {
        return firstChangePending;
    }

    /** Depth the venue maintains (levels beyond it are dropped after each change); 0 for unlimited. */
    public int maxDepth() {
        return maxDepth;
    }

    public void maxDepth(int depth) {
        this.maxDepth = depth;
    }
}
