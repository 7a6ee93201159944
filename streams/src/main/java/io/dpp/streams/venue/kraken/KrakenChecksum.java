package io.dpp.streams.venue.kraken;

import io.dpp.streams.book.ChecksumText;
import io.dpp.streams.book.OrderBook;

/**
 * Kraken's book checksum (WebSocket v1 and v2): CRC32 over the top 10 asks (low to high) then
 * the top 10 bids (high to low), each level as its price then its volume, both as received with
 * the decimal point and leading zeros removed. The book must keep the received scale of every
 * value, which {@link OrderBook} does, and be truncated to the subscribed depth.
 */
final class KrakenChecksum {

    private static final int LEVELS = 10;

    private final ChecksumText text = new ChecksumText();

    /** The unsigned CRC32 of the book's top levels. */
    long compute(OrderBook book) {
        text.clear();
        append(book, false);
        append(book, true);
        return text.crc32();
    }

    private void append(OrderBook book, boolean bid) {
        int n = Math.min(LEVELS, book.depth(bid));
        for (int i = 0; i < n; i++) {
            text.appendMantissaDigits(book.price(bid, i)).appendMantissaDigits(book.size(bid, i));
        }
    }

    /** The text the last checksum was computed over. */
    String lastText() {
        return text.toString();
    }
}
