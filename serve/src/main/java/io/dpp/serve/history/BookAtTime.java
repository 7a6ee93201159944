package io.dpp.serve.history;

import io.dpp.book.L2Book;
import io.dpp.book.SortedBook;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.StoreRow;
import io.dpp.store.Wide;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An L2 book as it stood at a time, rebuilt from the store: the latest starting point at or before
 * that time (a venue snapshot in {@code book_changes}, or a recorder checkpoint in
 * {@code book_checkpoints}, whichever is later), then the changes received after it up to the
 * time. Checkpoints are at most {@code historical.recorder.checkpoint-interval} apart while the
 * book changes, which bounds the work.
 */
public final class BookAtTime {

    /** The result: receive time of the last change applied, the book, and where it started from. */
    public record Book(long timestamp, L2Book book, String startedFrom) {

        /** One side's levels, best first, price to size (a copy, for tests and small answers). */
        public Map<Long, Long> levels(boolean bid) {
            Map<Long, Long> out = new LinkedHashMap<>();
            for (int i = 0; i < book.depth(bid); i++) {
                out.put(book.price(bid, i), book.size(bid, i));
            }
            return out;
        }
    }

    private BookAtTime() {
    }

    /** The book of {@code venue} {@code symbol} (native) at {@code at}, or null when nothing was recorded before. */
    public static Book at(QuestDbStore store, String venue, String symbol, long at) {
        List<QueryArg> args = List.of(QueryArg.text(venue), QueryArg.text(symbol), QueryArg.timestamp(at));
        // The checkpoints are few (one per interval at most), so the latest is cheap to find; a
        // snapshot can only start later than it, so only the changes after it are searched. Without
        // a checkpoint (a book younger than one interval, or a recorder that lost track of it) the
        // search goes back to the first snapshot.
        long checkpoint = max(store, "SELECT max(ts) FROM " + Schema.BOOK_CHECKPOINTS
                + " WHERE venue = $1 AND symbol = $2 AND ts <= $3", args);
        long snapshot = checkpoint == Long.MIN_VALUE
                ? max(store, "SELECT max(ts) FROM " + Schema.BOOK_CHANGES
                        + " WHERE venue = $1 AND symbol = $2 AND snapshot AND ts <= $3", args)
                : max(store, "SELECT max(ts) FROM " + Schema.BOOK_CHANGES
                        + " WHERE venue = $1 AND symbol = $2 AND snapshot AND ts > $4 AND ts <= $3",
                        List.of(QueryArg.text(venue), QueryArg.text(symbol), QueryArg.timestamp(at), QueryArg.timestamp(checkpoint)));
        if (snapshot == Long.MIN_VALUE && checkpoint == Long.MIN_VALUE) {
            return null;
        }
        SortedBook book = new SortedBook();
        long[] last = {Math.max(snapshot, checkpoint), Long.MIN_VALUE};
        long from;
        String origin;
        if (checkpoint > snapshot) {
            store.queryPrepared("SELECT side, price, amount, scales FROM " + Schema.BOOK_CHECKPOINTS
                            + " WHERE venue = $1 AND symbol = $2 AND ts = $3",
                    List.of(QueryArg.text(venue), QueryArg.text(symbol), QueryArg.timestamp(checkpoint)), row -> {
                        apply(row.text(0), row, 1, 2, 3, book);
                        return true;
                    });
            from = checkpoint + 1;
            origin = "checkpoint";
            last[1] = checkpoint; // a snapshot at a later time still resets the book
        } else {
            from = snapshot;
            origin = "snapshot";
        }
        store.queryPrepared("SELECT ts, snapshot, side, price, amount, scales FROM " + Schema.BOOK_CHANGES
                        + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts <= $4",
                List.of(QueryArg.text(venue), QueryArg.text(symbol), QueryArg.timestamp(from), QueryArg.timestamp(at)),
                row -> {
                    long ts = row.timestamp(0);
                    if (row.bool(1) && ts != last[1]) {
                        // The first row of a snapshot replaces the whole book.
                        book.clear();
                        last[1] = ts;
                    }
                    last[0] = ts;
                    CharSequence side = row.text(2);
                    if (side != null) { // null: an empty snapshot, the book was cleared
                        apply(side, row, 3, 4, 5, book);
                    }
                    return true;
                });
        return new Book(last[0], book, origin);
    }

    private static void apply(CharSequence side, StoreRow row, int priceCol, int amountCol, int scalesCol, SortedBook book) {
        int scales = row.intValue(scalesCol);
        long price = row.decimal(priceCol, Wide.unpackScale(scales, 0));
        long amount = row.decimal(amountCol, Wide.unpackScale(scales, 1));
        book.set(side.charAt(0) == 'b', price, amount); // stored rows were valid levels when recorded
    }

    private static long max(QuestDbStore store, String sql, List<QueryArg> args) {
        long[] v = {Long.MIN_VALUE};
        store.queryPrepared(sql, args, row -> {
            v[0] = row.timestamp(0);
            return false;
        });
        return v[0];
    }
}
