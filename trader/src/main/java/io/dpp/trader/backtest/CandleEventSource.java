package io.dpp.trader.backtest;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.Candle;
import io.dpp.core.model.MarketEvent;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.Wide;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Candles of some instruments computed in the store from the recorded trades (the one-second view,
 * bucketed by the venue's trade time, aligned to UTC calendar boundaries, as GET /api/v1/candles),
 * read a window of bars at a time and merged in time order. A candle is delivered at its close
 * (open time plus the interval), when it would have become known; intervals without a trade have
 * no candle. The derivative tickers of perpetuals come along (for funding), timed by the venue's
 * clock like the candles (their receive time when the venue sent none).
 */
public final class CandleEventSource implements EventSource {

    private static final int BARS_PER_QUERY = 2_000;

    private final QuestDbStore store;
    private final long interval;
    private final long to;
    private final List<Source> streams = new ArrayList<>();
    private final Candle candle = new Candle();

    /**
     * @param intervalMicros bar length, 1 s to 1 d
     * @param from           first bar's open time at or after this (venue time, epoch microseconds)
     * @param to             bars opening before this
     */
    public CandleEventSource(QuestDbStore store, List<Instrument> instruments, long intervalMicros, long from, long to) {
        if (intervalMicros < 1_000_000 || intervalMicros > 86_400_000_000L || intervalMicros % 1_000_000 != 0) {
            throw new IllegalArgumentException("the candle interval must be whole seconds from 1s to 1d");
        }
        this.store = store;
        this.interval = intervalMicros;
        this.to = to;
        for (Instrument i : instruments) {
            streams.add(new Bars(i, from - Math.floorMod(from, intervalMicros)));
            if (i.type() == io.dpp.core.instrument.InstrumentType.PERPETUAL) {
                streams.add(new Tickers(i, from));
            }
        }
    }

    @Override
    public MarketEvent next() {
        Source best = null;
        long bestTime = Long.MAX_VALUE;
        for (Source b : streams) {
            long t = b.peek();
            if (t < bestTime) {
                bestTime = t;
                best = b;
            }
        }
        return best == null ? null : best.emit();
    }

    /** One time-ordered stream of events. */
    private interface Source {
        /** Time of the next event, or Long.MAX_VALUE at the end. */
        long peek();

        MarketEvent emit();
    }

    /**
     * Rows of one table and instrument read a window at a time (the time of each row first), empty
     * stretches skipped with one query to the next row.
     */
    private abstract class Windowed implements Source {
        final Instrument instrument;
        final List<long[]> rows = new ArrayList<>();
        long loadedUntil;
        int pos;

        Windowed(Instrument instrument, long start) {
            this.instrument = instrument;
            this.loadedUntil = start;
        }

        /** The table whose {@code ts} the windows cut. */
        abstract String table();

        /** Reads the rows of [start, end) into {@link #rows}. */
        abstract void load(long start, long end);

        /** Where to read on from once a window came back empty, given the next row's {@code ts}. */
        abstract long resumeAt(long nextTs);

        @Override
        public long peek() {
            while (pos >= rows.size()) {
                if (loadedUntil >= to) {
                    return Long.MAX_VALUE;
                }
                long end = Math.min(to, loadedUntil + interval * BARS_PER_QUERY);
                rows.clear();
                pos = 0;
                load(loadedUntil, end);
                loadedUntil = end;
                if (rows.isEmpty() && end < to) {
                    long[] next = {Long.MIN_VALUE};
                    store.query("SELECT min(ts) FROM " + table() + " WHERE venue = $1 AND symbol = $2 AND ts >= $3",
                            List.of(QueryArg.text(instrument.venue()), QueryArg.text(instrument.nativeSymbol()), QueryArg.timestamp(end)),
                            row -> {
                                next[0] = row.timestamp(0);
                                return false;
                            });
                    loadedUntil = next[0] == Long.MIN_VALUE ? to : Math.max(end, resumeAt(next[0]));
                }
            }
            return rows.get(pos)[0];
        }

        List<QueryArg> args(long start, long end) {
            return List.of(QueryArg.text(instrument.venue()), QueryArg.text(instrument.nativeSymbol()), QueryArg.timestamp(start),
                    QueryArg.timestamp(end));
        }
    }

    /** Mark price, funding rate and funding time of a perpetual, timed by the venue's clock, kept in order. */
    private final class Tickers extends Windowed {
        final io.dpp.core.model.DerivativeTicker ticker = new io.dpp.core.model.DerivativeTicker();
        long last = Long.MIN_VALUE;

        Tickers(Instrument instrument, long start) {
            super(instrument, start);
        }

        @Override
        String table() {
            return Schema.DERIVATIVE_TICKERS;
        }

        @Override
        void load(long start, long end) {
            store.query("SELECT ts, exchange_ts, mark_price, funding_rate, funding_ts, scales FROM " + Schema.DERIVATIVE_TICKERS
                            + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4 ORDER BY ts", args(start, end),
                    row -> {
                        long scales = row.longValue(5);
                        long venueTime = row.timestamp(1) == Long.MIN_VALUE ? row.timestamp(0) : row.timestamp(1);
                        last = Math.max(last, venueTime);
                        rows.add(new long[] {last, row.decimal(2, Wide.unpackScale(scales, 1)),
                            row.decimal(3, Wide.unpackScale(scales, 3)), row.timestamp(4)});
                        return true;
                    });
        }

        @Override
        long resumeAt(long nextTs) {
            return nextTs;
        }

        @Override
        public MarketEvent emit() {
            long[] r = rows.get(pos++);
            ticker.reset();
            ticker.instrument(instrument);
            ticker.times(r[0], r[0]);
            ticker.prices(Decimal64.NULL, r[1], Decimal64.NULL);
            ticker.funding(r[2], Decimal64.NULL, r[3] == Long.MIN_VALUE ? io.dpp.core.time.Timestamps.UNKNOWN : r[3]);
            return ticker;
        }
    }

    /** Bars of the run's interval from the one-second view, each delivered at its close. */
    private final class Bars extends Windowed {

        Bars(Instrument instrument, long start) {
            super(instrument, start);
        }

        @Override
        String table() {
            return Schema.TRADES_1S;
        }

        @Override
        void load(long start, long end) {
            store.query("SELECT ts, first(open), max(high), min(low), last(close), sum(volume), sum(trades) FROM "
                            + Schema.TRADES_1S + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4"
                            + " SAMPLE BY " + interval / 1_000_000 + "s ALIGN TO CALENDAR", args(start, end),
                    row -> {
                        // the time of a bar's row is its close, when it becomes known
                        rows.add(new long[] {row.timestamp(0) + interval, dec(row.bigDecimal(1)), dec(row.bigDecimal(2)),
                            dec(row.bigDecimal(3)), dec(row.bigDecimal(4)), dec(row.bigDecimal(5)), row.longValue(6)});
                        return true;
                    });
        }

        /** The bar of the next recorded trade. */
        @Override
        long resumeAt(long nextTs) {
            return nextTs - Math.floorMod(nextTs, interval);
        }

        @Override
        public MarketEvent emit() {
            long[] r = rows.get(pos++);
            candle.reset();
            candle.instrument(instrument);
            candle.times(r[0], r[0]);
            candle.interval(interval, r[0] - interval);
            candle.set(r[1], r[2], r[3], r[4], r[5], r[6], true);
            return candle;
        }
    }

    private static long dec(BigDecimal v) {
        if (v == null) {
            return Decimal64.NULL;
        }
        long d = Decimal64.fromBigDecimal(v.stripTrailingZeros());
        if (d == Decimal64.INVALID) {
            // Only a sum can be too wide for 64 bits (a bar's volume): it is rounded to 8 decimals.
            d = Decimal64.fromBigDecimal(v.setScale(Math.min(v.scale(), 8), java.math.RoundingMode.HALF_EVEN).stripTrailingZeros());
        }
        return d;
    }
}
