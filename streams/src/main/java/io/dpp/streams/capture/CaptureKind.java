package io.dpp.streams.capture;

/** The kinds of line in a capture (the fixture format, see ../shared/fixtures/README.md). */
public enum CaptureKind {
    /** {@code URL <-> t}: a WebSocket connection was opened. */
    CONNECT,
    /** {@code URL <- t: JSON}: the client sent a message (subscriptions). */
    SENT,
    /** {@code t: JSON}: a WebSocket message was received. */
    RECEIVED,
    /** {@code URL -> t: JSON}: a REST response (order-book snapshot, instrument listing). */
    REST
}
