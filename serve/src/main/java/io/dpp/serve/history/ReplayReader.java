package io.dpp.serve.history;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.json.EventJsonWriter;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.BookSide;
import io.dpp.core.model.Candle;
import io.dpp.core.model.DerivativeTicker;
import io.dpp.core.model.Execution;
import io.dpp.core.model.FeedState;
import io.dpp.core.model.FeedStatus;
import io.dpp.core.model.Liquidation;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.store.InstrumentDirectory;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.StoreRow;
import io.dpp.store.Wide;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads what a replay sends from the store: the events of a time window of the replay's tables,
 * each as its JSON message with its place on the replay clock, and where the next recorded event
 * lies after an empty stretch. A window holds at most a given number of events, so that one
 * replay's memory stays bounded however busy the market was.
 */
final class ReplayReader {

    /** Channels in the order that breaks ties between equal times. */
    static final List<String> CHANNELS = List.of("feed_status", "book_changes", "quotes", "trades", "liquidations",
            "derivative_tickers", "candles");

    private final QuestDbStore store;
    private final InstrumentDirectory instruments;

    ReplayReader(QuestDbStore store, InstrumentDirectory instruments) {
        this.store = store;
        this.instruments = instruments;
    }

    /** One event ready to send, with its place on the replay clock. */
    record Item(long time, int channel, long order, String json) {
    }

    /**
     * How far a trade's receive time may lie from its venue time for the trade to be replayed at its
     * receipt: five minutes. A trade received later (the recent trades some venues send to a new
     * subscriber, Bitfinex's going back days) or from a venue whose clock is off by more is replayed
     * at its venue time: so every trade's replay time lies within this distance of the time it is
     * stored at, and a window of the replay reads only the trades stored near it.
     */
    static final long RECEIPT_TOLERANCE = 300_000_000L;
    /** The longest candle interval a venue sends (a month): how long after its open a candle may be received. */
    static final long LONGEST_CANDLE = 31L * 86_400_000_000L;
    /** A trade's place on the replay clock, in SQL (see {@link #replayTime}). */
    private static final String TRADE_TIME = "(CASE WHEN local_ts - ts BETWEEN -" + RECEIPT_TOLERANCE + " AND "
            + RECEIPT_TOLERANCE + " THEN local_ts ELSE ts END)";

    /** A trade's place on the replay clock: its receive time, or its venue time when the two lie far apart. */
    static long replayTime(long venueTime, long receiveTime) {
        return Math.abs(receiveTime - venueTime) <= RECEIPT_TOLERANCE ? receiveTime : venueTime;
    }

    private static boolean executions(String channel) {
        return channel.equals(Schema.TRADES) || channel.equals(Schema.LIQUIDATIONS);
    }

    /**
     * The rows of {@code channel} whose replay time is in [$1, $2). Tables stored at the receive
     * time are read on it; trades, stored at the venue's time, by {@link #TRADE_TIME} among the rows
     * stored within {@link #RECEIPT_TOLERANCE} of the window ($3, $4); candles, stored at their open,
     * by {@code local_ts} among those opened up to {@link #LONGEST_CANDLE} before the window.
     */
    private static String window(String channel, String where) {
        if (executions(channel)) {
            return " WHERE ts >= $3 AND ts < $4 AND " + TRADE_TIME + " >= $1 AND " + TRADE_TIME + " < $2" + where;
        }
        if (channel.equals(Schema.CANDLES)) {
            return " WHERE ts >= $3 AND ts < $4 AND local_ts >= $1 AND local_ts < $2" + where;
        }
        return " WHERE ts >= $1 AND ts < $2" + where;
    }

    private static List<QueryArg> windowArgs(String channel, long w0, long w1) {
        if (executions(channel) || channel.equals(Schema.CANDLES)) {
            long before = channel.equals(Schema.CANDLES) ? LONGEST_CANDLE + RECEIPT_TOLERANCE : RECEIPT_TOLERANCE;
            return List.of(QueryArg.timestamp(w0), QueryArg.timestamp(w1), QueryArg.timestamp(w0 - before),
                    QueryArg.timestamp(w1 + RECEIPT_TOLERANCE));
        }
        return List.of(QueryArg.timestamp(w0), QueryArg.timestamp(w1));
    }

