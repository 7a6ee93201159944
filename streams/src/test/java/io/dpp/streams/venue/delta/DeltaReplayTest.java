package io.dpp.streams.venue.delta;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.instrument.OptionKind;
import io.dpp.core.model.MarketEventListener;
import io.dpp.streams.ReplayHarness;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.feed.InstrumentBook;
import io.dpp.streams.replay.CaptureReplay;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DeltaReplayTest {

    /** Every l2_orderbook message replaces the whole book of an option or future, sizes in contracts. */
    @Test
    void everyOrderbookMessageIsTheWholeBook() {
        CaptureReplay.Result result = ReplayHarness.replay("delta", "delta/cryptofeed/DELTA.ws.1.0", new MarketEventListener() { });
        FeedStats stats = result.stats();
        assertThat(stats.decodeErrors()).isZero();
        assertThat(stats.crossedBooks()).isZero();
        assertThat(stats.resyncs()).isZero();
        assertThat(stats.snapshots()).isEqualTo(309);
        int books = 0;
        for (InstrumentBook book : result.decoder().books()) {
            assertThat(book.inSync()).as(book.instrument().toString()).isTrue();
            books++;
        }
        assertThat(books).isEqualTo(10);
        // C-ETH-3200-311221: a call on ether, strike 3200, settling on 31 December 2021
        var call = result.decoder().books().iterator().next().instrument();
        for (InstrumentBook book : result.decoder().books()) {
            if (book.instrument().nativeSymbol().equals("C-ETH-3200-311221")) {
                call = book.instrument();
            }
        }
        assertThat(call.nativeSymbol()).isEqualTo("C-ETH-3200-311221");
        assertThat(call.type()).isEqualTo(InstrumentType.OPTION);
        assertThat(call.optionKind()).isEqualTo(OptionKind.CALL);
        assertThat(Decimal64.toString(call.strike())).isEqualTo("3200");
        assertThat(call.expiry()).isEqualTo(LocalDate.of(2021, 12, 31));
        assertThat(Decimal64.signum(call.contractSize())).isPositive();
    }
}
