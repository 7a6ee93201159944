package io.dpp.book;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.model.BookChange;
import java.util.Objects;

/**
 * A book that tells a {@link BookListener} after each {@link #apply} or {@link #set}, and whether
 * the top of the book changed. Wraps any representation, so books nobody listens to pay nothing.
 */
public final class ListenedBook implements L2Book {

    private final L2Book book;
    private final BookListener listener;
    private long bidPrice = Decimal64.NULL;
    private long bidSize = Decimal64.NULL;
    private long askPrice = Decimal64.NULL;
    private long askSize = Decimal64.NULL;

    public ListenedBook(L2Book book, BookListener listener) {
        this.book = Objects.requireNonNull(book, "book");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The book this one wraps. */
    public L2Book book() {
        return book;
    }

    @Override
    public boolean set(boolean bid, long price, long size) {
        boolean held = book.set(bid, price, size);
        if (held) {
            listener.changed(this, topMoved());
        }
        return held;
    }

    @Override
    public boolean apply(BookChange change) {
        boolean held = book.apply(change);
        listener.changed(this, topMoved());
        return held;
    }

    @Override
    public void clear() {
        book.clear();
        listener.changed(this, topMoved());
    }

    @Override
    public int depth(boolean bid) {
        return book.depth(bid);
    }

    @Override
    public long price(boolean bid, int level) {
        return book.price(bid, level);
    }

    @Override
    public long size(boolean bid, int level) {
        return book.size(bid, level);
    }

    @Override
    public boolean crossed() {
        return book.crossed();
    }

    /** Compares the top with the one seen last, and remembers it. */
    private boolean topMoved() {
        long bp = book.depth(true) == 0 ? Decimal64.NULL : book.price(true, 0);
        long bs = book.depth(true) == 0 ? Decimal64.NULL : book.size(true, 0);
        long ap = book.depth(false) == 0 ? Decimal64.NULL : book.price(false, 0);
        long as = book.depth(false) == 0 ? Decimal64.NULL : book.size(false, 0);
        boolean moved = !same(bp, bidPrice) || !same(bs, bidSize) || !same(ap, askPrice) || !same(as, askSize);
        bidPrice = bp;
        bidSize = bs;
        askPrice = ap;
        askSize = as;
        return moved;
    }

    private static boolean same(long a, long b) {
        return a == b || Decimal64.isNumber(a) && Decimal64.isNumber(b) && Decimal64.equalValue(a, b);
    }
}
