package io.dpp.streams.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpp.book.SortedBook;
import io.dpp.core.decimal.Decimal64;
import io.dpp.streams.feed.InstrumentBook;

/**
 * The {@code --top} line of {@code dpp replay} for one book:
 * {@code {"venue":..,"symbol":..,"bid":["price","size"],"ask":[..],"levels":[bids,asks],"in_sync":true}}
 * with exact decimal strings, native symbol, and null for an empty side. Written by Jackson, so any
 * symbol a venue lists comes out as valid JSON.
 */
public final class TopOfBook {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TopOfBook() {
    }

    public static String json(String venue, InstrumentBook b) {
        SortedBook book = b.book();
        ObjectNode o = JSON.createObjectNode().put("venue", venue).put("symbol", b.instrument().nativeSymbol());
        o.set("bid", level(book, true));
        o.set("ask", level(book, false));
        o.putArray("levels").add(book.depth(true)).add(book.depth(false));
        return o.put("in_sync", b.inSync()).toString();
    }

    private static ArrayNode level(SortedBook book, boolean bid) {
        if (book.depth(bid) == 0) {
            return null;
        }
        return JSON.createArrayNode().add(Decimal64.toString(book.price(bid, 0))).add(Decimal64.toString(book.size(bid, 0)));
    }
}
