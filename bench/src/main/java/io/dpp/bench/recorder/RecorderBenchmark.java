package io.dpp.bench.recorder;

import io.dpp.historical.recorder.RecorderStats;
import io.dpp.historical.recorder.Recorder;
import io.dpp.bus.BusSubscription;
import io.dpp.bus.InProcessBus;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.TableSink;
import io.dpp.store.Wide;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code dpp bench recorder}: trades published on the in-process bus and committed to the embedded
 * store by the recorder, against QuestDB's raw append rate measured the same way (the same rows
 * appended straight to the store's {@link TableSink} of a table shaped like {@code trades}). Both count from
 * the first row to the last commit, i.e. until the rows are durable in the WAL.
 */
public final class RecorderBenchmark {

    /**
     * The figures, printed as one JSON line, with what proves the work was done: the rows counted
     * in each table afterwards (they must equal {@code rows}) and the recorder's failed commits
     * (they must be 0).
     */
    public record Result(long rows, double seconds, double rawSeconds, long landed, long rawLanded, long commitFailures) {

        /** True when every row landed in both tables and no commit failed. */
        public boolean ok() {
            return landed == rows && rawLanded == rows && commitFailures == 0;
        }

        public String json() {
            return String.format(Locale.ROOT, "{\"rows\":%d,\"rows_per_sec\":%.0f,\"questdb_raw_rows_per_sec\":%.0f,"
                    + "\"seconds\":%.3f,\"raw_seconds\":%.3f,\"rows_landed\":%d,\"raw_rows_landed\":%d,\"commit_failures\":%d,"
                    + "\"ok\":%b}", rows, rows / seconds, rows / rawSeconds, seconds, rawSeconds, landed, rawLanded, commitFailures, ok());
        }
    }

    private RecorderBenchmark() {
    }

    /** Runs both measurements in a new store under {@code dir}. */
    public static Result run(Path dir, long rows, int instruments) throws Exception {
        Instrument[] symbols = new Instrument[instruments];
        for (int i = 0; i < instruments; i++) {
            symbols[i] = Instrument.builder("bench", "SYM" + i + "USD").assets("SYM" + i, "USD").type(InstrumentType.SPOT).build();
        }
        QuestDbStore store = new QuestDbStore();
        store.open(dir);
        try {
            store.execute(Schema.execution("bench_raw"));
            // Warm-up: a tenth of the rows through each path, into tables that are then left alone.
            recorder(store, symbols, rows / 10, 1_600_000_000_000_000L, new RecorderStats());
            raw(store, symbols, rows / 10, 1_600_000_000_000_000L);
            long base = 1_700_000_000_000_000L;
            RecorderStats stats = new RecorderStats();
            double seconds = recorder(store, symbols, rows, base, stats);
            double rawSeconds = raw(store, symbols, rows, base);
            return new Result(rows, seconds, rawSeconds, count(store, Schema.TRADES, base, rows), count(store, "bench_raw", base, rows),
                    stats.failures());
        } finally {
            store.stop(Duration.ofSeconds(10));
        }
    }

    /** Rows of {@code table} in the measured run's time range, once the store has applied them. */
    private static long count(QuestDbStore store, String table, long base, long rows) throws InterruptedException {
        if (!store.awaitApplied(table, Duration.ofMinutes(5))) {
            throw new IllegalStateException(table + " is still being applied after 5 minutes");
        }
        long[] n = {0};
        store.query("SELECT count() FROM " + table + " WHERE ts >= $1 AND ts < $2",
                java.util.List.of(io.dpp.store.QueryArg.timestamp(base), io.dpp.store.QueryArg.timestamp(base + rows * 10)), r -> {
                    n[0] = r.longValue(0);
                    return false;
                });
        return n[0];
    }

    private static double recorder(QuestDbStore store, Instrument[] symbols, long rows, long base, RecorderStats stats) {
        try (InProcessBus bus = new InProcessBus(65_536, Duration.ofMillis(100))) {
            Recorder recorder = new Recorder(store, 200_000, Duration.ofMillis(250), stats);
            BusSubscription s = bus.subscribe("recorder", recorder);
            Trade t = new Trade();
            long t0 = System.nanoTime();
            for (long i = 0; i < rows; i++) {
                fill(t, symbols, i, base);
                bus.publish(t);
            }
            s.close(Duration.ofMinutes(10));
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double raw(QuestDbStore store, Instrument[] symbols, long rows, long base) {
        Trade t = new Trade();
        try (TableSink w = store.sink("bench_raw")) {
            int localTs = w.column("local_ts");
            int venue = w.column("venue");
            int symbol = w.column("symbol");
            int id = w.column("id");
            int ord = w.column("ord");
            int price = w.column("price");
            int amount = w.column("amount");
            int side = w.column("side");
            int scales = w.column("scales");
            long t0 = System.nanoTime();
            for (long i = 0; i < rows; i++) {
                fill(t, symbols, i, base);
                w.newRow(t.exchangeTime());
                w.putTimestamp(localTs, t.receiveTime());
                w.putSym(venue, t.venue());
                w.putSym(symbol, t.instrument().nativeSymbol());
                w.putVarchar(id, t.id());
                w.putInt(ord, 0);
                w.putDecimal(price, t.price());
                w.putDecimal(amount, t.amount());
                w.putSym(side, t.side() == Side.BUY ? "buy" : "sell");
                w.putInt(scales, (int) Wide.packScale(Wide.packScale(0, 0, t.price()), 1, t.amount()));
                w.append();
                if ((i + 1) % 200_000 == 0) {
                    w.commit();
                }
            }
            w.commit();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Trade {@code i}: one every 10 µs across the instruments, prices and amounts varying. */
    private static void fill(Trade t, Instrument[] symbols, long i, long base) {
        t.instrument(symbols[(int) (i % symbols.length)]);
        long ts = base + i * 10;
        t.times(ts, ts + 150);
        t.id().set(i);
        t.set(Decimal64.of(9_000_000 + i % 5_000, 2), Decimal64.of(1 + i % 100_000, 8), (i & 1) == 0 ? Side.BUY : Side.SELL);
    }
}
