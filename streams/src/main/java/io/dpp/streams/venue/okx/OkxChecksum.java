package io.dpp.streams.venue.okx;

import io.dpp.streams.book.ChecksumText;
import io.dpp.streams.book.OrderBook;

/**
 * OKX's order-book checksum (v5 books channels): CRC32, as a signed 32-bit integer, of
 * "bid1Px:bid1Sz:ask1Px:ask1Sz:bid2Px:..." over the best 25 levels of each side, prices and sizes
 * as received; when one side has fewer levels the other side's continue alone.
 */
final class OkxChecksum {

    private static final int LEVELS = 25;

    private final ChecksumText text = new ChecksumText();

    int compute(OrderBook book) {
        text.clear();
        int bids = Math.min(LEVELS, book.depth(true));
        int asks = Math.min(LEVELS, book.depth(false));
        boolean first = true;
        for (int i = 0; i < Math.max(bids, asks); i++) {
            if (i < bids) {
                first = separator(first);
                text.appendDecimal(book.price(true, i)).append(':').appendDecimal(book.size(true, i));
            }
            if (i < asks) {
                first = separator(first);
                text.appendDecimal(book.price(false, i)).append(':').appendDecimal(book.size(false, i));
            }
        }
        return (int) text.crc32();
    }

    private boolean separator(boolean first) {
        if (!first) {
            text.append(':');
        }
        return false;
    }
}
