package io.dpp.app;

import io.dpp.core.json.EventJsonWriter;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureDirectory;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.replay.TopOfBook;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dpp replay}: runs a capture through the venue's parser, normalizer and books exactly as a
 * live feed would, offline.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a venue capture offline through parser, normalizer and books, as a live feed would.",
            "Ends with one summary line; --validate makes any checksum failure, gap, crossed book or decode error "
            + "exit 1. --dir DIR replays the main capture of every venue in a folder (as `dpp captures DIR` lists them), "
            + "a summary line each."})
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    CaptureOptions capture;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Write every normalized event, one JSON object per line.")
    Path out;

    @Option(names = "--top", description = "Print the final top of book of every instrument, one JSON line each.")
    boolean top;

    @Option(names = "--validate", description = "Exit 1 on any checksum failure, sequence gap, crossed book or decode error.")
    boolean validate;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Replay the main capture of every venue in DIR, one after another in this process (instead of --venue and --capture).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        if (dir != null) {
            return replayAll();
        }
        CaptureOptions.Loaded loaded;
        try {
            loaded = capture.load();
        } catch (IllegalArgumentException e) {
            System.err.println("dpp replay: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        try (EventFile events = out == null ? null : new EventFile(out)) {
            return replay(loaded, events) || !validate ? Main.EXIT_OK : Main.EXIT_FAILURE;
        }
    }

    /** Every venue's main capture in {@link #dir}, in the order of the venue registry; one exit status for all. */
    private int replayAll() throws IOException {
        if (capture.venue != null || capture.capture != null) {
            System.err.println("dpp replay: --dir replays every venue's captures; leave out --venue and --capture");
            return Main.EXIT_USAGE;
        }
        if (!Files.isDirectory(dir)) {
            System.err.println("dpp replay: --dir " + dir + ": no such folder");
            return Main.EXIT_USAGE;
        }
        Map<String, CaptureDirectory.VenueCaptures> venues = CaptureDirectory.scan(dir);
        if (venues.isEmpty()) {
            System.err.println("dpp replay: no venue's captures in " + dir);
            return Main.EXIT_USAGE;
        }
        boolean clean = true;
        try (EventFile events = out == null ? null : new EventFile(out)) {
            for (CaptureDirectory.VenueCaptures v : venues.values()) {
                if (v.listing() == null) {
                    System.err.println("dpp replay: " + v.venue().id() + ": no instrument listing beside its captures; skipped");
                    clean = false;
                    continue;
                }
                CaptureOptions.Loaded loaded;
                try {
                    loaded = CaptureOptions.of(v).load();
                } catch (IllegalArgumentException e) {
                    System.err.println("dpp replay: " + v.venue().id() + ": " + e.getMessage());
                    clean = false;
                    continue;
                }
                clean &= replay(loaded, events);
            }
        }
        return clean || !validate ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** Replays one venue's captures, printing its tops (with --top) and summary; true when it is clean. */
    private boolean replay(CaptureOptions.Loaded loaded, EventFile events) {
        for (String line : loaded.ws().malformedLines()) {
            System.err.println("dpp replay: " + loaded.ws().name() + ": unreadable " + line);
        }
        MarketEventListener listener = new MarketEventListener() { };
        if (events != null) {
            events.demo = loaded.demo();
            listener = events.listener;
        }
        CaptureReplay.Result result = new CaptureReplay(loaded.venue(), loaded.catalog()).run(loaded.ws(), loaded.rest(), listener);
        FeedStats stats = result.stats();
        stats.countDecodeErrors(loaded.ws().malformedLines().size());
        if (top) {
            List<InstrumentBook> books = new ArrayList<>();
            result.decoder().books().forEach(books::add);
            books.sort(Comparator.comparing(b -> b.instrument().nativeSymbol()));
            for (InstrumentBook book : books) {
                System.out.println(TopOfBook.json(loaded.venue().id(), book));
            }
        }
        System.out.println(stats.summaryJson(loaded.venue().id()));
        return stats.clean();
    }

    /** Writes each event as a JSON line to a file. */
    private static final class EventFile implements AutoCloseable {
        private final OutputStream stream;
        private final EventJsonWriter writer = new EventJsonWriter();
        /** The captures being replayed are a recording of the synthetic market: every event is marked so. */
        boolean demo;
        final MarketEventListener listener = MarketEventListener.forEvery(this::write);

        EventFile(Path path) throws IOException {
            this.stream = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
        }

        private void write(MarketEvent e) {
            e.demo(demo);
            writer.reset().write(e);
            try {
                stream.write(writer.buffer(), 0, writer.length());
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
