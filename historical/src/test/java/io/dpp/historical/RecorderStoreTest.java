package io.dpp.historical;

import static org.assertj.core.api.Assertions.assertThat;

import io.dpp.bus.BusSubscription;
import io.dpp.bus.InProcessBus;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.historical.recorder.Recorder;
import io.dpp.historical.recorder.RecorderStats;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.Wide;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events through the in-process bus into a real embedded QuestDB and back: values and their
 * scales come back as sent, and delivering the same events again (a crash and restart, a replay)
 * adds no row.
 */
class RecorderStoreTest {

    private static final Instrument BTC = Instrument.builder("kraken", "XBT/USD").assets("BTC", "USD")
            .type(InstrumentType.SPOT).build();
    private static final long T0 = 1_618_617_842_840_000L;

    @TempDir
    Path dir;

    @Test
    void rowsComeBackExactlyAndRedeliveryAddsNothing() throws Exception {
        roundTrip(() -> {
            QuestDbStore store = new QuestDbStore();
            store.open(dir.resolve("questdb"));
            return store;
        });
    }

    @Test
    void demoRowsAreMarkedAndAStoreFromBeforeTheMarkerGainsTheColumn() throws Exception {
        QuestDbStore old = new QuestDbStore();
        old.open(dir.resolve("questdb"));
        // A store created before the marker: its tables lack the column.
        old.execute("ALTER TABLE trades DROP COLUMN demo");
        old.execute("ALTER TABLE instruments DROP COLUMN demo");
        // Both drops must be applied before the store reopens: a drop still in the WAL when the next
        // store looks for the column would be applied after it decided the column was there.
        assertThat(old.awaitApplied(Schema.TRADES, Duration.ofSeconds(20))).isTrue();
        assertThat(old.awaitApplied(Schema.INSTRUMENTS, Duration.ofSeconds(20))).isTrue();
        old.stop(Duration.ofSeconds(5));

        QuestDbStore store = new QuestDbStore();
        store.open(dir.resolve("questdb"));
        Instrument demo = Instrument.builder("okx", "BTC-USDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build();
        try (InProcessBus bus = new InProcessBus(1024, Duration.ofMillis(20))) {
            BusSubscription s = bus.subscribe("recorder", new Recorder(store, 1000, Duration.ofMillis(50), new RecorderStats()));
            Trade t = new Trade();
            t.instrument(demo);
            t.demo(true);
            t.times(T0, T0 + 1);
            t.id().set("1");
            bus.publish(t.set(Decimal64.parse("100"), Decimal64.parse("1"), Side.BUY));
            t.instrument(BTC);
            t.demo(false);
            bus.publish(t.set(Decimal64.parse("200"), Decimal64.parse("2"), Side.SELL));
            s.close(Duration.ofSeconds(10));
        }
        for (String table : List.of(Schema.TRADES, Schema.INSTRUMENTS)) {
            assertThat(store.awaitApplied(table, Duration.ofSeconds(20))).as(table).isTrue();
        }
        List<String> rows = new ArrayList<>();
        for (String table : List.of(Schema.TRADES, Schema.INSTRUMENTS)) {
            store.query("SELECT venue, demo FROM " + table + " ORDER BY venue", List.of(), r -> {
                rows.add(table + " " + r.text(0) + " " + r.bool(1));
                return true;
            });
        }
        assertThat(rows).containsExactly("trades kraken false", "trades okx true", "instruments kraken false",
                "instruments okx true");
        store.stop(Duration.ofSeconds(5));
    }

    @Test
    void twoChangesOfALevelOrTwoQuotesAtOneReceiveTimeAreTwoRowsAlsoInAStoreFromBeforeTheirKeys() throws Exception {
        QuestDbStore old = new QuestDbStore();
        old.open(dir.resolve("questdb"));
        // A store created before the venue's sequence number joined the book changes' key.
        old.execute("ALTER TABLE book_changes DEDUP ENABLE UPSERT KEYS(ts, venue, symbol, side, price)");
        old.execute("ALTER TABLE quotes DEDUP ENABLE UPSERT KEYS(ts, venue, symbol)");
        assertThat(old.awaitApplied(Schema.BOOK_CHANGES, Duration.ofSeconds(20))).isTrue();
        assertThat(old.awaitApplied(Schema.QUOTES, Duration.ofSeconds(20))).isTrue();
        old.stop(Duration.ofSeconds(5));

        QuestDbStore store = new QuestDbStore();
        store.open(dir.resolve("questdb"));
        for (int run = 0; run < 2; run++) { // the second run re-delivers: nothing is added
            RecorderStats stats = new RecorderStats();
            try (InProcessBus bus = new InProcessBus(1024, Duration.ofMillis(20))) {
                BusSubscription s = bus.subscribe("recorder", new Recorder(store, 1000, Duration.ofMillis(50), stats));
                BookChange b = new BookChange();
                b.instrument(BTC);
                // A REST snapshot and two diffs held while it was fetched, published at its receive time.
                b.times(T0, T0 + 700);
                b.begin(true, 10).addLevel(BookSide.BID, Decimal64.parse("100"), Decimal64.parse("1"));
                bus.publish(b);
                b.begin(false, 11).addLevel(BookSide.BID, Decimal64.parse("100"), Decimal64.parse("2"));
                bus.publish(b);
                b.begin(false, 12).addLevel(BookSide.BID, Decimal64.parse("100"), Decimal64.parse("3"));
                bus.publish(b);
                // One message batching two quotes of one instrument, each with its venue time (BitMEX).
                Quote q = new Quote();
                q.instrument(BTC);
                q.times(T0 + 1, T0 + 900);
                bus.publish(q.set(Decimal64.parse("99"), Decimal64.parse("1"), Decimal64.parse("101"), Decimal64.parse("1")));
                q.times(T0 + 2, T0 + 900);
                bus.publish(q.set(Decimal64.parse("99"), Decimal64.parse("2"), Decimal64.parse("101"), Decimal64.parse("1")));
                // ... and two in the same millisecond of the venue.
                bus.publish(q.set(Decimal64.parse("99"), Decimal64.parse("3"), Decimal64.parse("101"), Decimal64.parse("1")));
                s.close(Duration.ofSeconds(10));
            }
            assertThat(store.awaitApplied(Schema.BOOK_CHANGES, Duration.ofSeconds(20))).isTrue();
            List<String> rows = new ArrayList<>();
            store.query("SELECT venue_seq, snapshot, amount, scales FROM book_changes ORDER BY venue_seq", List.of(), r -> {
                rows.add(r.longValue(0) + " " + r.bool(1) + " " + Decimal64.toString(r.decimal(2, Wide.unpackScale(r.intValue(3), 1))));
                return true;
            });
            assertThat(rows).containsExactly("10 true 1", "11 false 2", "12 false 3");
            assertThat(stats.rows(Schema.BOOK_CHANGES)).as("rows committed are the rows stored").isEqualTo(3);
            assertThat(store.awaitApplied(Schema.QUOTES, Duration.ofSeconds(20))).isTrue();
            long[] quotes = {0};
            store.query("SELECT count() FROM quotes", List.of(), r -> {
                quotes[0] = r.longValue(0);
                return false;
            });
            assertThat(quotes[0]).as("three quotes of one message").isEqualTo(3);
        }
        store.stop(Duration.ofSeconds(5));
    }

    /** Opens a store. */
    interface Opener {
        QuestDbStore open() throws Exception;
    }

    /** Records the same events twice (a restart in between) into the store {@code opener} opens. */
    static void roundTrip(Opener opener) throws Exception {
        for (int run = 0; run < 2; run++) {
            QuestDbStore store = opener.open();
            try (InProcessBus bus = new InProcessBus(1024, Duration.ofMillis(20))) {
                RecorderStats stats = new RecorderStats();
                BusSubscription s = bus.subscribe("recorder", new Recorder(store, 1000, Duration.ofMillis(50), stats));
                publish(bus);
                s.close(Duration.ofSeconds(10));
                assertThat(stats.rows(Schema.TRADES)).isEqualTo(4);
                assertThat(stats.rows(Schema.BOOK_CHANGES)).as("rows committed are the rows stored").isEqualTo(5);
            } finally {
                for (String table : List.of(Schema.TRADES, Schema.BOOK_CHANGES, Schema.INSTRUMENTS)) {
                    assertThat(store.awaitApplied(table, Duration.ofSeconds(20))).as(table).isTrue();
                }
                List<String> trades = new ArrayList<>();
                store.query("SELECT ts, id, ord, price, amount, side, scales FROM trades", List.of(), r -> {
                    int scales = r.intValue(6);
                    trades.add(r.timestamp(0) + " " + r.text(1) + " " + r.intValue(2) + " "
                            + Decimal64.toString(r.decimal(3, Wide.unpackScale(scales, 0))) + " "
                            + Decimal64.toString(r.decimal(4, Wide.unpackScale(scales, 1))) + " " + r.text(5));
                    return true;
                });
                // Two trades without ids at the same time are kept apart by their ordinal.
                assertThat(trades).containsExactlyInAnyOrder(
                        T0 + " 7 0 97000.10 0.10000000 buy",
                        T0 + "  0 96999.9 1.5 sell",
                        T0 + "  1 96999.9 1.5 sell",
                        (T0 + 1) + " 8 0 -0.5 0.000000000000000001 buy");
                long[] book = new long[1];
                store.query("SELECT count() FROM book_changes WHERE venue = $1 AND symbol = $2",
                        List.of(QueryArg.text("kraken"), QueryArg.text("XBT/USD")), r -> {
                            book[0] = r.longValue(0);
                            return false;
                        });
                assertThat(book[0]).isEqualTo(5);
                List<String> repeated = new ArrayList<>();
                store.query("SELECT side, price, amount, scales FROM book_changes WHERE ts = $1",
                        List.of(QueryArg.timestamp(T0 + 850)), r -> {
                            int scales = r.intValue(3);
                            repeated.add(r.text(0) + " " + Decimal64.toString(r.decimal(1, Wide.unpackScale(scales, 0))) + " "
                                    + Decimal64.toString(r.decimal(2, Wide.unpackScale(scales, 1))));
                            return true;
                        });
                assertThat(repeated).containsExactlyInAnyOrder("ask 97000.1 4", "bid 97000.1 5");
                long[] instruments = new long[1];
                store.query("SELECT count() FROM instruments", List.of(), r -> {
                    instruments[0] = r.longValue(0);
                    return false;
                });
                assertThat(instruments[0]).isEqualTo(1);
                store.stop(Duration.ofSeconds(5));
            }
        }
    }

    private static void publish(InProcessBus bus) {
        Trade t = new Trade();
        t.instrument(BTC);
        t.times(T0, T0 + 500);
        t.id().set("7");
        bus.publish(t.set(Decimal64.parse("97000.10"), Decimal64.parse("0.10000000"), Side.BUY));
        t.id().set("");
        t.set(Decimal64.parse("96999.9"), Decimal64.parse("1.5"), Side.SELL);
        bus.publish(t);
        bus.publish(t);
        t.times(T0 + 1, T0 + 600);
        t.id().set("8");
        bus.publish(t.set(Decimal64.parse("-0.5"), Decimal64.parse("0.000000000000000001"), Side.BUY));
        BookChange b = new BookChange();
        b.instrument(BTC);
        b.times(T0, T0 + 700);
        b.begin(true, 1).addLevel(BookSide.BID, Decimal64.parse("96999.9"), Decimal64.parse("2"))
                .addLevel(BookSide.ASK, Decimal64.parse("97000.1"), Decimal64.parse("1"));
        bus.publish(b);
        b.times(T0 + 10, T0 + 800);
        b.begin(false, 2).addLevel(BookSide.BID, Decimal64.parse("96999.9"), Decimal64.parse("0"));
        bus.publish(b);
        // One message naming a level twice (BitMEX and Bybit do): the last one is the level's state.
        b.times(T0 + 20, T0 + 850);
        b.begin(false, 3).addLevel(BookSide.ASK, Decimal64.parse("97000.1"), Decimal64.parse("3"))
                .addLevel(BookSide.BID, Decimal64.parse("97000.1"), Decimal64.parse("5"))
                .addLevel(BookSide.ASK, Decimal64.parse("97000.1"), Decimal64.parse("4"));
        bus.publish(b);
        Quote q = new Quote();
        q.instrument(BTC);
        q.times(T0, T0 + 900);
        bus.publish(q.set(Decimal64.parse("96999.9"), Decimal64.parse("2"), Decimal64.parse("97000.1"), Decimal64.parse("1")));
        FeedStatus f = new FeedStatus();
        f.times(T0, T0 + 1000);
        bus.publish(f.set(BTC, FeedState.RESYNCED));
    }
}
