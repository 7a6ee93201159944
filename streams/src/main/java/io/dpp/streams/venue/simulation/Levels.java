package io.dpp.streams.venue.simulation;

import io.dpp.core.decimal.Decimal64;
import io.dpp.book.SortedBook;

/** Writes a side of a book best first, in the shapes venues use. */
public final class Levels {

    /** One level, appended at the builder's end. */
    @FunctionalInterface
    public interface Writer {
        void write(StringBuilder sb, String price, String size);
    }

    private Levels() {
    }

    /** Appends {@code [level,level,...]} for one side, best level first. */
    public static StringBuilder side(StringBuilder sb, SortedBook book, boolean bid, Writer writer) {
        sb.append('[');
        for (int i = 0; i < book.depth(bid); i++) {
            if (i > 0) {
                sb.append(',');
            }
            writer.write(sb, Decimal64.toString(book.price(bid, i)), Decimal64.toString(book.size(bid, i)));
        }
        return sb.append(']');
    }

    /** {@code ["price","size"]}. */
    public static void pair(StringBuilder sb, String price, String size) {
        sb.append("[\"").append(price).append("\",\"").append(size).append("\"]");
    }

    /** Epoch milliseconds of a receive time in micros (now when unknown). */
    public static long millis(long micros) {
        return micros == Long.MIN_VALUE ? System.currentTimeMillis() : micros / 1000;
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
