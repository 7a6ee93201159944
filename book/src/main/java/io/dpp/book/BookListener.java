package io.dpp.book;

/**
 * Told after a change has been applied to a {@link ListenedBook}: the hook for what reacts to a
 * book rather than polls it (paper fills against the top of book, a derived quote stream).
 */
@FunctionalInterface
public interface BookListener {

    /**
     * @param book the book, as it is after the change
     * @param top  true when the best bid or best ask changed (price or size), or a side emptied
     */
    void changed(L2Book book, boolean top);
}
