package io.dpp.store;

/** Receives query rows one at a time; returns false to stop early (the client went away). */
@FunctionalInterface
public interface RowHandler {

    boolean row(StoreRow row) throws Exception;
}
