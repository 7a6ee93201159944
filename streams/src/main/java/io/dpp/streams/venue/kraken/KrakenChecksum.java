package io.dpp.streams.venue.kraken;

import io.dpp.book.ChecksumText;
import io.dpp.book.LevelText;
import io.dpp.book.SortedBook;

/**
 * Kraken's book checksum (WebSocket v1 and v2): CRC32 over the top 10 asks (low to high) then
 * the top 10 bids (high to low), each level as its price then its volume, both as received with
 * the decimal point and leading zeros removed. The book must keep the received scale of every
 * value, which {@link SortedBook} does, and be truncated to the subscribed depth.
 */
public final class KrakenChecksum {

    private static final int LEVELS = 10;

    private final ChecksumText text = new ChecksumText();

    /** The unsigned CRC32 of the book's top levels. */
    public long compute(SortedBook book) {
        if (book.hasCachedChecksum()) {
            return book.cachedChecksum(); // the top 10 has not changed since it was computed
        }
        text.clear();
        book.appendTopText(false, LEVELS, LEVEL_TEXT, text);
        book.appendTopText(true, LEVELS, LEVEL_TEXT, text);
        long crc = text.crc32();
        book.cacheChecksum(crc);
        return crc;
    }

    /** One level: price digits then volume digits, no point, no leading zeros. */
    private static final LevelText LEVEL_TEXT = (price, size, dst, offset) -> {
        int n = ChecksumText.writeMantissaDigits(price, dst, offset);
        return n + ChecksumText.writeMantissaDigits(size, dst, offset + n);
    };

    /** The text the last checksum was computed over. */
    String lastText() {
        return text.toString();
    }
}
