package io.dpp.streams.venue.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.time.Timestamps;
import io.dpp.streams.BookTimeOrder;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A diff that arrives while the REST snapshot is on its way, in the order the network delivers
 * them: held, applied after the snapshot, and published stamped a microsecond after the snapshot,
 * so that whoever rebuilds the book by receive time (book at a time) applies it after the snapshot
 * too, as the feed did, and never finds it at the snapshot's own time (where the store could merge
 * it with a snapshot row of the same level). The venue's own time of the diff is kept.
 */
class BinanceHeldDiffTest {

    private static final long T0 = Timestamps.ofMillis(1_700_000_000_000L);

    @Test
    void aDiffReceivedBeforeTheSnapshotIsPublishedAfterItAndStampedJustAfterIt() {
        InstrumentCatalog catalog = new InstrumentCatalog("binance");
        catalog.add(Instrument.builder("binance", "ETHUSDC").assets("ETH", "USDC").type(InstrumentType.SPOT).build());
        FeedStats stats = new FeedStats();
        BookTimeOrder order = new BookTimeOrder();
        List<String> published = new ArrayList<>();
        VenueDecoder decoder = new BinanceVenue().newDecoder(catalog, new FeedOutput("binance", stats, new io.dpp.core.model.MarketEventListener() {
            @Override
            public void onBookChange(BookChange c) {
                order.onBookChange(c);
                published.add((c.snapshot() ? "snapshot " : "diff ") + c.sequence() + " received " + (c.receiveTime() - T0)
                        + " venue " + (c.exchangeTime() == Timestamps.UNKNOWN ? "-" : Long.toString(c.exchangeTime() - T0)));
            }
        }));
        // Diff 432..436 removes the ask at 3000.33, received 20 ms before the snapshot (update id 431).
        message(decoder, T0 + 20_000, """
                {"stream":"ethusdc@depth@100ms","data":{"e":"depthUpdate","E":1700000000010,"s":"ETHUSDC","U":432,"u":436,\
                "b":[],"a":[["3000.33","0.00000"]]}}""");
        rest(decoder, T0 + 40_000, """
                {"lastUpdateId":431,"bids":[["3000.27","11.9"]],"asks":[["3000.33","4.02"],["3000.63","1.68"]]}""");
        message(decoder, T0 + 60_000, """
                {"stream":"ethusdc@depth@100ms","data":{"e":"depthUpdate","E":1700000000050,"s":"ETHUSDC","U":437,"u":437,\
                "b":[["3000.30","1.0"]],"a":[]}}""");

        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(published).containsExactly(
                "snapshot 431 received 40000 venue -",
                "diff 436 received 40001 venue 10000",
                "diff 437 received 60000 venue 50000");
        assertThat(order.backwards).isEmpty();
        var book = decoder.books().iterator().next().book();
        assertThat(io.dpp.core.decimal.Decimal64.toString(book.price(false, 0))).isEqualTo("3000.63");
    }

    private static void message(VenueDecoder decoder, long receiveTime, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        decoder.onMessage(b, 0, b.length, receiveTime);
    }

    private static void rest(VenueDecoder decoder, long receiveTime, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        decoder.onRest("http://127.0.0.1/binance/api/v3/depth?symbol=ETHUSDC&limit=1000", b, 0, b.length, receiveTime);
    }
}
