package io.dpp.streams.book;

import org.agrona.collections.Long2LongHashMap;

/**
 * The price of each level id, for venues whose book messages name levels by id and leave the
 * price out of updates and deletes (BitMEX orderBookL2, Bybit's legacy orderBookL2_25). Primitive
 * map, no boxing.
 */
public final class LevelIds {

    /** Returned for an id that is not known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final Long2LongHashMap prices = new Long2LongHashMap(UNKNOWN);

    /** Remembers the price of a level id (a Decimal64). */
    public void put(long id, long price) {
        prices.put(id, price);
    }

    /** The price of an id, or {@link #UNKNOWN}. */
    public long price(long id) {
        return prices.get(id);
    }

    /** Forgets an id, returning its price or {@link #UNKNOWN}. */
    public long remove(long id) {
        return prices.remove(id);
    }

    public void clear() {
        prices.clear();
    }
}
