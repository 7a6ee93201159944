package io.dpp.historical.recorder;

import io.dpp.bus.BusConsumer;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.Execution;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.text.AsciiSequence;
import io.dpp.core.time.Timestamps;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.TableSink;
import io.dpp.store.Wide;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every bus event into the store: one row per trade, liquidation, quote, ticker, candle and
 * feed status, one row per level of a book change, and one row per instrument the first time it
 * is seen. Runs on the bus subscription's thread; rows become durable at each commit, after
 * {@code commitRows} rows or {@code commitInterval}, whichever comes first, and only then does it
 * tell the bus that what it received is durable.
 *
 * <p>Deduplication keys (see {@link Schema}) make re-delivery harmless. Trades and liquidations
 * carry an ordinal that tells apart trades with equal time and id (venues without trade ids can
 * send two equal-time trades): 0 for the first such trade in the stream, 1 for the next.
 */
public final class Recorder implements BusConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final QuestDbStore store;
    private final int commitRows;
    private final long commitIntervalNanos;
    private final RecorderStats stats;
    private final Table trades;
    private final Table liquidations;
    private final Table books;
    private final Table quotes;
    private final Table tickers;
    private final Table candles;
    private final Table status;
    private final Table instruments;
    private final Table checkpoints;
    private final Table[] tables;
    private final long checkpointMicros;
    private final Map<Instrument, BookReplica> replicas = new HashMap<>();
    private final Map<Instrument, Ordinal> ordinals = new HashMap<>();
    private final Set<Instrument> known = new HashSet<>();
    private long pending;
    private long lastCommitNanos = System.nanoTime();
    private long maxReceiveTime = Long.MIN_VALUE;
    private long oldestPending = Long.MAX_VALUE;
    /** A commit failed: rows were lost from the writer, so nothing may be acknowledged any more. */
    private boolean lostSinceAcknowledged;
    /** How long a failed commit is tried again (the store restarting) before its rows are given up. */
    private long retryForNanos = java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    /** True while a commit is being tried again: the store is away (readiness says so). */
    private volatile boolean storeAway;

    public Recorder(QuestDbStore store, int commitRows, java.time.Duration commitInterval, RecorderStats stats) {
        this(store, commitRows, commitInterval, java.time.Duration.ofSeconds(60), stats);
    }

    /**
     * @param checkpointInterval least receive time between two full-book checkpoints of an instrument
     */
    public Recorder(QuestDbStore store, int commitRows, java.time.Duration commitInterval,
                    java.time.Duration checkpointInterval, RecorderStats stats) {
        this.store = store;
        this.checkpointMicros = checkpointInterval.toNanos() / 1_000;
        this.commitRows = commitRows;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.stats = stats;
        trades = new Table(Schema.TRADES);
        liquidations = new Table(Schema.LIQUIDATIONS);
        books = new Table(Schema.BOOK_CHANGES);
        quotes = new Table(Schema.QUOTES);
        tickers = new Table(Schema.DERIVATIVE_TICKERS);
        candles = new Table(Schema.CANDLES);
        status = new Table(Schema.FEED_STATUS);
        instruments = new Table(Schema.INSTRUMENTS);
        checkpoints = new Table(Schema.BOOK_CHECKPOINTS);
        tables = new Table[] {trades, liquidations, books, quotes, tickers, candles, status, instruments, checkpoints};
    }

    /**
     * How long a commit that failed is tried again, with backoff from 100 ms to 5 s, before its rows
     * are given up (and nothing more is acknowledged, so that a restart has the bus deliver them
     * again). Meanwhile the recorder takes no new events: the bus holds them.
     */
    public Recorder retryFor(java.time.Duration retry) {
        this.retryForNanos = retry.toNanos();
        return this;
    }

    /** True while a failed commit is being tried again: the store cannot be written. */
    public boolean storeAway() {
        return storeAway;
    }

    @Override
    public void onEvent(MarketEvent event) {
        Instrument instrument = event.instrument();
        if (instrument != null && known.add(instrument)) {
            writeInstrument(instrument, event.receiveTime(), event.demo());
        }
        switch (event.type()) {
            case TRADE -> writeExecution(trades, (Execution) event);
            case LIQUIDATION -> writeExecution(liquidations, (Execution) event);
            case BOOK_CHANGE -> writeBook((BookChange) event);
            case QUOTE -> writeQuote((Quote) event);
            case DERIVATIVE_TICKER -> writeTicker((DerivativeTicker) event);
            case CANDLE -> writeCandle((Candle) event);
            case FEED_STATUS -> writeStatus((FeedStatus) event);
        }
        if (event.receiveTime() > maxReceiveTime) {
            maxReceiveTime = event.receiveTime();
        }
        if (event.receiveTime() < oldestPending) {
            oldestPending = event.receiveTime();
        }
    }

    @Override
    public boolean endOfBatch(boolean idle) {
        if (pending >= commitRows || pending > 0 && System.nanoTime() - lastCommitNanos >= commitIntervalNanos) {
            commit();
        } else {
            stats.pending(pending);
        }
        return pending == 0 && !lostSinceAcknowledged;
    }

    @Override
    public boolean flush() {
        commit();
        return !lostSinceAcknowledged;
    }

    @Override
    public boolean onClose() {
        commit();
        for (Table t : tables) {
            t.close();
        }
        return !lostSinceAcknowledged;
    }

    /** Commits every table with pending rows. */
    public void commit() {
        if (pending == 0) {
            lastCommitNanos = System.nanoTime();
            return;
        }
        long t0 = System.nanoTime();
        boolean failed = !commitTables() && !retry(t0);
        long t1 = System.nanoTime();
        stats.committed(pending, t1 - t0, maxReceiveTime, oldestPending, failed);
        oldestPending = Long.MAX_VALUE;
        if (failed && !lostSinceAcknowledged) {
            lostSinceAcknowledged = true;
            LOG.error("recorder: from now on nothing is acknowledged to the bus, so that a restart re-delivers"
                    + " (and the store deduplicates) everything since the last good commit");
        }
        pending = 0;
        stats.pending(0);
        lastCommitNanos = t1;
    }

    /** Commits every table with pending rows; false when one failed (it keeps its rows for another try). */
    private boolean commitTables() {
        boolean ok = true;
        for (Table t : tables) {
            ok &= t.commit();
        }
        return ok;
    }

    /**
     * Tries the failed tables' commits again until they succeed or {@link #retryFor} has passed
     * since {@code since}; then gives their rows up. True when everything was committed.
     */
    private boolean retry(long since) {
        storeAway = true;
        long backoff = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);
        long deadline = since + retryForNanos;
        try {
            while (System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(backoff, Math.max(1, deadline - System.nanoTime())));
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                stats.retried();
                if (commitTables()) {
                    LOG.info("recorder: the store took the commit again after {} ms; nothing was lost",
                            (System.nanoTime() - since) / 1_000_000);
                    return true;
                }
                backoff = Math.min(backoff * 2, java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
            }
            for (Table t : tables) {
                t.discard();
            }
            return false;
        } finally {
            storeAway = false;
        }
    }

    // ---- rows ---------------------------------------------------------------------------------

    private void writeExecution(Table table, Execution e) {
        long ts = e.exchangeTime() != Timestamps.UNKNOWN ? e.exchangeTime() : e.receiveTime();
        Ordinal ord = ordinals.computeIfAbsent(e.instrument(), k -> new Ordinal());
        int n = ord.next(table == trades, ts, e.id());
        TableSink row = table.row(ts);
        row.putTimestamp(table.col("local_ts"), e.receiveTime());
        header(table, row, e);
        row.putVarchar(table.col("id"), e.id());
        row.putInt(table.col("ord"), n);
        putDecimal(row, table.col("price"), e.price());
        putDecimal(row, table.col("amount"), e.amount());
        if (e.side() != Side.UNKNOWN) {
            row.putSym(table.col("side"), e.side() == Side.BUY ? "buy" : "sell");
        }
        row.putInt(table.col("scales"), (int) Wide.packScale(Wide.packScale(0, 0, e.price()), 1, e.amount()));
        append(table, row);
    }

    private void writeBook(BookChange b) {
        Table t = books;
        int levels = b.levelCount();
        if (levels == 0 && !b.snapshot()) {
            return;
        }
        BookReplica replica = replicas.computeIfAbsent(b.instrument(), k -> new BookReplica());
        if (replica.checkpointDue(b.receiveTime(), checkpointMicros)) {
            writeCheckpoint(b.instrument(), replica);
        }
        replica.apply(b);
        boolean[] superseded = superseded(b, levels);
        for (int i = 0; i < Math.max(1, levels); i++) {
            if (superseded != null && superseded[i]) {
                continue;
            }
            TableSink row = t.row(b.receiveTime());
            header(t, row, b);
            putTime(row, t.col("exchange_ts"), b.exchangeTime());
            row.putBool(t.col("snapshot"), b.snapshot());
            if (b.sequence() != BookChange.NO_SEQUENCE) {
                row.putLong(t.col("venue_seq"), b.sequence());
            }
            if (levels > 0) {
                // An empty snapshot (the book was cleared) is one row without side or price.
                row.putSym(t.col("side"), b.isBid(i) ? "bid" : "ask");
                putDecimal(row, t.col("price"), b.price(i));
                putDecimal(row, t.col("amount"), b.size(i));
                row.putInt(t.col("scales"), (int) Wide.packScale(Wide.packScale(0, 0, b.price(i)), 1, b.size(i)));
            }
            append(t, row);
        }
    }

    /**
     * The levels of a change that a later level of the same change replaces (same side and price;
     * BitMEX and Bybit send such messages): the store keeps one row per key and time, the last, so
     * only the last is written and the rows counted as committed are the rows the table holds.
     * Null when there are none, the usual case.
     */
    static boolean[] superseded(BookChange b, int levels) {
        if (levels < 2) {
            return null;
        }
        boolean[] out = null;
        if (levels <= 32) {
            for (int i = 0; i < levels - 1; i++) {
                for (int j = i + 1; j < levels; j++) {
                    if (b.price(j) == b.price(i) && b.isBid(j) == b.isBid(i)) {
                        if (out == null) {
                            out = new boolean[levels];
                        }
                        out[i] = true;
                        break;
                    }
                }
            }
            return out;
        }
        java.util.Set<Long> bids = new java.util.HashSet<>();
        java.util.Set<Long> asks = new java.util.HashSet<>();
        for (int i = levels - 1; i >= 0; i--) {
            if (!(b.isBid(i) ? bids : asks).add(b.price(i))) {
                if (out == null) {
                    out = new boolean[levels];
                }
                out[i] = true;
            }
        }
        return out;
    }

    private void writeQuote(Quote q) {
        Table t = quotes;
        TableSink row = t.row(q.receiveTime());
        header(t, row, q);
        putTime(row, t.col("exchange_ts"), q.exchangeTime());
        // Quotes of one instrument one message batches with the same venue time are told apart by their order.
        row.putInt(t.col("ord"), ordinals.computeIfAbsent(q.instrument(), k -> new Ordinal())
                .nextQuote(q.receiveTime(), q.exchangeTime()));
        putDecimal(row, t.col("bid_price"), q.bidPrice());
        putDecimal(row, t.col("bid_amount"), q.bidSize());
        putDecimal(row, t.col("ask_price"), q.askPrice());
        putDecimal(row, t.col("ask_amount"), q.askSize());
        long scales = Wide.packScale(0, 0, q.bidPrice());
        scales = Wide.packScale(scales, 1, q.bidSize());
        scales = Wide.packScale(scales, 2, q.askPrice());
        scales = Wide.packScale(scales, 3, q.askSize());
        row.putInt(t.col("scales"), (int) scales);
        append(t, row);
    }

    private void writeTicker(DerivativeTicker d) {
        Table t = tickers;
        TableSink row = t.row(d.receiveTime());
        header(t, row, d);
        putTime(row, t.col("exchange_ts"), d.exchangeTime());
        long scales = 0;
        for (int i = 0; i < Schema.TICKER_FIELDS.length; i++) {
            long v = switch (i) {
                case 0 -> d.lastPrice();
                case 1 -> d.markPrice();
                case 2 -> d.indexPrice();
                case 3 -> d.fundingRate();
                case 4 -> d.predictedFundingRate();
                default -> d.openInterest();
            };
            putDecimal(row, t.col(Schema.TICKER_FIELDS[i]), v);
            scales = Wide.packScale(scales, i, v);
        }
        putTime(row, t.col("funding_ts"), d.fundingTime());
        row.putLong(t.col("scales"), scales);
        append(t, row);
    }

    private void writeCandle(Candle c) {
        Table t = candles;
        TableSink row = t.row(c.openTime());
        header(t, row, c);
        row.putTimestamp(t.col("local_ts"), c.receiveTime());
        row.putLong(t.col("interval_us"), c.intervalMicros());
        long scales = 0;
        for (int i = 0; i < Schema.CANDLE_FIELDS.length; i++) {
            long v = switch (i) {
                case 0 -> c.open();
                case 1 -> c.high();
                case 2 -> c.low();
                case 3 -> c.close();
                default -> c.volume();
            };
            putDecimal(row, t.col(Schema.CANDLE_FIELDS[i]), v);
            scales = Wide.packScale(scales, i, v);
        }
        row.putLong(t.col("trades"), c.tradeCount());
        row.putBool(t.col("closed"), c.closed());
        row.putLong(t.col("scales"), scales);
        append(t, row);
    }

    /** Every level of the replica as of its last change, at that change's receive time. */
    private void writeCheckpoint(Instrument instrument, BookReplica replica) {
        Table t = checkpoints;
        long ts = replica.lastChange();
        replica.forEachLevel((bid, price, size) -> {
            TableSink row = t.row(ts);
            row.putSym(t.col("venue"), instrument.venue());
            row.putSym(t.col("symbol"), instrument.nativeSymbol());
            row.putSym(t.col("side"), bid ? "bid" : "ask");
            putDecimal(row, t.col("price"), price);
            putDecimal(row, t.col("amount"), size);
            row.putInt(t.col("scales"), (int) Wide.packScale(Wide.packScale(0, 0, price), 1, size));
            append(t, row);
        });
        replica.checkpointWritten();
    }

    private void writeStatus(FeedStatus s) {
        if (s.state() == FeedState.GAP_DETECTED || s.state() == FeedState.DISCONNECTED) {
            // The feed lost track: the replicas wait for the next snapshot before checkpointing again.
            if (s.instrument() != null) {
                BookReplica r = replicas.get(s.instrument());
                if (r != null) {
                    r.invalidate();
                }
            } else {
                replicas.forEach((i, r) -> {
                    if (i.venue().equals(s.venue())) {
                        r.invalidate();
                    }
                });
            }
        }
        Table t = status;
        TableSink row = t.row(s.receiveTime());
        header(t, row, s);
        putTime(row, t.col("exchange_ts"), s.exchangeTime());
        row.putSym(t.col("state"), s.state().name().toLowerCase());
        row.putVarchar(t.col("reason"), s.reason());
        append(t, row);
    }

    /** The whole definition, so that history can rebuild the instrument (and its normalized name). */
    private void writeInstrument(Instrument i, long receiveTime, boolean demo) {
        Table t = instruments;
        TableSink row = t.row(0);
        row.putSym(t.col("venue"), i.venue());
        row.putSym(t.col("symbol"), i.nativeSymbol());
        row.putSym(t.col("normalized"), i.normalizedSymbol());
        row.putSym(t.col("type"), i.type().name().toLowerCase());
        row.putSym(t.col("base"), i.base());
        row.putSym(t.col("quote"), i.quote());
        if (i.expiry() != null) {
            row.putTimestamp(t.col("expiry"), i.expiry().toEpochDay() * 86_400_000_000L);
        }
        if (i.optionKind() != null) {
            row.putSym(t.col("option_kind"), i.optionKind().name().toLowerCase());
        }
        long scales = 0;
        for (int k = 0; k < Schema.INSTRUMENT_FIELDS.length; k++) {
            long v = switch (k) {
                case 0 -> i.strike();
                case 1 -> i.tickSize();
                case 2 -> i.lotSize();
                default -> i.contractSize();
            };
            putDecimal(row, t.col(Schema.INSTRUMENT_FIELDS[k]), v);
            scales = Wide.packScale(scales, k, v);
        }
        row.putLong(t.col("scales"), scales);
        row.putTimestamp(t.col("first_seen"), receiveTime);
        if (demo) {
            row.putBool(t.col(Schema.DEMO), true);
        }
        append(t, row);
    }

    private void header(Table t, TableSink row, MarketEvent e) {
        row.putSym(t.col("venue"), e.venue());
        if (e.instrument() != null) {
            row.putSym(t.col("symbol"), e.instrument().nativeSymbol());
        }
        if (e.demo()) {
            row.putBool(t.col(Schema.DEMO), true); // real data leaves it null: nothing written per row
        }
    }

    private void append(Table t, TableSink row) {
        row.append();
        t.pending++;
        pending++;
    }

    private static void putTime(TableSink row, int col, long micros) {
        if (micros != Timestamps.UNKNOWN) {
            row.putTimestamp(col, micros);
        }
    }

    private static void putDecimal(TableSink row, int col, long d) {
        row.putDecimal(col, d);
    }

    /** Ordinal of a trade among the trades of its instrument with the same time and id. */
    private static final class Ordinal {
        private long ts = Long.MIN_VALUE;
        private final AsciiSequence id = new AsciiSequence();
        private int n;
        private boolean trade;

        private long quoteTs = Long.MIN_VALUE;
        private long quoteVenueTs = Long.MIN_VALUE;
        private int quoteN;

        /** Ordinal of a quote among the quotes of its instrument with the same receive and venue times. */
        int nextQuote(long receiveTime, long venueTime) {
            if (receiveTime == quoteTs && venueTime == quoteVenueTs) {
                return ++quoteN;
            }
            quoteTs = receiveTime;
            quoteVenueTs = venueTime;
            quoteN = 0;
            return 0;
        }

        int next(boolean isTrade, long time, AsciiSequence tradeId) {
            if (time == ts && isTrade == trade && id.contentEquals(tradeId)) {
                return ++n;
            }
            ts = time;
            trade = isTrade;
            id.set(tradeId);
            n = 0;
            return 0;
        }
    }

    /** A table's sink and its column handles, reopened after a failed commit. */
    private final class Table {
        private final String name;
        private final Map<String, Integer> columns = new HashMap<>();
        private TableSink sink;
        long pending;
        /** Failed commits of the pending rows in a row. */
        private int failures;

        Table(String name) {
            this.name = name;
            sink = store.sink(name);
        }

        TableSink row(long micros) {
            sink.newRow(micros);
            return sink;
        }

        int col(String column) {
            Integer i = columns.get(column);
            if (i == null) {
                i = sink.column(column);
                columns.put(column, i);
            }
            return i;
        }

        /** Commits the pending rows; false when the store refused, the rows kept for another try ({@link #discard}). */
        boolean commit() {
            if (pending == 0) {
                return true;
            }
            try {
                sink.commit();
                stats.rows(name, pending);
                pending = 0;
                failures = 0;
                return true;
            } catch (RuntimeException e) {
                if (failures++ == 0) {
                    LOG.warn("recorder: commit of {} row(s) to {} failed, trying again: {}", pending, name, e.toString());
                }
                return false;
            }
        }

        /** Gives up the rows of a commit that kept failing, and starts a fresh sink. */
        void discard() {
            if (pending == 0) {
                return;
            }
            LOG.error("recorder: commit of {} row(s) to {} failed {} time(s); they are lost unless the bus re-delivers them",
                    pending, name, failures);
            pending = 0;
            failures = 0;
            try {
                sink.close();
            } catch (RuntimeException ignored) {
                // the sink is broken already
            }
            try {
                sink = store.sink(name);
            } catch (RuntimeException e) {
                LOG.error("recorder: cannot open {} again: {}", name, e.toString());
            }
            columns.clear();
        }

        void close() {
            sink.close();
        }
    }
}
