package io.dpp.store;

import java.math.BigDecimal;

/** One row of a query result, read by column index; valid only during the callback. */
public interface StoreRow {

    /** A timestamp in epoch microseconds, or {@link Long#MIN_VALUE} when null. */
    long timestamp(int column);

    /** A {@code DECIMAL(38,18)} column as {@link io.dpp.core.decimal.Decimal64} at {@code scale}, or NULL. */
    long decimal(int column, int scale);

    /** Any decimal column (aggregates are wider) as a BigDecimal, or null. */
    BigDecimal bigDecimal(int column);

    /** A symbol, varchar or string column, or null. */
    CharSequence text(int column);

    long longValue(int column);

    int intValue(int column);

    boolean bool(int column);
}
