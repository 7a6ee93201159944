package io.dpp.sim;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureStreams;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One recorded WebSocket connection being replayed: its timeline (the messages it received, with
 * the venue's REST snapshots at their times), how far the replay has got, and the venue's state at
 * that point, kept by running the replayed messages through DPP's own decoder. The state answers
 * snapshot requests: a client that resubscribes or reconnects gets the book as the venue had it at
 * that moment of the capture.
 *
 * <p>A session serves one client connection at a time; it pauses while no client holds it and
 * resumes where it stopped.
 */
final class SimSession {

    private final Venue venue;
    private final SimVenue sim;
    private final String name;
    private final String path;
    private final List<Subscription> streams;
    private final Set<Subscription> keys;
    private final InstrumentCatalog catalog;
    private final FeedStats stats = new FeedStats();
    private final VenueDecoder decoder;
    private final Capture[] sources;
    private final int[] source;
    private final int[] index;
    private final SimVenue.Kind[] kinds;
    private final Map<Subscription, String> acks = new HashMap<>();
    private final int received;

    private int position;
    private long receivedSoFar;
    private SimConnection attached;
    private boolean everAttached;
    private volatile boolean done;

    SimSession(Venue venue, SimVenue sim, Capture ws, List<Capture> rest, InstrumentCatalog catalog) {
        this.venue = venue;
        this.sim = sim;
        this.name = Path.fileName(ws.name());
        this.path = Path.of(CaptureStreams.url(ws));
        this.streams = CaptureStreams.of(venue.protocol(), ws);
        this.keys = new LinkedHashSet<>(streams);
        this.catalog = catalog;
        this.decoder = venue.newDecoder(catalog, new FeedOutput(venue.id(), stats, new MarketEventListener() {
        }));
        List<Capture> all = new ArrayList<>();
        all.add(ws);
        all.addAll(rest);
        this.sources = all.toArray(Capture[]::new);
        // Merge the WebSocket capture with the REST snapshots by time, REST first on a tie.
        int total = 0;
        for (Capture c : sources) {
            total += c.size();
        }
        int[] src = new int[total];
        int[] idx = new int[total];
        int[] next = new int[sources.length];
        int n = 0;
        while (true) {
            int best = -1;
            long bestTime = Long.MAX_VALUE;
            for (int s = sources.length - 1; s >= 0; s--) {
                Capture c = sources[s];
                while (next[s] < c.size() && s > 0 && c.kind(next[s]) != CaptureKind.REST) {
                    next[s]++;
                }
                if (next[s] < c.size() && (c.time(next[s]) < bestTime || (s > 0 && c.time(next[s]) == bestTime))) {
                    best = s;
                    bestTime = c.time(next[s]);
                }
            }
            if (best < 0) {
                break;
            }
            src[n] = best;
            idx[n] = next[best]++;
            n++;
        }
        this.source = java.util.Arrays.copyOf(src, n);
        this.index = java.util.Arrays.copyOf(idx, n);
        this.kinds = new SimVenue.Kind[n];
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (kind(i) == CaptureKind.RECEIVED) {
                r++;
                String text = text(i);
                kinds[i] = sim.classify(text);
                if (kinds[i] == SimVenue.Kind.ACK) {
                    for (Subscription s : sim.acknowledges(text)) {
                        acks.putIfAbsent(s, text);
                    }
                }
            }
        }
        this.received = r;
    }

    // ---- identity -----------------------------------------------------------------------------

    String venueId() {
        return venue.id();
    }

    Venue venue() {
        return venue;
    }

    SimVenue sim() {
        return sim;
    }

    /** The capture file's name ("KRAKEN.ws.50.0"). */
    String name() {
        return name;
    }

    /** The URL path the capture connected to ("/ws/v5/public", "/" for none). */
    String path() {
        return path;
    }

    /** What a client must subscribe to for this session to start. */
    Set<Subscription> keys() {
        return keys;
    }

    List<Subscription> streams() {
        return streams;
    }

    // ---- timeline -----------------------------------------------------------------------------

    boolean atEnd() {
        return position >= source.length;
    }

    /** Capture time of the next entry (epoch micros). */
    long nextTime() {
        return sources[source[position]].time(index[position]);
    }

    CaptureKind kind(int i) {
        return sources[source[i]].kind(index[i]);
    }

    int position() {
        return position;
    }

    int length() {
        return source.length;
    }

    /** Received messages in the capture. */
    int receivedTotal() {
        return received;
    }

    /** Received messages replayed so far. */
    long receivedSoFar() {
        return receivedSoFar;
    }

    String text(int i) {
        Capture c = sources[source[i]];
        return new String(c.bytes(), c.offset(index[i]), c.length(index[i]), StandardCharsets.UTF_8);
    }

    /**
     * Moves past the next entry, applying it to the venue's state, and returns it as a message to
     * send (a received message), or null when it is not sent (the client's own messages, REST
     * snapshots).
     */
    Step advance() {
        int i = position++;
        Capture c = sources[source[i]];
        int at = index[i];
        switch (c.kind(at)) {
            case CONNECT -> decoder.onConnect(c.url(at), c.time(at));
            case SENT -> decoder.onSent(c.url(at), c.bytes(), c.offset(at), c.length(at), c.time(at));
            case REST -> decoder.onRest(c.url(at), c.bytes(), c.offset(at), c.length(at), c.time(at));
            case RECEIVED -> {
                decoder.onMessage(c.bytes(), c.offset(at), c.length(at), c.time(at));
                receivedSoFar++;
                done = atEnd();
                return new Step(receivedSoFar, text(i), kinds[i]);
            }
        }
        done = atEnd();
        return null;
    }

    /** A received message leaving the timeline: its number in the capture (1-based), text and kind. */
    record Step(long number, String text, SimVenue.Kind kind) {
    }

    /** Acknowledgements and notices received before the current position, for a client that resumes. */
    List<String> preamble() {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < position; i++) {
            if (kind(i) == CaptureKind.RECEIVED && (kinds[i] == SimVenue.Kind.ACK || kinds[i] == SimVenue.Kind.INFO)) {
                String t = text(i);
                if (seen.add(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** The captured acknowledgement of a stream, or null. */
    String ack(Subscription s) {
        return acks.get(s);
    }

    // ---- the venue's state ----------------------------------------------------------------------

    /** The replayed book of an instrument, if it is in sync. */
    InstrumentBook book(String symbol) {
        var instrument = catalog.find(symbol);
        if (instrument == null) {
            return null;
        }
        for (InstrumentBook b : decoder.books()) {
            if (b.instrument() == instrument) {
                return b.inSync() ? b : null;
            }
        }
        return null;
    }

    VenueDecoder decoder() {
        return decoder;
    }

    FeedStats stats() {
        return stats;
    }

    // ---- who holds it -------------------------------------------------------------------------

    SimConnection attached() {
        return attached;
    }

    boolean everAttached() {
        return everAttached;
    }

    void attach(SimConnection c) {
        attached = c;
        everAttached = true;
    }

    void detach() {
        attached = null;
    }

    /** True once every entry has been replayed. */
    boolean done() {
        return done || source.length == 0;
    }

    /** Helpers for names and URL paths. */
    static final class Path {
        private Path() {
        }

        static String fileName(String name) {
            int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
            return slash < 0 ? name : name.substring(slash + 1);
        }

        /** The path of a URL, without query; "/" when empty. */
        static String of(String url) {
            if (url == null) {
                return "/";
            }
            String rest = url.replaceFirst("^[a-zA-Z]+://[^/?]+", "");
            int q = rest.indexOf('?');
            String p = q < 0 ? rest : rest.substring(0, q);
            return p.isEmpty() ? "/" : p;
        }
    }
}
