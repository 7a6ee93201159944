package io.dpp.archfixture.store;

/** Fixture: the store, which the live stream must not read. */
public class Table {
    public long rows() {
        return 0;
    }
}
