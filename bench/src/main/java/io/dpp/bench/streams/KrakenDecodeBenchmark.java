package io.dpp.bench.streams;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureKind;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDecoder;
import io.dpp.streams.venue.kraken.KrakenVenue;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The real Kraken capture replayed in order, one message per operation, and from its start again
 * at its end: each pass begins with the capture's snapshots, so every update applies to the book
 * it was sent for and its checksum is verified, as on a live connection. {@code decodeApplyVerify}
 * is the whole pipeline (parse, normalize, apply, CRC32 checksum); {@code jacksonParseOnly} only
 * tokenizes the same messages with Jackson's streaming parser and turns prices and volumes into
 * BigDecimal, the way a library-based feed handler starts, for scale. Both should be read with
 * {@code -prof gc}. The trial fails unless checksums were verified and none failed, and prints
 * the counts, so the figure cannot come from books gone stale (which would only parse).
 *
 * <p>Run: {@code ./dpp jmh KrakenDecode -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KrakenDecodeBenchmark {

    private VenueDecoder decoder;
    private final FeedStats stats = new FeedStats();
    private Capture capture;
    private int[] messages;
    private int next;
    private final JsonFactory jackson = new JsonFactory();

    @Setup
    public void setUp() throws IOException {
        capture = CaptureReader.read(Fixtures.file("kraken/cryptofeed/KRAKEN.ws.50.0"));
        InstrumentCatalog catalog = new KrakenVenue().parseListing(CaptureReader.read(Fixtures.file("kraken/cryptofeed/KRAKEN.0")));
        decoder = new KrakenVenue().newDecoder(catalog, new FeedOutput("kraken", stats, new MarketEventListener() { }));
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < capture.size(); i++) {
            if (capture.kind(i) == CaptureKind.RECEIVED) {
                found.add(i);
            }
        }
        messages = found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Fails a trial of the pipeline unless the books stayed in sync: checksums verified, none failed, no gap. */
    @TearDown
    public void checkBooks() {
        if (stats.messages() == 0) {
            return; // the Jackson trial: the pipeline did not run
        }
        System.out.println("kraken decode: checksums verified " + stats.checksumsVerified() + ", failed " + stats.checksumFailures()
                + ", sequence gaps " + stats.sequenceGaps() + ", crossed books " + stats.crossedBooks() + ", decode errors "
                + stats.decodeErrors() + ", messages " + stats.messages());
        if (stats.checksumsVerified() == 0 || stats.checksumFailures() > 0 || stats.sequenceGaps() > 0 || stats.crossedBooks() > 0) {
            throw new IllegalStateException("the books did not stay in sync: the figure measured less than the whole pipeline");
        }
    }

    private int nextMessage() {
        int i = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return i;
    }

    /** Parse, normalize, apply to the book, verify the checksum. */
    @Benchmark
    public void decodeApplyVerify() {
        int i = nextMessage();
        decoder.onMessage(capture.bytes(), capture.offset(i), capture.length(i), capture.time(i));
    }

    /** Only tokenizing the same message with Jackson and making BigDecimals of its numbers. */
    @Benchmark
    public BigDecimal jacksonParseOnly() throws IOException {
        int i = nextMessage();
        BigDecimal last = BigDecimal.ZERO;
        try (JsonParser p = jackson.createParser(capture.bytes(), capture.offset(i), capture.length(i))) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING && p.getTextLength() > 0 && Character.isDigit(p.getTextCharacters()[p.getTextOffset()])) {
                    try {
                        last = new BigDecimal(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    } catch (NumberFormatException notADecimal) {
                        // a version or a checksum string in a status message: only prices and volumes count
                    }
                }
            }
        }
        return last;
    }
}
