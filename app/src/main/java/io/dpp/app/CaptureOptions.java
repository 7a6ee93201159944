package io.dpp.app;

import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.replay.CaptureDirectory;
import io.dpp.streams.replay.CaptureSet;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.dpp.streams.venue.Venues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options naming a capture and the files that go with it, shared by replay and bench feed. */
final class CaptureOptions {

    @Option(names = "--venue", paramLabel = "ID",
            description = "Venue id (binance, okx, kraken, coinbase, ...: docs/venues.md lists them; an unknown id is answered with the list).")
    String venue;

    @Option(names = "--capture", paramLabel = "FILE",
            description = "WebSocket capture in the fixture line format (e.g. KRAKEN.ws.50.0).")
    Path capture;

    @Option(names = "--rest", paramLabel = "FILE",
            description = "REST snapshot capture; repeatable. Default: the <PREFIX>.http.* files beside the capture.")
    List<Path> rest = new ArrayList<>();

    @Option(names = "--instruments", paramLabel = "FILE",
            description = "Instrument listing capture. Default: <PREFIX>.0 beside the capture.")
    Path instruments;

    /**
     * Everything loaded and checked, ready to replay.
     *
     * @param demo true when the captures are a recording of the synthetic market
     */
    record Loaded(Venue venue, InstrumentCatalog catalog, Capture ws, List<Capture> rest, boolean demo) {
    }

    /** The venue id given, or a usage error naming the option. */
    String requireVenue() {
        if (venue == null || venue.isBlank()) {
            throw new IllegalArgumentException("--venue ID is required");
        }
        return venue;
    }

    /** The options of one venue's captures found in a folder ({@code dpp replay --dir}). */
    static CaptureOptions of(CaptureDirectory.VenueCaptures v) {
        CaptureOptions o = new CaptureOptions();
        o.venue = v.venue().id();
        o.capture = v.mainCapture();
        o.instruments = v.listing();
        o.rest = new ArrayList<>(v.rest());
        return o;
    }

    /**
     * Loads the venue, listing and captures.
     *
     * @throws IllegalArgumentException with a message for the user when something is missing
     */
    Loaded load() throws IOException {
        Venue v = Venues.get(requireVenue());
        if (capture == null) {
            throw new IllegalArgumentException("--capture FILE is required");
        }
        if (!Files.isRegularFile(capture)) {
            throw new IllegalArgumentException("--capture " + capture + ": no such file");
        }
        CaptureSet set = CaptureSet.locate(capture, instruments, rest);
        if (set.listing() == null) {
            throw new IllegalArgumentException("no instrument listing found beside " + capture
                    + " (expected <PREFIX>.0); pass --instruments FILE");
        }
        Capture ws = CaptureReader.read(set.capture());
        String recordedFrom = ws.connectUrl();
        String owner = recordedFrom == null ? null : Venues.ofUrl(recordedFrom).orElse(null);
        if (owner != null && !owner.equals(v.id())) {
            throw new IllegalArgumentException("--capture " + capture + " was recorded from " + owner + " (" + recordedFrom
                    + "), not " + v.id() + ": pass --venue " + owner);
        }
        InstrumentCatalog catalog = v.parseListing(CaptureReader.read(set.listing()));
        List<Capture> restCaptures = new ArrayList<>();
        for (Path p : set.rest()) {
            restCaptures.add(CaptureReader.read(p));
        }
        return new Loaded(v, catalog, ws, restCaptures, set.demo());
    }
}
