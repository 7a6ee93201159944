package io.dpp.streams.venue.okx;

import io.dpp.core.decimal.DecimalPrinter;
import io.dpp.book.ChecksumText;
import io.dpp.book.LevelText;
import io.dpp.book.SortedBook;

/**
 * OKX's order-book checksum (v5 books channels): CRC32, as a signed 32-bit integer, of
 * "bid1Px:bid1Sz:ask1Px:ask1Sz:bid2Px:..." over the best 25 levels of each side, prices and sizes
 * as received; when one side has fewer levels the other side's continue alone.
 */
public final class OkxChecksum {

    private static final int LEVELS = 25;

    private final ChecksumText text = new ChecksumText();

    public int compute(SortedBook book) {
        if (book.hasCachedChecksum()) {
            return (int) book.cachedChecksum(); // the top 25 has not changed since it was computed
        }
        text.clear();
        int bids = Math.min(LEVELS, book.depth(true));
        int asks = Math.min(LEVELS, book.depth(false));
        boolean first = true;
        for (int i = 0; i < Math.max(bids, asks); i++) {
            if (i < bids) {
                first = separator(first);
                book.appendLevelText(true, i, LEVEL_TEXT, text);
            }
            if (i < asks) {
                first = separator(first);
                book.appendLevelText(false, i, LEVEL_TEXT, text);
            }
        }
        int crc = (int) text.crc32();
        book.cacheChecksum(crc);
        return crc;
    }

    /** One level: "price:size" as received. */
    private static final LevelText LEVEL_TEXT = (price, size, dst, offset) -> {
        int n = DecimalPrinter.print(price, dst, offset);
        dst[offset + n] = ':';
        return n + 1 + DecimalPrinter.print(size, dst, offset + n + 1);
    };

    private boolean separator(boolean first) {
        if (!first) {
            text.append(':');
        }
        return false;
    }
}
