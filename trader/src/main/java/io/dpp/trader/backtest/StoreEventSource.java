package io.dpp.trader.backtest;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.Wide;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recorded trades and L2 book changes of some instruments (and the derivative tickers of
 * perpetuals, for funding), read from the store window by window and merged in receive-time order
 * (at equal times: instruments in the order given, book changes before trades before tickers). Memory holds one window per stream, whatever the length of the history.
 *
 * <p>Each book starts from the latest full book at or before {@code from}: a venue snapshot in
 * {@code book_changes} or a recorder checkpoint in {@code book_checkpoints}, emitted as a
 * snapshot at its time; the changes after it follow. Events before {@code from} only build the
 * venue's books (the backtest does not show them to the strategy).
 */
public final class StoreEventSource implements EventSource {

    private final QuestDbStore store;
    private final long to;
    private final long window;
    private final List<Stream> streams = new ArrayList<>();
    private final Trade trade = new Trade();
    private final BookChange change = new BookChange();
    private long rowsRead;

    /**
     * @param instruments what to read, all recorded in the store
     * @param from        start of the run (receive time, epoch microseconds)
     * @param to          end of the run, exclusive
     * @param window      how much time one query reads per stream (memory against round trips)
     */
    public StoreEventSource(QuestDbStore store, List<Instrument> instruments, long from, long to, java.time.Duration window) {
        if (to <= from) {
            throw new IllegalArgumentException("to must be after from");
        }
        this.store = store;
        this.to = to;
        this.window = Math.max(1, window.toNanos() / 1_000);
        for (Instrument i : instruments) {
            streams.add(new Books(i, from));
            streams.add(new Trades(i, from));
            if (i.type() == io.dpp.core.instrument.InstrumentType.PERPETUAL) {
                streams.add(new Tickers(i, from));
            }
        }
    }

    /** Rows read from the store so far. */
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public MarketEvent next() {
        Stream best = null;
        long bestTime = Long.MAX_VALUE;
        for (Stream s : streams) {
            long t = s.peek();
            if (t < bestTime) {
                bestTime = t;
                best = s;
            }
        }
        return best == null ? null : best.emit();
    }

    /** One sorted stream of one table and instrument, read in windows. */
    private abstract class Stream {
        final Instrument instrument;
        long loadedUntil;
        int size;
        int pos;
        long[] time = new long[256];

        Stream(Instrument instrument, long start) {
            this.instrument = instrument;
            this.loadedUntil = start;
        }

        /** Time of the next event, or Long.MAX_VALUE at the end. */
        long peek() {
            while (pos >= size) {
                if (loadedUntil >= to) {
                    return Long.MAX_VALUE;
                }
                long end = Math.min(to, loadedUntil + window);
                size = 0;
                pos = 0;
                load(loadedUntil, end);
                loadedUntil = end;
                if (size == 0 && end < to) {
                    // Nothing in this window: skip the gap to the next recorded row (or the end).
                    long next = firstAt(end);
                    loadedUntil = next == Long.MIN_VALUE ? to : Math.max(end, next);
                }
            }
            return time[pos];
        }

        /** The time of the first row at or after {@code t}, or Long.MIN_VALUE when none is left. */
        long firstAt(long t) {
            long[] v = {Long.MIN_VALUE};
            store.query("SELECT min(" + timeColumn() + ") FROM " + table() + " WHERE venue = $1 AND symbol = $2 AND "
                            + timeColumn() + " >= $3",
                    List.of(QueryArg.text(instrument.venue()), QueryArg.text(instrument.nativeSymbol()), QueryArg.timestamp(t)),
                    row -> {
                        v[0] = row.timestamp(0);
                        return false;
                    });
            return v[0];
        }

        abstract String table();

        abstract String timeColumn();

        void grow() {
            if (size == time.length) {
                resize(size * 2);
            }
        }

        void resize(int n) {
            time = Arrays.copyOf(time, n);
        }

        abstract void load(long from, long end);

        abstract MarketEvent emit();
    }

    private final class Trades extends Stream {
        long[] exchange = new long[256];
        long[] price = new long[256];
        long[] amount = new long[256];
        Side[] side = new Side[256];
        String[] id = new String[256];

        Trades(Instrument instrument, long from) {
            super(instrument, from);
        }

        @Override
        String table() {
            return Schema.TRADES;
        }

        @Override
        String timeColumn() {
            return "local_ts";
        }

        @Override
        void resize(int n) {
            super.resize(n);
            exchange = Arrays.copyOf(exchange, n);
            price = Arrays.copyOf(price, n);
            amount = Arrays.copyOf(amount, n);
            side = Arrays.copyOf(side, n);
            id = Arrays.copyOf(id, n);
        }

