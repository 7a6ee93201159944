package io.dpp.store;

import java.util.List;

/** What a store implementation provides: statements, queries and table sinks. */
interface StoreBackend extends AutoCloseable {

    /** Where the data lives, for logs and errors. */
    String describe();

    void execute(String sql);

    long query(String sql, List<QueryArg> args, RowHandler handler);

    /**
     * As {@link #query}, for a statement whose text is a constant of the code (never built from
     * what a user sends): the implementation may keep it compiled between calls.
     */
    default long queryPrepared(String sql, List<QueryArg> args, RowHandler handler) {
        return query(sql, args, handler);
    }

    TableSink sink(String table);

    @Override
    void close();
}
