package io.dpp.streams.feed;

/** Where a book stands with respect to the venue. */
public enum BookState {
    /** No snapshot yet: nothing is served. */
    AWAITING_SNAPSHOT,
    /** Built from a snapshot and every change since checked: served. */
    IN_SYNC,
    /** A gap, checksum failure or crossed book was found: not served until rebuilt. */
    STALE
}
