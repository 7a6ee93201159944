package io.dpp.book;

import java.util.Arrays;
import org.agrona.collections.Long2LongHashMap;

/**
 * The price of each level id, for venues whose book messages name levels by id and leave the
 * price out of updates and deletes (BitMEX orderBookL2, Bybit's legacy orderBookL2_25). Primitive
 * map, no boxing.
 *
 * <p>Changes are staged while a message is parsed and committed only once the whole message has
 * been read: a message rejected halfway must leave the ids exactly as the book is, or a later
 * delete would find no price and leave a level behind.
 */
public final class LevelIds {

    /** Returned for an id that is not known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final Long2LongHashMap prices = new Long2LongHashMap(UNKNOWN);
    private long[] stagedIds = new long[64];
    private long[] stagedPrices = new long[64];
    private int staged;
    private boolean stagedClear;

    /** Calls {@code action} with each committed id and its price (cold path). */
    public void forEach(java.util.function.BiConsumer<Long, Long> action) {
        prices.forEachLong(action::accept);
    }

    /** Forgets anything staged and not committed (call before parsing a message). */
    public void begin() {
        staged = 0;
        stagedClear = false;
    }

    /** The price of an id as it stands with the staged changes, or {@link #UNKNOWN}. */
    public long price(long id) {
        for (int i = staged - 1; i >= 0; i--) {
            if (stagedIds[i] == id) {
                return stagedPrices[i];
            }
        }
        return stagedClear ? UNKNOWN : prices.get(id);
    }

    /** Stages "id now has this price" (a Decimal64). */
    public void stagePut(long id, long price) {
        stage(id, price);
    }

    /** Stages the removal of an id. */
    public void stageRemove(long id) {
        stage(id, UNKNOWN);
    }

    /** Stages forgetting every id (a snapshot follows). */
    public void stageClear() {
        staged = 0;
        stagedClear = true;
    }

    /** Makes the staged changes real. */
    public void commit() {
        if (stagedClear) {
            prices.clear();
        }
        for (int i = 0; i < staged; i++) {
            if (stagedPrices[i] == UNKNOWN) {
                prices.remove(stagedIds[i]);
            } else {
                prices.put(stagedIds[i], stagedPrices[i]);
            }
        }
        begin();
    }

    private void stage(long id, long price) {
        if (staged == stagedIds.length) {
            stagedIds = Arrays.copyOf(stagedIds, staged * 2);
            stagedPrices = Arrays.copyOf(stagedPrices, staged * 2);
        }
        stagedIds[staged] = id;
        stagedPrices[staged] = price;
        staged++;
    }
}
