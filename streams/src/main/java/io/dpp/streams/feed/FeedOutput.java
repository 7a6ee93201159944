package io.dpp.streams.feed;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.book.SortedBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a venue decoder's normalized events go. It owns one reusable event of each type (take it,
 * fill it, publish it), counts everything in {@link FeedStats}, and enforces the rules every book
 * shares whatever the venue: a book is rebuilt from a snapshot, changes are applied only while it
 * is in sync, a crossed book, a sequence gap or a checksum failure makes it stale and tells
 * consumers with a {@link FeedStatus}, and no book change is published from a stale book.
 *
 * <p>Decoders parse a whole message into the {@link BookChange} before handing it here, so a
 * malformed message is rejected before it touches a book.
 */
public final class FeedOutput {

    private static final Logger LOG = LoggerFactory.getLogger(FeedOutput.class);
    private static final int LOGGED_DECODE_ERRORS = 5;

    private final String venue;
    private final FeedStats stats;
    private final MarketEventListener listener;
    private final Trade trade = new Trade();
    private final Quote quote = new Quote();
    private final Candle candle = new Candle();
    private final DerivativeTicker ticker = new DerivativeTicker();
    private final Liquidation liquidation = new Liquidation();
    private final FeedStatus status = new FeedStatus();
    private final BookChange change = new BookChange();
    private BookWatcher watcher = BookWatcher.NONE;

    /**
     * Told when a book loses or regains sync, so that a live feed can rebuild it (request a
     * snapshot, resubscribe). Called on the feed's thread from inside decoding: it must only
     * schedule work, never feed the decoder back synchronously.
     */
    public interface BookWatcher {
        BookWatcher NONE = new BookWatcher() {
        };

        /** The book went stale (gap, checksum, crossed, disconnect) and needs a fresh snapshot. */
        default void bookStale(InstrumentBook book) {
        }

        /** The book was (re)built from a snapshot and is served. */
        default void bookSynced(InstrumentBook book) {
        }
    }

    public FeedOutput(String venue, FeedStats stats, MarketEventListener listener) {
        this.venue = venue;
        this.stats = stats;
        this.listener = listener;
    }

    public String venue() {
        return venue;
    }

    /** Sets who is told about books losing and regaining sync. */
    public void watcher(BookWatcher watcher) {
        this.watcher = watcher == null ? BookWatcher.NONE : watcher;
    }

    public FeedStats stats() {
        return stats;
    }

    /** Counts one received message. */
    public void messageReceived() {
        stats.messages++;
    }

    // ---- events without a book ----------------------------------------------------------

    /** The reusable trade, cleared. */
    public Trade trade() {
        return trade.reset();
    }

    public void publish(Trade t) {
        stats.trades++;
        listener.onTrade(t);
    }

    /** The reusable quote, cleared. */
    public Quote quote() {
        return quote.reset();
    }

    public void publish(Quote q) {
        stats.quotes++;
        listener.onQuote(q);
    }

    /** The reusable candle, cleared. */
    public Candle candle() {
        return candle.reset();
    }

    public void publish(Candle c) {
        stats.candles++;
        listener.onCandle(c);
    }

    /** The reusable derivative ticker, cleared. */
    public DerivativeTicker ticker() {
        return ticker.reset();
    }

    public void publish(DerivativeTicker t) {
        stats.tickers++;
        listener.onDerivativeTicker(t);
    }

    /** The reusable liquidation, cleared. */
    public Liquidation liquidation() {
        return liquidation.reset();
    }

    public void publish(Liquidation l) {
        stats.liquidations++;
        listener.onLiquidation(l);
    }

    /** Publishes a venue-wide state change (connected, disconnected). */
    public void venueStatus(FeedState state, long receiveTime, CharSequence reason) {
        status.reset().setVenueWide(venue, state);
        status.times(receiveTime, receiveTime);
        status.reason().set(reason);
        stats.statuses++;
        listener.onFeedStatus(status);
    }