    /**
     * Where the replay goes on after an empty stretch from {@code from}: the earliest replay time at
     * or after it in the plan's tables, or a time before that by at most twice
     * {@link #RECEIPT_TOLERANCE} (the replay then reads a few empty windows), or MIN_VALUE when
     * nothing follows.
     */
    long next(HistoryReplay.Plan plan, long from) {
        long best = Long.MIN_VALUE;
        String where = in("venue", plan.venues()) + (plan.symbols().isEmpty() ? "" : in("symbol", plan.symbols()));
        for (String channel : plan.channels()) {
            long v;
            if (executions(channel)) {
                v = nextExecution(channel, where, from);
            } else if (channel.equals(Schema.CANDLES)) {
                v = nextCandle(where, from);
            } else {
                v = min("SELECT min(ts) FROM " + channel + " WHERE ts >= $1" + where, List.of(QueryArg.timestamp(from)));
            }
            if (v != Long.MIN_VALUE && (best == Long.MIN_VALUE || v < best)) {
                best = v;
            }
        }
        return best;
    }

    /**
     * A trade replayed from {@code from} on is stored from {@code from - tolerance} on. Those stored
     * before {@code from + tolerance} are searched; every one stored later has a replay time of at
     * least its stored time less the tolerance, which bounds them by the earliest of them (found on
     * the designated time, cheaply).
     */
    private long nextExecution(String channel, String where, long from) {
        long near = min("SELECT min" + TRADE_TIME + " FROM " + channel + " WHERE ts >= $2 AND ts < $3 AND " + TRADE_TIME
                + " >= $1" + where, List.of(QueryArg.timestamp(from), QueryArg.timestamp(from - RECEIPT_TOLERANCE),
                        QueryArg.timestamp(from + RECEIPT_TOLERANCE)));
        long later = min("SELECT min(ts) FROM " + channel + " WHERE ts >= $1" + where,
                List.of(QueryArg.timestamp(from + RECEIPT_TOLERANCE)));
        long far = later == Long.MIN_VALUE ? Long.MIN_VALUE : Math.max(from, later - RECEIPT_TOLERANCE);
        if (near == Long.MIN_VALUE) {
            return far;
        }
        return far == Long.MIN_VALUE ? near : Math.min(near, far);
    }

