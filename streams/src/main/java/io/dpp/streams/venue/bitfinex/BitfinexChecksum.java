package io.dpp.streams.venue.bitfinex;

import io.dpp.book.ChecksumText;
import io.dpp.book.SortedBook;

/**
 * Bitfinex's book checksum (sent when the connection enables flag 131072): CRC32, signed, of
 * "bid1Price:bid1Amount:ask1Price:ask1Amount:..." over the best 25 levels of each side, asks with
 * negative amounts, numbers formatted as JavaScript does ({@link JsNumberText}).
 */
public final class BitfinexChecksum {

    private static final int LEVELS = 25;

    private final ChecksumText text = new ChecksumText();
    private final JsNumberText numbers = new JsNumberText();

    public int compute(SortedBook book) {
        if (book.hasCachedChecksum()) {
            return (int) book.cachedChecksum(); // the top 25 has not changed since it was computed
        }
        text.clear();
        int bids = Math.min(LEVELS, book.depth(true));
        int asks = Math.min(LEVELS, book.depth(false));
        boolean first = true;
        for (int i = 0; i < LEVELS; i++) {
            if (i < bids) {
                first = separate(first);
                numbers.append(text, book.price(true, i));
                text.append(':');
                numbers.append(text, book.size(true, i));
            }
            if (i < asks) {
                first = separate(first);
                numbers.append(text, book.price(false, i));
                text.append(':').append('-');
                numbers.append(text, book.size(false, i));
            }
        }
        int crc = (int) text.crc32();
        book.cacheChecksum(crc);
        return crc;
    }

    String lastText() {
        return text.toString();
    }

    private boolean separate(boolean first) {
        if (!first) {
            text.append(':');
        }
        return false;
    }
}
