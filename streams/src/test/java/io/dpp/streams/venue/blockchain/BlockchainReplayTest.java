package io.dpp.streams.venue.blockchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.model.MarketEventListener;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedOutput;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.VenueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockchainReplayTest {

    /** The connection's seqnum runs without a hole; each book starts from its snapshot and follows its updates. */
    @Test
    void booksFollowTheirSnapshotsOnAnUnbrokenSequence() {
        CaptureReplay.Result result = ReplayHarness.replay("blockchain", "blockchain/cryptofeed/BLOCKCHAIN.ws.1.0", new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.sequenceGaps()).isZero();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.snapshots()).isEqualTo(10);
        assertThat(stats.bookChanges()).isEqualTo(10 + 68);
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            books++;
        }
        assertThat(books).isEqualTo(10);
    }

    /** A hole in seqnum makes every book of the connection stale; a trade (none in the capture) as the venue documents it. */
    @Test
    void aHoleInTheSequenceMakesEveryBookStale() {
        BlockchainVenue venue = new BlockchainVenue();
        InstrumentCatalog catalog = new InstrumentCatalog(venue.id());
        catalog.add(io.dpp.core.instrument.Instrument.builder(venue.id(), "BTC-USD").assets("BTC", "USD").build());
        catalog.add(io.dpp.core.instrument.Instrument.builder(venue.id(), "ETH-USD").assets("ETH", "USD").build());
        FeedStats stats = new FeedStats();
        List<String> trades = new ArrayList<>();
        VenueDecoder d = venue.newDecoder(catalog, new FeedOutput(venue.id(), stats, new MarketEventListener() {
            @Override
            public void onTrade(Trade t) {
                trades.add(t.id() + " " + t.side() + " " + t.exchangeTime());
            }
        }));
        d.onConnect("wss://ws.prod.blockchain.info/mercury-gateway/v1/ws", 1);
        feed(d, "{\"seqnum\":0,\"event\":\"snapshot\",\"channel\":\"l2\",\"symbol\":\"BTC-USD\",\"bids\":[{\"num\":1,\"px\":100.5,\"qty\":1.0}],"
                + "\"asks\":[{\"num\":1,\"px\":101.0,\"qty\":2.0}],\"timestamp\":\"2021-07-22T22:39:22.851917Z\"}");
        feed(d, "{\"seqnum\":1,\"event\":\"snapshot\",\"channel\":\"l2\",\"symbol\":\"ETH-USD\",\"bids\":[{\"num\":1,\"px\":10.5,\"qty\":1.0}],"
                + "\"asks\":[],\"timestamp\":\"2021-07-22T22:39:22.851917Z\"}");
        feed(d, "{\"seqnum\":2,\"event\":\"updated\",\"channel\":\"trades\",\"symbol\":\"BTC-USD\",\"timestamp\":\"2019-08-13T11:30:06.100140Z\","
                + "\"side\":\"sell\",\"qty\":8.5E-5,\"price\":11252.4,\"trade_id\":\"12884909920\"}");
        assertThat(trades).containsExactly("12884909920 " + Side.SELL + " 1565695806100140");
        for (InstrumentBook b : d.books()) {
            assertThat(b.inSync()).isTrue();
        }
        feed(d, "{\"seqnum\":4,\"event\":\"updated\",\"channel\":\"heartbeat\",\"timestamp\":\"2021-07-22T22:39:24Z\"}");
        assertThat(stats.sequenceGaps()).isEqualTo(1);
        for (InstrumentBook b : d.books()) {
            assertThat(b.inSync()).as(b.instrument().toString()).isFalse();
        }
    }

    private static void feed(VenueDecoder d, String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        d.onMessage(b, 0, b.length, 2);
    }
}
