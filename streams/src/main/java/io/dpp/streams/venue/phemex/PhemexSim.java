package io.dpp.streams.venue.phemex;

import io.dpp.book.SortedBook;
import io.dpp.core.decimal.Decimal64;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.simulation.Levels;
import io.dpp.streams.venue.simulation.SimVenue;

/**
 * Phemex: an answer ({@code {"error":null,"id":1,"result":{"status":"success"}}}) acknowledges a
 * subscription without naming it; {@code server.ping} is answered {@code "result":"pong"}; a
 * subscription of a book already streaming is answered with its snapshot from the replayed book,
 * its levels written as the instrument's scaled integers (as decimals on {@code orderbook_p} for a
 * USDT-margined perpetual).
 */
final class PhemexSim implements SimVenue {

    @Override
    public Kind classify(String message) {
        if (message.startsWith("{\"error\"")) {
            return message.contains("\"result\":\"pong\"") ? Kind.HEARTBEAT : Kind.ACK;
        }
        return Kind.DATA;
    }

    @Override
    public String pong(String ping) {
        return "{\"error\":null,\"id\":0,\"result\":\"pong\"}";
    }

    @Override
    public String snapshot(Subscription stream, InstrumentBook book, String ack, VenueDecoder decoder) {
        PhemexVenue.Scales scales = decoder instanceof PhemexDecoder d ? d.scales(book.instrument()) : null;
        boolean real = decoder instanceof PhemexDecoder d && PhemexVenue.realValues(d.catalog(), stream.symbol());
        if (scales == null && !real) {
            return null;
        }
        StringBuilder sb = new StringBuilder(96 + 32 * (book.book().depth(true) + book.book().depth(false)));
        sb.append(real ? "{\"orderbook_p\":{\"asks\":" : "{\"book\":{\"asks\":");
        side(sb, book.book(), false, scales);
        sb.append(",\"bids\":");
        side(sb, book.book(), true, scales);
        long micros = book.lastChange() == Long.MIN_VALUE ? System.currentTimeMillis() * 1000 : book.lastChange();
        sb.append('}');
        if (book.maxDepth() > 0) {
            sb.append(",\"depth\":").append(book.maxDepth()); // the depth the replayed stream kept
        }
        return sb.append(",\"sequence\":").append(book.lastSequence()).append(",\"symbol\":")
                .append(Levels.quote(stream.symbol())).append(",\"timestamp\":").append(micros * 1000).append(",\"type\":\"snapshot\"}")
                .toString();
    }

    /** A side's levels: scaled integers, or decimal strings where there are no scales. */
    private static void side(StringBuilder sb, SortedBook book, boolean bid, PhemexVenue.Scales scales) {
        if (scales == null) {
            Levels.side(sb, book, bid, Levels::pair);
            return;
        }
        sb.append('[');
        for (int i = 0; i < book.depth(bid); i++) {
            sb.append(i == 0 ? "[" : ",[").append(scaled(book.price(bid, i), scales.price())).append(',')
                    .append(scaled(book.size(bid, i), scales.size())).append(']');
        }
        sb.append(']');
    }

    /** A decimal as Phemex's integer of {@code scale} places (exact: the listing's steps fit its scales). */
    static long scaled(long decimal, int scale) {
        long exact = Decimal64.rescale(decimal, scale);
        if (!Decimal64.isNumber(exact)) {
            throw new IllegalStateException(Decimal64.toString(decimal) + " has more than " + scale + " decimals");
        }
        return Decimal64.mantissa(exact);
    }
}
