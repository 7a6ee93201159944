package io.dpp.streams.replay;

import io.dpp.core.decimal.Decimal64;
import io.dpp.book.SortedBook;
import io.dpp.streams.feed.InstrumentBook;

/**
 * The {@code --top} line of {@code dpp replay} for one book:
 * {@code {"venue":..,"symbol":..,"bid":["price","size"],"ask":[..],"levels":[bids,asks],"in_sync":true}}
 * with exact decimal strings, native symbol, and null for an empty side.
 */
public final class TopOfBook {

    private TopOfBook() {
    }

    public static String json(String venue, InstrumentBook b) {
        SortedBook book = b.book();
        return "{\"venue\":\"" + venue + "\",\"symbol\":\"" + escape(b.instrument().nativeSymbol()) + "\",\"bid\":"
                + level(book, true) + ",\"ask\":" + level(book, false) + ",\"levels\":[" + book.depth(true) + ","
                + book.depth(false) + "],\"in_sync\":" + b.inSync() + "}";
    }

    private static String level(SortedBook book, boolean bid) {
        if (book.depth(bid) == 0) {
            return "null";
        }
        return "[\"" + Decimal64.toString(book.price(bid, 0)) + "\",\"" + Decimal64.toString(book.size(bid, 0)) + "\"]";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