    // ---- books -------------------------------------------------------------------------------

    /** The reusable book change, cleared; fill it completely before {@link #snapshot} or {@link #apply}. */
    public BookChange bookChange() {
        return change.reset();
    }

    /** Replaces the whole book with the levels of {@code c} and, if the result is sound, publishes it. */
    public void snapshot(InstrumentBook b, BookChange c) {
        // A snapshot that finds the book in sync replaces it without a resync (venues that send the
        // whole book each time, Upbit's orderbook and Bitstamp's order_book); one that finds it out
        // of sync is the book coming back.
        boolean wasInSync = b.state == BookState.IN_SYNC;
        SortedBook book = b.book();
        book.clear();
        if (!book.load(c)) {
            book.clear();
            stale(b, c.receiveTime(), "snapshot holds a level that cannot be held exactly");
            return;
        }
        if (b.maxDepth() > 0) {
            book.truncate(b.maxDepth());
        }
        if (book.crossed()) {
            stats.crossedBooks++;
            stale(b, c.receiveTime(), crossedReason(book));
            return;
        }
        b.state = BookState.IN_SYNC;
        b.staleSince = Long.MIN_VALUE;
        b.firstChangePending = true;
        if (b.everSynced && !wasInSync) {
            stats.resyncs++;
            bookStatus(b, FeedState.RESYNCED, c.receiveTime(), "rebuilt from a fresh snapshot");
        }
        b.everSynced = true;
        b.lastChange = c.receiveTime();
        b.quiet = false;
        stats.snapshots++;
        stats.bookChanges++;
        listener.onBookChange(c);
        watcher.bookSynced(b);
    }

    /**
     * Applies the levels of {@code c} to an in-sync book; false, changing nothing, when the book is
     * not in sync. Levels the venue's fixed depth pushes out are appended to {@code c} with size 0,
     * so that a consumer replaying the changes rebuilds the same book. The caller then checks what
     * the venue lets it check (checksum) and calls {@link #publishChange}.
     */
    public boolean apply(InstrumentBook b, BookChange c) {
        if (b.state != BookState.IN_SYNC) {
            return false;
        }
        SortedBook book = b.book();
        if (!setLevels(book, c)) {
            stale(b, c.receiveTime(), "change holds a level that cannot be held exactly");
            return false;
        }
        int max = b.maxDepth();
        if (max > 0) {
            dropBeyond(book, c, true, max);
            dropBeyond(book, c, false, max);
        }
        b.firstChangePending = false;
        return true;
    }

    /** Publishes an applied change unless the book is now crossed, in which case it goes stale. */
    public void publishChange(InstrumentBook b, BookChange c) {
        if (b.state != BookState.IN_SYNC) {
            return;
        }
        if (b.book().crossed()) {
            stats.crossedBooks++;
            stale(b, c.receiveTime(), crossedReason(b.book()));
            return;
        }
        b.lastChange = c.receiveTime();
        if (b.quiet) {
            b.quiet = false;
            bookStatus(b, FeedState.CONNECTED, c.receiveTime(), "updates again");
        }
        stats.bookChanges++;
        listener.onBookChange(c);
    }

    /**
     * A book in sync has had no change for longer than expected while its connection is alive:
     * consumers are told (once) that the market is quiet, not that data is missing. The next change
     * reports it as flowing again.
     */
    public void quiet(InstrumentBook b, long receiveTime, String reason) {
        if (b.state != BookState.IN_SYNC || b.quiet) {
            return;
        }
        b.quiet = true;
        bookStatus(b, FeedState.STALE, receiveTime, reason);
    }

