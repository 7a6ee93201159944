package io.dpp.sim;

import io.dpp.streams.venue.simulation.SimVenue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.streams.venue.simulation.StreamWriter;
import io.dpp.sim.synthetic.SyntheticMarkets;
import io.dpp.streams.venue.simulation.SyntheticVenue;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.Venues;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each venue's synthetic market, read back by DPP's own listing parser and decoder: every stream
 * decodes without an error, every book stays in sync through its sequence and checksum rules,
 * and trades and quotes come through.
 */
class SyntheticMarketTest {

    static Stream<String> venues() {
        return SyntheticMarkets.all().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("venues")
    void decodersReadTheSyntheticMarketWithoutAGapOrAChecksumFailure(String id) {
        SyntheticVenue synthetic = SyntheticMarkets.get(id);
        Venue venue = Venues.get(id);
        List<Instrument> specs = synthetic.instruments(6);
        List<Capture.RestResponse> responses = new ArrayList<>();
        for (Map.Entry<String, String> e : synthetic.listing(specs).entrySet()) {
            responses.add(new Capture.RestResponse("http://sim" + e.getKey(), 0, e.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        InstrumentCatalog catalog = venue.parseListing(Capture.ofRest("listing", responses));
        assertEquals(specs.size(), catalog.all().size(), "every listed instrument parsed: " + catalog.all());
        FeedStats stats = new FeedStats();
        long[] counts = new long[3];
        FeedOutput out = new FeedOutput(id, stats, new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                counts[0]++;
            }

            @Override
            public void onQuote(Quote q) {
                counts[1]++;
            }

            @Override
            public void onBookChange(BookChange c) {
                counts[2]++;
            }
        });
        VenueDecoder decoder = venue.newDecoder(catalog, out);
        long start = 1_767_225_600_000_000L; // 2026-01-01
        List<SyntheticSource> sources = new ArrayList<>();
        java.util.Set<Subscription> streams = new java.util.HashSet<>();
        for (Instrument spec : specs) {
            Instrument instrument = catalog.find(spec.nativeSymbol());
            for (ChannelKind kind : synthetic.channels(instrument)) {
                String channel = venue.protocol().channel(kind);
                if (channel == null) {
                    continue;
                }
                Subscription stream = new Subscription(channel, instrument.nativeSymbol());
                if (!streams.add(stream)) {
                    continue; // one stream carries two kinds (Gemini's l2: the book and the trades)
                }
                // The market's own instrument drives the model: a listing may not carry the price step (Gemini's does not).
                StreamWriter writer = synthetic.writer(stream, spec);
                assertTrue(writer != null, "a writer for " + stream);
                sources.add(new SyntheticSource(stream, "ws://sim/", io.dpp.sim.synthetic.MarketModel.of(synthetic, spec, 42, 50, start), writer,
                        () -> start + 180_000_000L));
            }
        }
        // One connection's worth: the client's own messages as the feed plans them (Bitfinex's conf
        // flags turn on its sequence numbers and checksums), the venue's messages as the simulator
        // sends them (renumbered per connection where the venue numbers them).
        decoder.onConnect("ws://sim/", start);
        List<Subscription> all = new ArrayList<>();
        sources.forEach(s -> all.addAll(s.streams()));
        for (var plan : venue.protocol().plan("ws://sim", all, catalog)) {
            for (String m : plan.messages()) {
                byte[] b = m.getBytes(StandardCharsets.UTF_8);
                decoder.onSent(plan.url(), b, 0, b.length, start);
            }
        }
        SimVenue sim = io.dpp.streams.venue.Venues.get(id).simulation().replay();
        SimVenue.Numbering numbering = new SimVenue.Numbering();
        int messages = 0;
        while (true) {
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
            if (e.kind() == io.dpp.streams.capture.CaptureKind.REST) {
                decoder.onRest(e.url(), e.bytes(), e.offset(), e.length(), e.time()); // a REST venue's book snapshot
            } else {
                byte[] b = sim.rewrite(new String(e.bytes(), e.offset(), e.length(), StandardCharsets.UTF_8), numbering)
                        .getBytes(StandardCharsets.UTF_8);
                decoder.onMessage(b, 0, b.length, e.time());
                messages++;
            }
        }
        String summary = id + ": " + messages + " messages, " + counts[0] + " trades, " + counts[1] + " quotes, " + counts[2]
                + " book changes, " + stats.checksumsVerified() + " checksums verified";
        System.out.println(summary);
        assertEquals(0, stats.decodeErrors(), summary);
        assertEquals(0, stats.checksumFailures(), summary);
        assertEquals(0, stats.sequenceGaps(), summary);
        assertEquals(0, stats.crossedBooks(), summary);
        assertTrue(counts[0] > 500 && counts[2] > 10_000, summary);
        boolean quoted = synthetic.channels(specs.get(0)).stream()
                .anyMatch(k -> (k == ChannelKind.QUOTES || k == ChannelKind.TICKERS) && venue.protocol().channel(k) != null);
        assertTrue(!quoted || counts[1] > 100, summary);
        int inSync = 0;
        for (InstrumentBook b : decoder.books()) {
            assertTrue(b.inSync(), b.instrument() + " in sync");
            inSync++;
        }
        assertEquals(specs.size(), inSync, summary);
    }
}
