package io.dpp.sim;

import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.replay.CaptureStreams;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.VenueProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded connection as a {@link SessionSource}: the WebSocket capture merged by time with the
 * REST snapshots taken during it (REST first on a tie), so the venue's state is rebuilt as the
 * client saw it.
 */
final class CaptureSource implements SessionSource {

    private final String name;
    private final String url;
    private final List<Subscription> streams;
    private final Capture[] sources;
    private final int[] source;
    private final int[] index;
    private final Map<Subscription, String> acks = new HashMap<>();
    private final int received;
    private int position;

    CaptureSource(String venueId, VenueProtocol protocol, SimVenue sim, Capture ws, List<Capture> rest, InstrumentCatalog catalog) {
        this.name = SimSession.Path.fileName(ws.name());
        this.url = CaptureStreams.url(ws);
        this.streams = recordedStreams(venueId, protocol, sim, ws, rest, catalog);
        List<Capture> all = new ArrayList<>();
        all.add(ws);
        all.addAll(rest);
        this.sources = all.toArray(Capture[]::new);
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
        this.source = Arrays.copyOf(src, n);
        this.index = Arrays.copyOf(idx, n);
        int r = 0;
        for (int i = 0; i < n; i++) {
            Capture c = sources[source[i]];
            if (c.kind(index[i]) == CaptureKind.RECEIVED) {
                r++;
                String text = new String(c.bytes(), c.offset(index[i]), c.length(index[i]), StandardCharsets.UTF_8);
                if (sim.classify(text) == SimVenue.Kind.ACK) {
                    for (Subscription s : sim.acknowledges(text)) {
                        acks.putIfAbsent(s, text);
                    }
                }
            }
        }
        this.received = r;
    }

    /**
     * The streams the recorded connection subscribed to. A book channel that serves several
     * instruments without naming them (Independent Reserve's {@code orderbook-eth}, every ETH pair)
     * stands, on a venue whose books start from REST snapshots, for the instruments whose snapshots
     * the recording fetched: those are the books it kept, and the only ones a replay can start.
     */
    private static List<Subscription> recordedStreams(String venueId, VenueProtocol protocol, SimVenue sim, Capture ws, List<Capture> rest,
            InstrumentCatalog catalog) {
        List<Subscription> streams = CaptureStreams.of(protocol, ws, catalog);
        if (protocol.recovery() != VenueProtocol.Recovery.REST_SNAPSHOT) {
            return streams;
        }
        java.util.Set<Subscription> named = new java.util.HashSet<>(CaptureStreams.of(protocol, ws, null));
        java.util.Set<String> snapshotted = new java.util.HashSet<>();
        for (Capture c : rest) {
            for (int i = 0; i < c.size(); i++) {
                if (c.kind(i) != CaptureKind.REST) {
                    continue;
                }
                String symbol = sim.recordedSnapshotSymbol(venueId, c.url(i));
                if (symbol != null) {
                    snapshotted.add(symbol);
                }
            }
        }
        List<Subscription> out = new ArrayList<>();
        for (Subscription s : streams) {
            if (named.contains(s) || !protocol.isBookChannel(s.channel()) || snapshotted.contains(s.symbol())) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public List<Subscription> streams() {
        return streams;
    }

    @Override
    public boolean atEnd() {
        return position >= source.length;
    }

    @Override
    public long nextTime() {
        return sources[source[position]].time(index[position]);
    }

    @Override
    public Entry next() {
        int i = position++;
        Capture c = sources[source[i]];
        int at = index[i];
        return new Entry(c.kind(at), c.url(at), c.bytes(), c.offset(at), c.length(at), c.time(at));
    }

    @Override
    public String ack(Subscription stream) {
        return acks.get(stream);
    }

    @Override
    public long receivedTotal() {
        return received;
    }
}
