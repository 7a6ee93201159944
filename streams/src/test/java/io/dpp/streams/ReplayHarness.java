package io.dpp.streams;

import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.replay.CaptureSet;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.Venues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Replays a fixture capture with the listing and REST snapshots beside it. */
public final class ReplayHarness {

    private ReplayHarness() {
    }

    /**
     * Every trade, book change, quote and ticker that replaying {@code capture} (any file; no REST
     * snapshots) with the fixture listing {@code listing} publishes, as text; asserts no decode error.
     */
    public static List<String> events(String venueId, Path capture, String listing) throws IOException {
        Venue venue = Venues.get(venueId);
        InstrumentCatalog catalog = venue.parseListing(CaptureReader.read(Fixtures.file(listing)));
        List<String> events = new ArrayList<>();
        CaptureReplay.Result r = new CaptureReplay(venue, catalog).run(CaptureReader.read(capture), List.of(),
                new MarketEventListener() {
                    @Override
                    public void onBookChange(io.dpp.core.model.BookChange c) {
                        events.add(c.toString());
                    }

                    @Override
                    public void onQuote(io.dpp.core.model.Quote q) {
                        events.add(q.toString());
                    }

                    @Override
                    public void onDerivativeTicker(io.dpp.core.model.DerivativeTicker t) {
                        events.add(t.toString());
                    }

                    @Override
                    public void onTrade(io.dpp.core.model.Trade t) {
                        events.add(t.toString());
                    }
                });
        if (r.stats().decodeErrors() != 0) {
            throw new AssertionError(r.stats().decodeErrors() + " decode errors replaying " + capture);
        }
        return events;
    }

    public static CaptureReplay.Result replay(String venueId, String capture, MarketEventListener listener) {
        try {
            Venue venue = Venues.get(venueId);
            CaptureSet set = CaptureSet.locate(Fixtures.file(capture), null, List.of());
            InstrumentCatalog catalog = venue.parseListing(CaptureReader.read(set.listing()));
            List<Capture> rest = new ArrayList<>();
            for (Path p : set.rest()) {
                rest.add(CaptureReader.read(p));
            }
            return new CaptureReplay(venue, catalog).run(CaptureReader.read(set.capture()), rest, listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
