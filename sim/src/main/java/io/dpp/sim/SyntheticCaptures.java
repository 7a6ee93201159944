package io.dpp.sim;

import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.core.instrument.Instrument;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.sim.synthetic.SyntheticMarkets;
import io.dpp.streams.venue.simulation.SyntheticVenue;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.Venues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stretch of a venue's synthetic market as captures, in memory: what one client connection
 * subscribed to every stream would have recorded (its subscribe messages, then every message
 * received, in time order, as the simulator sends them), the venue's REST book snapshots, and
 * its listing. For benchmarks that loop a capture: as many instruments and messages as asked,
 * where a recording holds a few.
 */
public final class SyntheticCaptures {

    /** The captures, and the listing parsed. */
    public record Result(Venue venue, InstrumentCatalog catalog, Capture ws, List<Capture> rest, long messages) {
    }

    private SyntheticCaptures() {
    }

    /**
     * Generates up to {@code messages} received messages (or ten minutes of market, whichever
     * comes first) of {@code venueId}'s synthetic market.
     *
     * @throws IllegalArgumentException when the venue has no synthetic market
     */
    public static Result generate(String venueId, SyntheticSettings settings, long messages) {
        SyntheticVenue market = SyntheticMarkets.get(venueId);
        if (market == null) {
            throw new IllegalArgumentException("no synthetic market for " + venueId + "; venues: "
                    + String.join(", ", SyntheticMarkets.all().keySet()));
        }
        Venue venue = Venues.get(venueId);
        List<Instrument> listed = market.instruments(settings.instruments());
        List<Capture.RestResponse> responses = new ArrayList<>();
        for (Map.Entry<String, String> e : market.listing(listed).entrySet()) {
            responses.add(new Capture.RestResponse("http://sim" + e.getKey(), settings.start(), e.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        InstrumentCatalog catalog = venue.parseListing(Capture.ofRest(venueId.toUpperCase(Locale.ROOT) + ".0", responses));
        double perInstrument = settings.rate() / listed.size();
        long end = Math.min(settings.end(), settings.start() + 600_000_000L);
        List<Subscription> streams = new ArrayList<>();
        List<SyntheticSource> sources = new ArrayList<>();
        for (Instrument spec : listed) {
            Instrument instrument = catalog.find(spec.nativeSymbol());
            for (ChannelKind kind : market.channels(instrument)) {
                String channel = venue.protocol().channel(kind);
                Subscription s = channel == null ? null : new Subscription(channel, instrument.nativeSymbol());
                if (s == null || streams.contains(s)) {
                    continue; // no such channel, or one stream of two kinds (Gemini's l2: the book and the trades)
                }
                // The market's own instrument drives the model: a listing need not carry the price step (Gemini's does not).
                StreamWriter writer = market.writer(s, spec);
                if (writer != null) {
                    streams.add(s);
                    sources.add(new SyntheticSource(s, "ws://sim/", io.dpp.sim.synthetic.MarketModel.of(market, spec,
                            settings.seed(), perInstrument, settings.start()), writer, () -> end));
                }
            }
        }
        List<ConnectionPlan> plans = venue.protocol().plan(venue.protocol().defaultWsUrl(), streams, catalog);
        String url = plans.get(0).url();
        StringBuilder ws = new StringBuilder();
        ws.append(url).append(" <-> ").append(seconds(settings.start())).append('\n');
        for (ConnectionPlan plan : plans) {
            for (String m : plan.messages()) {
                ws.append(url).append(" <- ").append(seconds(settings.start())).append(": ").append(m).append('\n');
            }
        }
        StringBuilder rest = new StringBuilder();
        SimVenue sim = io.dpp.streams.venue.Venues.get(venueId).simulation().replay();
        SimVenue.Numbering numbering = new SimVenue.Numbering();
        long received = 0;
        while (received < messages) {
            SyntheticSource first = null;
            for (SyntheticSource s : sources) {
                if (!s.atEnd() && (first == null || s.nextTime() < first.nextTime())) {
                    first = s;
                }
            }
            if (first == null) {
                break;
            }
            SessionSource.Entry e = first.next();
            String text = new String(e.bytes(), e.offset(), e.length(), StandardCharsets.UTF_8);
            if (e.kind() == CaptureKind.REST) {
                rest.append(e.url().replaceFirst("^http://sim", venue.protocol().defaultRestUrl())).append(" -> ")
                        .append(seconds(e.time())).append(": ").append(text).append('\n');
            } else {
                ws.append(seconds(e.time())).append(": ").append(sim.rewrite(text, numbering)).append('\n');
                received++;
            }
        }
        String prefix = venueId.toUpperCase(Locale.ROOT).replace('-', '_');
        List<Capture> restCaptures = rest.isEmpty() ? List.of()
                : List.of(CaptureReader.parse(prefix + ".http.0.0", rest.toString().getBytes(StandardCharsets.UTF_8)));
        return new Result(venue, catalog, CaptureReader.parse(prefix + ".ws.0.0", ws.toString().getBytes(StandardCharsets.UTF_8)),
                restCaptures, received);
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }
}
