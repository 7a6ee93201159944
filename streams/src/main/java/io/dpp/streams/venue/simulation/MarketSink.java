package io.dpp.streams.venue.simulation;

/**
 * What a synthetic market model produces, venue-neutral: a venue's writer turns each call into that
 * venue's own messages. Prices and sizes are {@link io.dpp.core.decimal.Decimal64} values at the
 * instrument's tick and lot scales; times are epoch microseconds (the venue's clock).
 */
public interface MarketSink {

    /**
     * The book changed: {@code changes} holds every level set in this step, in order (size 0
     * removes the level). For a snapshot it holds the whole book, best levels first per side.
     *
     * @param firstUpdate the model's update id of the first change in this step
     * @param lastUpdate  the update id after this step; the next step starts at {@code lastUpdate + 1}
     */
    default void book(long time, boolean snapshot, long firstUpdate, long lastUpdate, LevelChanges changes) {
    }

    /**
     * A trade at one price level.
     *
     * @param buy true when the taker bought (lifted an ask)
     */
    default void trade(long time, long id, boolean buy, long price, long size) {
    }

    /** The best bid and ask after a step that changed either. */
    default void quote(long time, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
    }

    /** Once a second per instrument: the derivatives' ticker (spot venues' tickers use the same). */
    default void ticker(long time, TickerState ticker) {
    }

    /**
     * A forced close on a derivative: the position of the {@code buy} side's opposite was
     * liquidated, which buys ({@code buy} true) or sells on the book.
     */
    default void liquidation(long time, long id, boolean buy, long price, long size) {
    }
}
