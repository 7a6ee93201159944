package io.dpp.store;

import java.util.List;

/** What a store implementation provides: statements, queries and table sinks. */
interface StoreBackend extends AutoCloseable {

    /** Where the data lives, for logs and errors. */
    String describe();

    void execute(String sql);

    long query(String sql, List<QueryArg> args, RowHandler handler);

    TableSink sink(String table);

    @Override
    void close();
}
