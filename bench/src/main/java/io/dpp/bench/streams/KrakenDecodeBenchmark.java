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
import io.dpp.streams.replay.CaptureReplay;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Kraken book update per operation, taken in turn from the real capture, on books built from
 * its snapshots: {@code decodeApplyVerify} is the whole pipeline (parse, normalize, apply, CRC32
 * checksum); {@code jacksonParseOnly} only tokenizes the same message with Jackson's streaming
 * parser and turns prices and volumes into BigDecimal, the way a library-based feed handler
 * starts, for scale. Both should be read with {@code -prof gc}.
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
    private Capture capture;
    private int[] updates;
    private int next;
    private final JsonFactory jackson = new JsonFactory();

    @Setup
    public void setUp() throws IOException {
        capture = CaptureReader.read(Fixtures.file("kraken/cryptofeed/KRAKEN.ws.50.0"));
        InstrumentCatalog catalog = new KrakenVenue().parseListing(CaptureReader.read(Fixtures.file("kraken/cryptofeed/KRAKEN.0")));
        decoder = new KrakenVenue().newDecoder(catalog, new FeedOutput("kraken", new FeedStats(), new MarketEventListener() { }));
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < capture.size(); i++) {
            CaptureReplay.deliver(capture, i, decoder); // builds the books
            if (capture.kind(i) == CaptureKind.RECEIVED && contains(capture, i, "\"c\":\"")) {
                found.add(i);
            }
        }
        updates = found.stream().mapToInt(Integer::intValue).toArray();
    }

    private int nextUpdate() {
        int i = updates[next];
        next = next + 1 == updates.length ? 0 : next + 1;
        return i;
    }

    /** Parse, normalize, apply to the book, verify the checksum. */
    @Benchmark
    public void decodeApplyVerify() {
        int i = nextUpdate();
        decoder.onMessage(capture.bytes(), capture.offset(i), capture.length(i), capture.time(i));
    }

    /** Only tokenizing the same message with Jackson and making BigDecimals of its numbers. */
    @Benchmark
    public BigDecimal jacksonParseOnly() throws IOException {
        int i = nextUpdate();
        BigDecimal last = BigDecimal.ZERO;
        try (JsonParser p = jackson.createParser(capture.bytes(), capture.offset(i), capture.length(i))) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING && p.getTextLength() > 0 && Character.isDigit(p.getTextCharacters()[p.getTextOffset()])) {
                    last = new BigDecimal(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
            }
        }
        return last;
    }

    private static boolean contains(Capture c, int i, String text) {
        byte[] b = c.bytes();
        outer:
        for (int p = c.offset(i); p + text.length() <= c.offset(i) + c.length(i); p++) {
            for (int k = 0; k < text.length(); k++) {
                if (b[p + k] != text.charAt(k)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
