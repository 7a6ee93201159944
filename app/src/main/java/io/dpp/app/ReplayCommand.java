package io.dpp.app;

import io.dpp.core.json.EventJsonWriter;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
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
            + "exit 1."})
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    CaptureOptions capture;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Write every normalized event, one JSON object per line.")
    Path out;

    @Option(names = "--top", description = "Print the final top of book of every instrument, one JSON line each.")
    boolean top;

    @Option(names = "--validate", description = "Exit 1 on any checksum failure, sequence gap, crossed book or decode error.")
    boolean validate;

    @Override
    public Integer call() throws IOException {
        CaptureOptions.Loaded loaded;
        try {
            loaded = capture.load();
        } catch (IllegalArgumentException e) {
            System.err.println("dpp replay: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        for (String line : loaded.ws().malformedLines()) {
            System.err.println("dpp replay: " + loaded.ws().name() + ": unreadable " + line);
        }
        CaptureReplay.Result result;
        try (EventFile events = out == null ? null : new EventFile(out, loaded.demo())) {
            MarketEventListener listener = events == null ? new MarketEventListener() { } : events.listener;
            result = new CaptureReplay(loaded.venue(), loaded.catalog()).run(loaded.ws(), loaded.rest(), listener);
        }
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
        return validate && !stats.clean() ? Main.EXIT_FAILURE : Main.EXIT_OK;
    }

    /** Writes each event as a JSON line to a file. */
    private static final class EventFile implements AutoCloseable {
        private final OutputStream stream;
        private final EventJsonWriter writer = new EventJsonWriter();
        private final boolean demo;
        final MarketEventListener listener = MarketEventListener.forEvery(this::write);

        /** @param demo the captures are a recording of the synthetic market: every event is marked so */
        EventFile(Path path, boolean demo) throws IOException {
            this.stream = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            this.demo = demo;
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
