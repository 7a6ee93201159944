package io.dpp.bench.history;

import io.dpp.serve.history.BookAtTime;
import io.dpp.serve.history.HistoryQueries;
import io.dpp.bus.BusSubscription;
import io.dpp.bus.InProcessBus;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.historical.recorder.Recorder;
import io.dpp.historical.recorder.RecorderStats;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code dpp bench history}: one instrument with a day of trades and book changes recorded into a
 * fresh embedded store through the bus and the recorder (so with its checkpoints), then the two
 * queries users wait on: 1m candles over the whole day, computed by QuestDB as the API does, and
 * the book at random times of the day.
 */
public final class HistoryBenchmark {

    private static final long DAY = 86_400_000_000L;
    private static final long START = 1_700_006_400_000_000L; // 2023-11-15T00:00:00Z

    /** The figures. */
    public record Result(long trades, long bookChanges, double loadSeconds, long candleRows, double[] candleMillis,
                         double[] bookMillis, int bookLevels) {
        public String json() {
            return String.format(Locale.ROOT, "{\"trades\":%d,\"book_changes\":%d,\"load_seconds\":%.1f,"
                            + "\"candles_1m_rows\":%d,\"candles_1m_ms_median\":%.1f,\"candles_1m_ms_max\":%.1f,"
                            + "\"book_at_ms_median\":%.1f,\"book_at_ms_p99\":%.1f,\"book_levels\":%d}",
                    trades, bookChanges, loadSeconds, candleRows, median(candleMillis), max(candleMillis),
                    median(bookMillis), percentile(bookMillis, 0.99), bookLevels);
        }
    }

    private HistoryBenchmark() {
    }

    /** Loads {@code trades} trades and {@code bookChanges} book changes over a day, then measures. */
    public static Result run(Path dir, long trades, long bookChanges, int runs) throws Exception {
        Instrument btc = Instrument.builder("bench", "BTCUSDT").assets("BTC", "USDT").type(InstrumentType.SPOT).build();
        QuestDbStore store = new QuestDbStore();
        store.open(dir);
        try {
            long t0 = System.nanoTime();
            load(store, btc, trades, bookChanges);
            awaitView(store, trades);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            double[] candles = new double[runs];
            long rows = 0;
            for (int i = 0; i < runs; i++) {
                long q0 = System.nanoTime();
                long[] n = {0};
                store.query(HistoryQueries.candlesSql(60), List.of(QueryArg.text("bench"), QueryArg.text("BTCUSDT"),
                        QueryArg.timestamp(START), QueryArg.timestamp(START + DAY)), row -> {
                            // What the API reads of each candle.
                            row.timestamp(0);
                            for (int c = 1; c <= 5; c++) {
                                row.bigDecimal(c);
                            }
                            row.longValue(6);
                            BigDecimal notional = row.bigDecimal(7);
                            n[0] += notional == null ? 0 : 1;
                            return true;
                        });
                candles[i] = (System.nanoTime() - q0) / 1e6;
                rows = n[0];
            }
            Random random = new Random(42);
            double[] books = new double[runs];
            int levels = 0;
            for (int i = 0; i < runs; i++) {
                long at = START + 60_000_000L + (long) (random.nextDouble() * (DAY - 120_000_000L));
                long q0 = System.nanoTime();
                BookAtTime.Book book = BookAtTime.at(store, "bench", "BTCUSDT", at);
                books[i] = (System.nanoTime() - q0) / 1e6;
                levels = book.book().depth(true) + book.book().depth(false);
            }
            return new Result(trades, bookChanges, loadSeconds, rows, candles, books, levels);
        } finally {
            store.stop(Duration.ofSeconds(10));
        }
    }

    private static void load(QuestDbStore store, Instrument btc, long trades, long bookChanges) {
        try (InProcessBus bus = new InProcessBus(65_536, Duration.ofMillis(100))) {
            BusSubscription s = bus.subscribe("recorder",
                    new Recorder(store, 200_000, Duration.ofMillis(250), Duration.ofSeconds(60), new RecorderStats()));
            Trade t = new Trade();
            t.instrument(btc);
            BookChange b = new BookChange();
            b.instrument(btc);
            Random random = new Random(1);
            // A 500-level snapshot per side at the start, then one level changed per change.
            b.times(START, START);
            b.begin(true, 0);
            for (int k = 0; k < 500; k++) {
                b.addLevel(BookSide.BID, Decimal64.of(3_600_000 - 1 - k, 2), Decimal64.of(1 + random.nextInt(100_000), 5));
                b.addLevel(BookSide.ASK, Decimal64.of(3_600_000 + k, 2), Decimal64.of(1 + random.nextInt(100_000), 5));
            }
            bus.publish(b);
            long tradeStep = DAY / trades;
            long bookStep = DAY / Math.max(1, bookChanges);
            long nextBook = START + bookStep;
            long changes = 0;
            for (long i = 0; i < trades; i++) {
                long ts = START + i * tradeStep;
                while (changes < bookChanges && nextBook <= ts) {
                    boolean bid = random.nextBoolean();
                    int k = random.nextInt(500);
                    b.times(nextBook, nextBook);
                    b.begin(false, changes + 1);
                    b.addLevel(bid ? BookSide.BID : BookSide.ASK, Decimal64.of(bid ? 3_600_000 - 1 - k : 3_600_000 + k, 2),
                            Decimal64.of(random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(100_000), 5));
                    bus.publish(b);
                    changes++;
                    nextBook += bookStep;
                }
                t.times(ts, ts + 200);
                t.id().set(i);
                t.set(Decimal64.of(3_600_000 + random.nextInt(2_000) - 1_000, 2), Decimal64.of(1 + random.nextInt(50_000), 5),
                        (i & 1) == 0 ? Side.BUY : Side.SELL);
                bus.publish(t);
            }
            s.close(Duration.ofMinutes(10));
        }
    }

    private static void awaitView(QuestDbStore store, long trades) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < end) {
            long[] n = {0};
            try {
                store.query("SELECT sum(trades) FROM " + Schema.TRADES_1S, List.of(), r -> {
                    n[0] = r.longValue(0);
                    return false;
                });
            } catch (RuntimeException e) {
                // the view may not be queryable before its first refresh
            }
            if (n[0] == trades && store.awaitApplied(Schema.BOOK_CHANGES, Duration.ofSeconds(1))
                    && store.awaitApplied(Schema.BOOK_CHECKPOINTS, Duration.ofSeconds(1))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the store did not finish applying the loaded rows within 10 minutes");
    }

    static double median(double[] v) {
        return percentile(v, 0.5);
    }

    static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
