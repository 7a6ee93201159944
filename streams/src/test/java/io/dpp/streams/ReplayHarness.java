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
     * Every event but feed statuses that replaying {@code capture} (any file; no REST
     * snapshots) with the fixture listing {@code listing} publishes, as text; asserts no decode error.
     */
    public static List<String> events(String venueId, Path capture, String listing) throws IOException {
        Venue venue = Venues.get(venueId);
        InstrumentCatalog catalog = venue.parseListing(CaptureReader.read(Fixtures.file(listing)));
        List<String> events = new ArrayList<>();
        CaptureReplay.Result r = new CaptureReplay(venue, catalog).run(CaptureReader.read(capture), List.of(),
                MarketEventListener.forEvery(e -> {
                    if (!(e instanceof io.dpp.core.model.FeedStatus)) {
                        events.add(e.toString());
                    }
                }));
        if (r.stats().decodeErrors() != 0) {
            throw new AssertionError(r.stats().decodeErrors() + " decode errors replaying " + capture);
        }
        return events;
    }

    /**
     * Rewrites every message of a fixture capture that matches {@code regex} (members in another
     * order, say) and checks that the rewritten capture gives the same events as the original, and
     * that more than {@code atLeast} messages were rewritten. For decoders that read members where
     * they stand in the venue's order and after the pass in any other.
     */
    public static void assertSameEventsWhenRewritten(String venueId, String capture, String listing, Path dir, String regex,
            String replacement, int atLeast) throws IOException {
        Path original = Fixtures.file(capture);
        List<String> lines = java.nio.file.Files.readAllLines(original);
        List<String> rewritten = lines.stream().map(l -> l.replaceFirst(regex, replacement)).toList();
        long changed = java.util.stream.IntStream.range(0, lines.size()).filter(i -> !lines.get(i).equals(rewritten.get(i))).count();
        if (changed <= atLeast) {
            throw new AssertionError(changed + " messages rewritten by " + regex + ", expected more than " + atLeast);
        }
        Path other = dir.resolve(original.getFileName());
        java.nio.file.Files.write(other, rewritten);
        List<String> expected = events(venueId, original, listing);
        List<String> actual = events(venueId, other, listing);
        if (expected.isEmpty() || !expected.equals(actual)) {
            throw new AssertionError("rewritten by " + regex + ": " + actual.size() + " events against " + expected.size()
                    + (expected.isEmpty() ? "" : "; first difference at " + firstDifference(expected, actual)));
        }
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return i + ": " + shortened(a.get(i)) + " <> " + shortened(b.get(i));
            }
        }
        return String.valueOf(Math.min(a.size(), b.size()));
    }

    private static String shortened(String event) {
        return event.length() <= 200 ? event : event.substring(0, 200) + "...";
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