    /**
     * The earliest receipt of a candle at or after {@code from}. A candle received then opened at most
     * a month (and the tolerance) before: those opened before {@code from + tolerance} are searched
     * first; when none qualifies, the earliest opened later (found cheaply) bounds the rest, since a
     * candle opened more than a month and twice the tolerance after it was received later.
     */
    private long nextCandle(String where, long from) {
        String byLocal = "SELECT min(local_ts) FROM " + Schema.CANDLES + " WHERE local_ts >= $1 AND ts >= $2 AND ts < $3" + where;
        long near = min(byLocal, List.of(QueryArg.timestamp(from), QueryArg.timestamp(from - LONGEST_CANDLE - RECEIPT_TOLERANCE),
                QueryArg.timestamp(from + RECEIPT_TOLERANCE)));
        if (near != Long.MIN_VALUE) {
            return near;
        }
        long later = min("SELECT min(ts) FROM " + Schema.CANDLES + " WHERE ts >= $1" + where,
                List.of(QueryArg.timestamp(from + RECEIPT_TOLERANCE)));
        if (later == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return min(byLocal, List.of(QueryArg.timestamp(from), QueryArg.timestamp(later),
                QueryArg.timestamp(later + LONGEST_CANDLE + 2 * RECEIPT_TOLERANCE + 1)));
    }

    private long min(String sql, List<QueryArg> args) {
        long[] v = {Long.MIN_VALUE};
        store.query(sql, args, r -> {
            v[0] = r.timestamp(0);
            return false;
        });
        return v[0];
    }

    /**
     * Every event of the plan with its replay time in [w0, w1), or null when there are more than
     * {@code max} (the caller halves the window).
     */
    List<Item> window(HistoryReplay.Plan plan, long w0, long w1, int max) {
        List<Item> items = new ArrayList<>();
        EventJsonWriter json = new EventJsonWriter();
        String where = in("venue", plan.venues()) + (plan.symbols().isEmpty() ? "" : in("symbol", plan.symbols()));
        for (String channel : plan.channels()) {
            if (items.size() > max) {
                return null;
            }
            String filter = window(channel, where);
            List<QueryArg> args = windowArgs(channel, w0, w1);
            int c = CHANNELS.indexOf(channel);
            long[] order = {0};
            switch (channel) {
                case "trades", "liquidations" -> {
                    Execution e = channel.equals("trades") ? new Trade() : new Liquidation();
                    store.query("SELECT ts, local_ts, venue, symbol, id, price, amount, side, scales, demo FROM " + channel + filter,
                            args, r -> {
                                if (instrument(e, r, 2)) {
                                    int scales = r.intValue(8);
                                    e.times(r.timestamp(0), r.timestamp(1));
                                    e.demo(r.bool(9));
                                    CharSequence id = r.text(4);
                                    e.id().set(id == null ? "" : id);
                                    long price = r.decimal(5, Wide.unpackScale(scales, 0));
                                    long amount = r.decimal(6, Wide.unpackScale(scales, 1));
                                    Side side = side(r.text(7));
                                    if (e instanceof Trade t) {
                                        t.set(price, amount, side);
                                    } else {
                                        ((Liquidation) e).set(price, amount, side);
                                    }
                                    items.add(new Item(replayTime(r.timestamp(0), r.timestamp(1)), c, order[0]++, text(json, e)));
                                }
                                return items.size() <= max;
                            });
                }
                case "book_changes" -> {
                    BookChange b = new BookChange();
                    long[] key = {Long.MIN_VALUE};
                    String[] sym = {null};
                    store.query("SELECT ts, exchange_ts, venue, symbol, snapshot, side, price, amount, venue_seq, scales, demo FROM "
                            + Schema.BOOK_CHANGES + filter, args, r -> {
                                long ts = r.timestamp(0);
                                String symbol = r.text(3).toString();
                                if (ts != key[0] || !symbol.equals(sym[0])) {
                                    if (key[0] != Long.MIN_VALUE && b.instrument() != null) {
                                        items.add(new Item(key[0], c, order[0]++, text(json, b)));
                                    }
                                    key[0] = ts;
                                    sym[0] = symbol;
                                    b.instrument(null);
                                    if (instrument(b, r, 2)) {
                                        long seq = r.longValue(8);
                                        b.begin(r.bool(4), seq == Long.MIN_VALUE ? BookChange.NO_SEQUENCE : seq);
                                        b.times(exchange(r.timestamp(1)), ts);
                                        b.demo(r.bool(10));
                                    }
                                }
                                CharSequence side = r.text(5);
                                if (b.instrument() != null && side != null) {
                                    int scales = r.intValue(9);
                                    b.addLevel(side.charAt(0) == 'b' ? BookSide.BID : BookSide.ASK,
                                            r.decimal(6, Wide.unpackScale(scales, 0)), r.decimal(7, Wide.unpackScale(scales, 1)));
                                }
                                return items.size() <= max;
                            });
                    if (key[0] != Long.MIN_VALUE && b.instrument() != null) {
                        items.add(new Item(key[0], c, order[0]++, text(json, b)));
                    }
                }
                case "quotes" -> {
                    Quote q = new Quote();
                    store.query("SELECT ts, exchange_ts, venue, symbol, bid_price, bid_amount, ask_price, ask_amount, scales, demo FROM "
                            + Schema.QUOTES + filter, args, r -> {
                                if (instrument(q, r, 2)) {
                                    int s = r.intValue(8);
                                    q.times(exchange(r.timestamp(1)), r.timestamp(0));
                                    q.demo(r.bool(9));
                                    q.set(r.decimal(4, Wide.unpackScale(s, 0)), r.decimal(5, Wide.unpackScale(s, 1)),
                                            r.decimal(6, Wide.unpackScale(s, 2)), r.decimal(7, Wide.unpackScale(s, 3)));
                                    items.add(new Item(r.timestamp(0), c, order[0]++, text(json, q)));
                                }
                                return items.size() <= max;
                            });
                }
                case "derivative_tickers" -> {
                    DerivativeTicker d = new DerivativeTicker();
                    store.query("SELECT ts, exchange_ts, venue, symbol, " + String.join(", ", Schema.TICKER_FIELDS)
                            + ", funding_ts, scales, demo FROM " + Schema.DERIVATIVE_TICKERS + filter, args, r -> {
                                if (instrument(d, r, 2)) {
                                    long s = r.longValue(11);
                                    long[] v = new long[6];
                                    for (int k = 0; k < 6; k++) {
                                        v[k] = r.decimal(4 + k, Wide.unpackScale(s, k));
                                    }
                                    d.times(exchange(r.timestamp(1)), r.timestamp(0));
                                    d.demo(r.bool(12));
                                    d.prices(v[0], v[1], v[2]).funding(v[3], v[4], exchange(r.timestamp(10))).openInterest(v[5]);
                                    items.add(new Item(r.timestamp(0), c, order[0]++, text(json, d)));
                                }
                                return items.size() <= max;
                            });
                }
                case "candles" -> {
                    Candle k = new Candle();
                    store.query("SELECT ts, local_ts, venue, symbol, interval_us, open, high, low, close, volume, trades,"
                            + " closed, scales, demo FROM " + Schema.CANDLES + filter, args, r -> {
                                if (instrument(k, r, 2)) {
                                    long s = r.longValue(12);
                                    long[] v = new long[5];
                                    for (int x = 0; x < 5; x++) {
                                        v[x] = r.decimal(5 + x, Wide.unpackScale(s, x));
                                    }
                                    k.times(Timestamps.UNKNOWN, r.timestamp(1));
                                    k.demo(r.bool(13));
                                    k.interval(r.longValue(4), r.timestamp(0));
                                    k.set(v[0], v[1], v[2], v[3], v[4], r.longValue(10), r.bool(11));
                                    items.add(new Item(r.timestamp(1), c, order[0]++, text(json, k)));
                                }
                                return items.size() <= max;
                            });
                }
                default -> { // feed_status
                    FeedStatus f = new FeedStatus();
                    store.query("SELECT ts, exchange_ts, venue, symbol, state, reason, demo FROM " + Schema.FEED_STATUS + filter,
                            args, r -> {
                                FeedState state = FeedState.valueOf(r.text(4).toString().toUpperCase(Locale.ROOT));
                                CharSequence symbol = r.text(3);
                                if (symbol == null) {
                                    f.setVenueWide(r.text(2).toString(), state);
                                } else {
                                    Instrument i = instruments.find(r.text(2).toString(), symbol.toString());
                                    if (i == null) {
                                        return true;
                                    }
                                    f.set(i, state);
                                }
                                f.times(exchange(r.timestamp(1)), r.timestamp(0));
                                f.demo(r.bool(6));
                                CharSequence reason = r.text(5);
                                f.reason().set(reason == null ? "" : reason);
                                items.add(new Item(r.timestamp(0), c, order[0]++, text(json, f)));
                                return items.size() <= max;
                            });
                }
            }
        }
        return items.size() > max ? null : items;
    }

    private boolean instrument(MarketEvent e, StoreRow r, int venueColumn) {
        Instrument i = instruments.find(r.text(venueColumn).toString(), r.text(venueColumn + 1).toString());
        e.instrument(i);
        return i != null;
    }

    private static long exchange(long micros) {
        return micros == Long.MIN_VALUE ? Timestamps.UNKNOWN : micros;
    }

    private static Side side(CharSequence s) {
        if (s == null) {
            return Side.UNKNOWN;
        }
        return s.charAt(0) == 'b' ? Side.BUY : Side.SELL;
    }

    private static String text(EventJsonWriter json, MarketEvent e) {
        json.reset().write(e);
        int n = json.length();
        while (n > 0 && json.buffer()[n - 1] == '\n') {
            n--;
        }
        return new String(json.buffer(), 0, n, StandardCharsets.UTF_8);
    }

    static String in(String column, List<String> values) {
        Set<String> unique = new LinkedHashSet<>(values);
        StringBuilder sb = new StringBuilder(" AND ").append(column).append(" IN (");
        int n = 0;
        for (String v : unique) {
            sb.append(n++ > 0 ? ", '" : "'").append(v.replace("'", "''")).append('\'');
        }
        return sb.append(')').toString();
    }
}
