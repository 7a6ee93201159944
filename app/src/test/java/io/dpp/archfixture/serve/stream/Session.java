package io.dpp.archfixture.serve.stream;

import io.dpp.archfixture.store.Table;

/** Fixture: a live stream session reading the store, which the rules forbid. */
public class Session {
    public long backlog(Table table) {
        return table.rows();
    }
}
