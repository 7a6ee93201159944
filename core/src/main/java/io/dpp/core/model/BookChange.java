package io.dpp.core.model;

import io.dpp.core.decimal.Decimal64;
import java.util.Arrays;

/**
 * A change to an L2 order book: a set of price levels with their new total size. A size of zero
 * removes the level. With {@link #snapshot()} true the levels replace the whole book.
 *
 * <p>Levels are held in parallel primitive arrays that grow when a larger message arrives and are
 * reused afterwards, so applying a stream of changes allocates nothing once warm.
 * {@link #sequence()} carries the venue's update id where it has one, else
 * {@link #NO_SEQUENCE}.
 */
public final class BookChange extends MarketEvent {

    /** The venue gives no sequence number for this change. */
    public static final long NO_SEQUENCE = Long.MIN_VALUE;

    private boolean snapshot;
    private long sequence = NO_SEQUENCE;
    private int count;
    private boolean[] bid = new boolean[16];
    private long[] price = new long[16];
    private long[] size = new long[16];

    @Override
    public EventType type() {
        return EventType.BOOK_CHANGE;
    }

    @Override
    public void dispatchTo(MarketEventListener listener) {
        listener.onBookChange(this);
    }

    /** True when the levels replace the whole book. */
    public boolean snapshot() {
        return snapshot;
    }

    /** The venue's update id, or {@link #NO_SEQUENCE}. */
    public long sequence() {
        return sequence;
    }

    /** Number of levels. */
    public int levelCount() {
        return count;
    }

    /** Side of level {@code i}. */
    public BookSide side(int i) {
        checkLevel(i);
        return bid[i] ? BookSide.BID : BookSide.ASK;
    }

    /** True when level {@code i} is a bid. */
    public boolean isBid(int i) {
        checkLevel(i);
        return bid[i];
    }

    /** Price of level {@code i} as {@link Decimal64}. */
    public long price(int i) {
        checkLevel(i);
        return price[i];
    }

    /** New total size at level {@code i} as {@link Decimal64}; zero removes the level. */
    public long size(int i) {
        checkLevel(i);
        return size[i];
    }

    /** The index of the first level on a side ({@code bid}: bids), or -1 when the change has none. */
    public int firstLevel(boolean bid) {
        for (int i = 0; i < count; i++) {
            if (this.bid[i] == bid) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the last level on a side ({@code bid}: bids), or -1 when the change has none. */
    public int lastLevel(boolean bid) {
        for (int i = count - 1; i >= 0; i--) {
            if (this.bid[i] == bid) {
                return i;
            }
        }
        return -1;
    }

    /** Starts a new change: clears the levels and sets the snapshot flag and sequence. */
    public BookChange begin(boolean snapshot, long sequence) {
        this.snapshot = snapshot;
        this.sequence = sequence;
        this.count = 0;
        return this;
    }

    /** Sets whether the levels replace the whole book, when that is read after the levels. */
    public BookChange snapshot(boolean snapshot) {
        this.snapshot = snapshot;
        return this;
    }

    /** Sets the venue's sequence number when it is read after the levels. */
    public BookChange sequence(long sequence) {
        this.sequence = sequence;
        return this;
    }

    /** Appends a level. */
    public BookChange addLevel(BookSide side, long levelPrice, long levelSize) {
        if (count == price.length) {
            int capacity = count * 2;
            bid = Arrays.copyOf(bid, capacity);
            price = Arrays.copyOf(price, capacity);
            size = Arrays.copyOf(size, capacity);
        }
        bid[count] = side == BookSide.BID;
        price[count] = levelPrice;
        size[count] = levelSize;
        count++;
        return this;
    }

    /** Makes this a copy of {@code other}. */
    public BookChange copyFrom(BookChange other) {
        copyHeaderFrom(other);
        begin(other.snapshot, other.sequence);
        for (int i = 0; i < other.count; i++) {
            addLevel(other.bid[i] ? BookSide.BID : BookSide.ASK, other.price[i], other.size[i]);
        }
        return this;
    }

    /** Clears every field, keeping the level capacity. */
    public BookChange reset() {
        resetHeader();
        return begin(false, NO_SEQUENCE);
    }

    private void checkLevel(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("level " + i + " of " + count);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = describeHeader("BookChange").append(", snapshot=").append(snapshot)
                .append(", sequence=").append(sequence == NO_SEQUENCE ? "none" : Long.toString(sequence))
                .append(", levels=[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(bid[i] ? "bid " : "ask ").append(Decimal64.toString(price[i]))
                    .append('@').append(Decimal64.toString(size[i]));
        }
        return sb.append("]}").toString();
    }
}
