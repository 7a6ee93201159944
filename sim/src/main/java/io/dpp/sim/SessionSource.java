package io.dpp.sim;

import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.venue.Subscription;
import java.util.List;

/**
 * What a {@link SimSession} plays: the timeline of one venue connection, recorded (a capture and
 * the REST snapshots taken during it) or generated (the synthetic market). Entries come in time
 * order; a generated timeline may never end.
 */
interface SessionSource {

    /** One entry of the timeline; its payload lies in {@code bytes} at {@code offset}. */
    record Entry(CaptureKind kind, String url, byte[] bytes, int offset, int length, long time) {
    }

    /** A name for logs and /sim/status ("KRAKEN.ws.50.0", "synthetic book-1000 XBT/USD"). */
    String name();

    /** The URL of the connection, or null when unknown (its path is matched with the client's). */
    String url();

    /** The streams a client must subscribe to for the session to start. */
    List<Subscription> streams();

    boolean atEnd();

    /** Time of the next entry (epoch micros); only when not {@link #atEnd()}. */
    long nextTime();

    /** The next entry, moving past it. */
    Entry next();

    /** The venue's acknowledgement of {@code stream}, or null. */
    String ack(Subscription stream);

    /** Messages the venue sends over the whole timeline, or -1 when it never ends. */
    long receivedTotal();

    /**
     * True when the timeline's times are meant as today's: paced at speed 1, each message then
     * leaves when the wall clock reaches its time (a generated market), instead of keeping the
     * recorded gaps from wherever the replay starts.
     */
    default boolean wallClock() {
        return false;
    }
}
