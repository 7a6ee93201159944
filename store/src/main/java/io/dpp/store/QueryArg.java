package io.dpp.store;

/** A bind value of a store query ({@code $1}, {@code $2}, ... in the SQL). */
public sealed interface QueryArg {

    /** A symbol or text value. */
    record Text(String value) implements QueryArg {
    }

    /** A timestamp in epoch microseconds. */
    record Timestamp(long micros) implements QueryArg {
    }

    /** A long. */
    record Int64(long value) implements QueryArg {
    }

    static QueryArg text(String value) {
        return new Text(value);
    }

    static QueryArg timestamp(long micros) {
        return new Timestamp(micros);
    }

    static QueryArg int64(long value) {
        return new Int64(value);
    }
}