        @Override
        void load(long from, long end) {
            store.query("SELECT local_ts, ts, id, price, amount, side, scales FROM " + Schema.TRADES
                            + " WHERE venue = $1 AND symbol = $2 AND local_ts >= $3 AND local_ts < $4 ORDER BY local_ts",
                    List.of(QueryArg.text(instrument.venue()), QueryArg.text(instrument.nativeSymbol()), QueryArg.timestamp(from),
                            QueryArg.timestamp(end)),
                    row -> {
                        grow();
                        int scales = row.intValue(6);
                        time[size] = row.timestamp(0);
                        exchange[size] = row.timestamp(1);
                        CharSequence tradeId = row.text(2);
                        id[size] = tradeId == null ? "" : tradeId.toString();
                        price[size] = row.decimal(3, Wide.unpackScale(scales, 0));
                        amount[size] = row.decimal(4, Wide.unpackScale(scales, 1));
                        CharSequence s = row.text(5);
                        side[size] = s == null ? Side.UNKNOWN : s.charAt(0) == 'b' ? Side.BUY : Side.SELL;
                        size++;
                        rowsRead++;
                        return true;
                    });
        }

        @Override
        MarketEvent emit() {
            int i = pos++;
            trade.reset();
            trade.instrument(instrument);
            trade.times(exchange[i], time[i]);
            trade.set(price[i], amount[i], side[i]);
            trade.id().set(id[i]);
            return trade;
        }
    }

    /** Derivative tickers of a perpetual (mark price and funding), by receive time. */
    private final class Tickers extends Stream {
        long[] exchange = new long[256];
        long[] mark = new long[256];
        long[] rate = new long[256];
        long[] fundingTime = new long[256];
        private final io.dpp.core.model.DerivativeTicker ticker = new io.dpp.core.model.DerivativeTicker();

        Tickers(Instrument instrument, long from) {
            super(instrument, from);
        }

        @Override
        String table() {
            return Schema.DERIVATIVE_TICKERS;
        }

        @Override
        String timeColumn() {
            return "ts";
        }

        @Override
        void resize(int n) {
            super.resize(n);
            exchange = Arrays.copyOf(exchange, n);
            mark = Arrays.copyOf(mark, n);
            rate = Arrays.copyOf(rate, n);
            fundingTime = Arrays.copyOf(fundingTime, n);
        }

        @Override
        void load(long from, long end) {
            store.query("SELECT ts, exchange_ts, mark_price, funding_rate, funding_ts, scales FROM " + Schema.DERIVATIVE_TICKERS
                            + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4 ORDER BY ts",
                    List.of(QueryArg.text(instrument.venue()), QueryArg.text(instrument.nativeSymbol()), QueryArg.timestamp(from),
                            QueryArg.timestamp(end)),
                    row -> {
                        grow();
                        long scales = row.longValue(5);
                        time[size] = row.timestamp(0);
                        exchange[size] = orUnknown(row.timestamp(1));
                        mark[size] = row.decimal(2, Wide.unpackScale(scales, 1));
                        rate[size] = row.decimal(3, Wide.unpackScale(scales, 3));
                        fundingTime[size] = orUnknown(row.timestamp(4));
                        size++;
                        rowsRead++;
                        return true;
                    });
        }

        private static long orUnknown(long t) {
            return t == Long.MIN_VALUE ? io.dpp.core.time.Timestamps.UNKNOWN : t;
        }

        @Override
        MarketEvent emit() {
            int i = pos++;
            ticker.reset();
            ticker.instrument(instrument);
            ticker.times(exchange[i], time[i]);
            ticker.prices(io.dpp.core.decimal.Decimal64.NULL, mark[i], io.dpp.core.decimal.Decimal64.NULL);
            ticker.funding(rate[i], io.dpp.core.decimal.Decimal64.NULL, fundingTime[i]);
            return ticker;
        }
    }

    private final class Books extends Stream {
        long[] exchange = new long[256];
        boolean[] snapshot = new boolean[256];
        byte[] bid = new byte[256]; // 1 bid, 0 ask, -1 none (an emptied book)
        long[] price = new long[256];
        long[] amount = new long[256];
        long[] sequence = new long[256];
        private final long from;
        private boolean started;

        Books(Instrument instrument, long from) {
            super(instrument, from);
            this.from = from;
        }

        @Override
        String table() {
            return Schema.BOOK_CHANGES;
        }

