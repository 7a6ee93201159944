package io.dpp.store;

/**
 * Rows into one table, used from one thread: {@link #newRow}, the values, {@link #append}; rows
 * become durable at {@link #commit}. Columns are addressed by handles from {@link #column}.
 */
public interface TableSink extends AutoCloseable {

    /** The handle of a column. */
    int column(String name);

    /** Starts a row with its designated timestamp (epoch microseconds). */
    void newRow(long micros);

    void putSym(int column, CharSequence value);

    void putTimestamp(int column, long micros);

    void putVarchar(int column, CharSequence value);

    void putInt(int column, int value);

    void putLong(int column, long value);

    void putBool(int column, boolean value);

    /** A {@link io.dpp.core.decimal.Decimal64}; NULL and INVALID leave the column null. */
    void putDecimal(int column, long decimal);

    /** Ends the row. */
    void append();

    /** Makes every appended row durable. */
    void commit();

    @Override
    void close();
}
