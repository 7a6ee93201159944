package io.dpp.streams.feed;

/**
 * Counters of one venue feed: what was received, published and detected. Single-writer (the
 * feed's thread); readers on other threads see values that may lag slightly.
 */
public final class FeedStats {

    volatile long messages;
    volatile long trades;
    volatile long bookChanges;
    volatile long snapshots;
    volatile long quotes;
    volatile long candles;
    volatile long tickers;
    volatile long liquidations;
    volatile long statuses;
    volatile long checksumsVerified;
    volatile long checksumFailures;
    volatile long sequenceGaps;
    volatile long crossedBooks;
    volatile long resyncs;
    volatile long decodeErrors;

    public long messages() {
        return messages;
    }

    public long trades() {
        return trades;
    }

    /** Book changes published, snapshots included. */
    public long bookChanges() {
        return bookChanges;
    }

    /** Snapshots published (a book (re)built from a full picture). */
    public long snapshots() {
        return snapshots;
    }

    public long quotes() {
        return quotes;
    }

    public long candles() {
        return candles;
    }

    public long tickers() {
        return tickers;
    }

    public long liquidations() {
        return liquidations;
    }

    public long statuses() {
        return statuses;
    }

    public long checksumsVerified() {
        return checksumsVerified;
    }

    public long checksumFailures() {
        return checksumFailures;
    }

    public long sequenceGaps() {
        return sequenceGaps;
    }

    public long crossedBooks() {
        return crossedBooks;
    }

    /** Books brought back in sync after a break (the first sync of a book is not a resync). */
    public long resyncs() {
        return resyncs;
    }

    public long decodeErrors() {
        return decodeErrors;
    }

    /** Events published of every type (trades, book changes, quotes, candles, tickers, liquidations, statuses). */
    public long events() {
        return trades + bookChanges + quotes + candles + tickers + liquidations + statuses;
    }

    /** Adds another feed's counters to these (for totals over connections). */
    public void add(FeedStats o) {
        messages += o.messages;
        trades += o.trades;
        bookChanges += o.bookChanges;
        snapshots += o.snapshots;
        quotes += o.quotes;
        candles += o.candles;
        tickers += o.tickers;
        liquidations += o.liquidations;
        statuses += o.statuses;
        checksumsVerified += o.checksumsVerified;
        checksumFailures += o.checksumFailures;
        sequenceGaps += o.sequenceGaps;
        crossedBooks += o.crossedBooks;
        resyncs += o.resyncs;
        decodeErrors += o.decodeErrors;
    }

    /** Counts input that could not be read before it reached a decoder (a malformed capture line). */
    public void countDecodeErrors(long n) {
        decodeErrors += n;
    }

    /** True when nothing went wrong: no checksum failure, gap, crossed book or decode error. */
    public boolean clean() {
        return checksumFailures == 0 && sequenceGaps == 0 && crossedBooks == 0 && decodeErrors == 0;
    }

    /** The summary line of {@code dpp replay}. */
    public String summaryJson(String venue) {
        return "{\"venue\":\"" + venue + "\",\"messages\":" + messages + ",\"trades\":" + trades
                + ",\"book_changes\":" + bookChanges + ",\"snapshots\":" + snapshots
                + ",\"checksums_verified\":" + checksumsVerified + ",\"checksum_failures\":" + checksumFailures
                + ",\"sequence_gaps\":" + sequenceGaps + ",\"crossed_books\":" + crossedBooks
                + ",\"resyncs\":" + resyncs + ",\"decode_errors\":" + decodeErrors + "}";
    }
}
