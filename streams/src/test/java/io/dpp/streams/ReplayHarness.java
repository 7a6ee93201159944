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
