package io.dpp.streams.replay;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueDecoder;
import java.util.List;

/**
 * Runs a capture through a venue's decoder, books and checks exactly as a live feed would: the
 * WebSocket capture's connections, sent and received messages and the REST snapshots are
 * delivered in the order of their local times, each with its capture time as receive time.
 */
public final class CaptureReplay {

    private final Venue venue;
    private final InstrumentCatalog instruments;

    public CaptureReplay(Venue venue, InstrumentCatalog instruments) {
        this.venue = venue;
        this.instruments = instruments;
    }

    /** The outcome: counters and the decoder, whose books hold the final state. */
    public record Result(FeedStats stats, VenueDecoder decoder) {
    }

    /** Replays {@code ws} with the REST responses of {@code rest}, publishing to {@code listener}. */
    public Result run(Capture ws, List<Capture> rest, MarketEventListener listener) {
        FeedStats stats = new FeedStats();
        VenueDecoder decoder = venue.newDecoder(instruments, new FeedOutput(venue.id(), stats, listener));
        int[] next = new int[rest.size()];
        String pongText = venue.protocol().pong();
        byte[] pong = pongText == null ? null : pongText.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < ws.size(); i++) {
            // A snapshot is asked for on an open connection: a response at the connection's own time follows it.
            deliverRestUpTo(ws.kind(i) == CaptureKind.CONNECT ? ws.time(i) - 1 : ws.time(i), rest, next, decoder);
            if (pong != null && ws.kind(i) == CaptureKind.RECEIVED && ws.length(i) == pong.length
                    && java.util.Arrays.equals(ws.bytes(), ws.offset(i), ws.offset(i) + pong.length, pong, 0, pong.length)) {
                continue; // the venue's text pong (a recording made by DPP keeps it): the live connection consumes it too
            }
            deliver(ws, i, decoder);
        }
        deliverRestUpTo(Long.MAX_VALUE, rest, next, decoder);
        return new Result(stats, decoder);
    }

    // REST responses that arrived before (or at) a WebSocket entry go first (a CONNECT's caller passes a time just before it).
    private static void deliverRestUpTo(long time, List<Capture> rest, int[] next, VenueDecoder decoder) {
        while (true) {
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (int f = 0; f < rest.size(); f++) {
                Capture c = rest.get(f);
                while (next[f] < c.size() && c.kind(next[f]) != CaptureKind.REST) {
                    next[f]++;
                }
                if (next[f] < c.size() && c.time(next[f]) <= time && c.time(next[f]) < bestTime) {
                    best = f;
                    bestTime = c.time(next[f]);
                }
            }
            if (best < 0) {
                return;
            }
            deliver(rest.get(best), next[best]++, decoder);
        }
    }

    /** Hands one capture entry to the decoder. */
    public static void deliver(Capture c, int i, VenueDecoder decoder) {
        switch (c.kind(i)) {
            case CONNECT -> decoder.onConnect(c.url(i), c.time(i));
            case SENT -> decoder.onSent(c.url(i), c.bytes(), c.offset(i), c.length(i), c.time(i));
            case RECEIVED -> decoder.onMessage(c.bytes(), c.offset(i), c.length(i), c.time(i));
            case REST -> decoder.onRest(c.url(i), c.bytes(), c.offset(i), c.length(i), c.time(i));
        }
    }
}
