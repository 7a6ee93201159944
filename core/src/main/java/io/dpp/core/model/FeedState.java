package io.dpp.core.model;

/**
 * States a feed reports through {@link FeedStatus}, so that every consumer can tell a quiet
 * market from missing data.
 */
public enum FeedState {
    /** The connection is up and subscribed. */
    CONNECTED,
    /** The connection is down; nothing arrives until it is back. */
    DISCONNECTED,
    /** The connection is up but the instrument has been silent longer than expected. */
    STALE,
    /** A sequence gap, failed checksum or crossed book: the book is not served until resynced. */
    GAP_DETECTED,
    /** The book was rebuilt from a fresh snapshot and is served again. */
    RESYNCED
}