    /**
     * The connection carrying these books was lost: each book not already stale goes stale with a
     * DISCONNECTED status, and the venue-wide status says why. Rebuilding them is left to the
     * reconnect, so the watcher is not told.
     */
    public void connectionLost(Iterable<InstrumentBook> books, long receiveTime, String reason) {
        for (InstrumentBook b : books) {
            if (b.state == BookState.STALE) {
                continue;
            }
            b.state = BookState.STALE;
            b.staleSince = receiveTime;
            b.quiet = false;
            bookStatus(b, FeedState.DISCONNECTED, receiveTime, reason);
        }
        venueStatus(FeedState.DISCONNECTED, receiveTime, reason);
    }

    /** Counts a checksum that matched. */
    public void checksumVerified() {
        stats.checksumsVerified++;
    }

    /** The book disagrees with the venue's checksum: it goes stale. */
    public void checksumFailed(InstrumentBook b, long receiveTime, long venueChecksum, long bookChecksum) {
        stats.checksumFailures++;
        stale(b, receiveTime, "checksum mismatch: venue sent " + venueChecksum + ", book gives " + bookChecksum);
    }

    /** A change does not follow the last one applied: the book goes stale. */
    public void sequenceGap(InstrumentBook b, long receiveTime, long expected, long received) {
        stats.sequenceGaps++;
        stale(b, receiveTime, "sequence gap: expected " + expected + ", got " + received);
    }

    /**
     * A connection-wide sequence (Bitfinex SEQ_ALL) skipped: one gap is counted and reported for the
     * venue; the decoder then marks every book of the connection stale with {@link #stale}.
     */
    public void connectionGap(long receiveTime, long expected, long received) {
        stats.sequenceGaps++;
        venueStatus(FeedState.GAP_DETECTED, receiveTime, "sequence gap on the connection: expected " + expected
                + ", got " + received);
    }

    /** Marks a book stale and tells consumers why. Repeated calls while stale are ignored. */
    public void stale(InstrumentBook b, long receiveTime, String reason) {
        if (b.state == BookState.STALE) {
            return;
        }
        b.state = BookState.STALE;
        b.staleSince = receiveTime;
        b.quiet = false;
        bookStatus(b, FeedState.GAP_DETECTED, receiveTime, reason);
        watcher.bookStale(b);
    }

    private void bookStatus(InstrumentBook b, FeedState state, long receiveTime, String reason) {
        status.reset().set(b.instrument(), state);
        status.times(receiveTime, receiveTime);
        status.reason().set(reason);
        stats.statuses++;
        listener.onFeedStatus(status);
    }

    private static boolean setLevels(SortedBook book, BookChange c) {
        for (int i = 0; i < c.levelCount(); i++) {
            if (!book.set(c.isBid(i), c.price(i), c.size(i))) {
                return false;
            }
        }
        return true;
    }

    private static void dropBeyond(SortedBook book, BookChange c, boolean bid, int max) {
        while (book.depth(bid) > max) {
            long price = book.price(bid, book.depth(bid) - 1);
            c.addLevel(bid ? BookSide.BID : BookSide.ASK, price, Decimal64.ZERO);
            book.set(bid, price, Decimal64.ZERO);
        }
    }

    private static String crossedReason(SortedBook book) {
        return "crossed book: best bid " + Decimal64.toString(book.bestBid()) + " >= best ask "
                + Decimal64.toString(book.bestAsk());
    }

    // ---- errors ------------------------------------------------------------------------------

    /**
     * Counts a message that could not be decoded, logging the first few with a sample so that a
     * format change is visible without flooding the log.
     */
    public void decodeError(byte[] buf, int offset, int length, String reason) {
        long n = ++stats.decodeErrors;
        if (n <= LOGGED_DECODE_ERRORS) {
            int shown = Math.min(length, 300);
            LOG.warn("{}: cannot decode message ({}): {}{}{}", venue, reason,
                    new String(buf, offset, Math.max(0, shown), java.nio.charset.StandardCharsets.ISO_8859_1),
                    shown < length ? "..." : "",
                    n == LOGGED_DECODE_ERRORS ? " (further decode errors are counted, not logged)" : "");
        }
    }
}