        @Override
        String timeColumn() {
            return "ts";
        }

        @Override
        void resize(int n) {
            super.resize(n);
            exchange = Arrays.copyOf(exchange, n);
            snapshot = Arrays.copyOf(snapshot, n);
            bid = Arrays.copyOf(bid, n);
            price = Arrays.copyOf(price, n);
            amount = Arrays.copyOf(amount, n);
            sequence = Arrays.copyOf(sequence, n);
        }

        @Override
        void load(long start, long end) {
            long changesFrom = start;
            if (!started) {
                started = true;
                changesFrom = startingPoint(end);
            }
            store.query("SELECT ts, exchange_ts, snapshot, side, price, amount, venue_seq, scales FROM " + Schema.BOOK_CHANGES
                            + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4",
                    List.of(QueryArg.text(instrument.venue()), QueryArg.text(instrument.nativeSymbol()),
                            QueryArg.timestamp(changesFrom), QueryArg.timestamp(end)),
                    row -> {
                        grow();
                        int scales = row.intValue(7);
                        time[size] = row.timestamp(0);
                        exchange[size] = row.timestamp(1);
                        snapshot[size] = row.bool(2);
                        CharSequence s = row.text(3);
                        bid[size] = (byte) (s == null ? -1 : s.charAt(0) == 'b' ? 1 : 0);
                        if (s != null) {
                            price[size] = row.decimal(4, Wide.unpackScale(scales, 0));
                            amount[size] = row.decimal(5, Wide.unpackScale(scales, 1));
                        }
                        long seq = row.longValue(6);
                        sequence[size] = seq == Long.MIN_VALUE ? BookChange.NO_SEQUENCE : seq;
                        size++;
                        rowsRead++;
                        return true;
                    });
        }

        /**
         * Loads the latest full book at or before {@code from} (a checkpoint as a snapshot group) and
         * returns where the changes start: that snapshot's time, or just after the checkpoint.
         */
        private long startingPoint(long end) {
            List<QueryArg> args = List.of(QueryArg.text(instrument.venue()), QueryArg.text(instrument.nativeSymbol()),
                    QueryArg.timestamp(from));
            long snap = max("SELECT max(ts) FROM " + Schema.BOOK_CHANGES + " WHERE venue = $1 AND symbol = $2 AND snapshot AND ts <= $3",
                    args);
            long checkpoint = max("SELECT max(ts) FROM " + Schema.BOOK_CHECKPOINTS + " WHERE venue = $1 AND symbol = $2 AND ts <= $3",
                    args);
            if (checkpoint != Long.MIN_VALUE && checkpoint > snap) {
                store.query("SELECT side, price, amount, scales FROM " + Schema.BOOK_CHECKPOINTS
                                + " WHERE venue = $1 AND symbol = $2 AND ts = $3",
                        List.of(QueryArg.text(instrument.venue()), QueryArg.text(instrument.nativeSymbol()),
                                QueryArg.timestamp(checkpoint)), row -> {
                            grow();
                            int scales = row.intValue(3);
                            time[size] = checkpoint;
                            exchange[size] = Long.MIN_VALUE;
                            snapshot[size] = true;
                            bid[size] = (byte) (row.text(0).charAt(0) == 'b' ? 1 : 0);
                            price[size] = row.decimal(1, Wide.unpackScale(scales, 0));
                            amount[size] = row.decimal(2, Wide.unpackScale(scales, 1));
                            sequence[size] = BookChange.NO_SEQUENCE;
                            size++;
                            rowsRead++;
                            return true;
                        });
                return checkpoint + 1;
            }
            return snap != Long.MIN_VALUE ? snap : from;
        }

        private long max(String sql, List<QueryArg> args) {
            long[] v = {Long.MIN_VALUE};
            store.query(sql, args, row -> {
                v[0] = row.timestamp(0);
                return false;
            });
            return v[0];
        }

        @Override
        MarketEvent emit() {
            // The rows of one change share their receive time (and snapshot flag).
            int i = pos;
            long t = time[i];
            boolean snap = snapshot[i];
            change.reset();
            change.instrument(instrument);
            change.times(exchange[i] == Long.MIN_VALUE ? io.dpp.core.time.Timestamps.UNKNOWN : exchange[i], t);
            change.begin(snap, sequence[i]);
            while (pos < size && time[pos] == t && snapshot[pos] == snap) {
                if (bid[pos] >= 0) {
                    change.addLevel(bid[pos] == 1 ? BookSide.BID : BookSide.ASK, price[pos], amount[pos]);
                }
                pos++;
            }
            return change;
        }
    }
}
