package io.dpp.historical.api;

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
import io.dpp.historical.recorder.Recorder;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.access.WebSocketAuth;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.store.InstrumentDirectory;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.StoreRow;
import io.dpp.store.Wide;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay over WebSocket: {@code GET /api/v1/replay?venues=&symbols=&channels=&from=&to=&speed=}
 * upgrades to a WebSocket and sends the recorded normalized events, one JSON text message each in
 * the live stream's format (decision 007), in time order across instruments and channels, at
 * {@code speed} times real time ({@code max}: as fast as the client reads), then one
 * {@code {"type":"replay_end",...}} message and a normal close.
 *
 * <p>The replay clock is the venue's trade time for trades and liquidations (the time candles are
 * bucketed by) and the receive time for everything else. The range is read in one-minute windows,
 * each merged in memory, so memory stays bounded whatever the range. Parameters are checked before
 * the upgrade: a bad request gets a 400 or 404 JSON answer, not a WebSocket.
 */
final class HistoryReplay {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReplay.class);
    private static final long WINDOW = 60_000_000L;
    /** Channels in the order that breaks ties between equal times. */
    static final List<String> CHANNELS = List.of("feed_status", "book_changes", "quotes", "trades", "liquidations",
            "derivative_tickers", "candles");

    private final QuestDbStore store;
    private final InstrumentDirectory instruments;
    private final Executor pool;

    HistoryReplay(QuestDbStore store, InstrumentDirectory instruments, Executor pool) {
        this.store = store;
        this.instruments = instruments;
        this.pool = pool;
    }

    /** What to replay, checked. */
    record Plan(List<String> venues, List<String> symbols, List<String> channels, long from, long to, double speed) {
    }

    /**
     * Checks the parameters, upgrades, and streams. A caller with a key header is checked before
     * the upgrade (403 as an HTTP answer); one without sends {@code {"op":"auth","key":"..."}} first
     * and is checked then (an error message and close 1008 when refused).
     */
    void handle(RoutingContext ctx, Access access) {
        Plan plan = plan(ctx);
        Grant grant = Grant.of(ctx);
        if (grant != null) {
            try {
                entitled(grant, plan);
            } catch (HttpProblem p) {
                access.denied("replay", "forbidden");
                throw p;
            }
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            if (grant != null) {
                start(ws, plan);
            } else {
                WebSocketAuth.await(ws, access, "replay", g -> {
                    entitled(g, plan);
                    start(ws, plan);
                });
            }
        }).onFailure(e -> LOG.debug("replay upgrade failed: {}", e.toString()));
    }

    private void start(ServerWebSocket ws, Plan plan) {
        try {
            pool.execute(() -> stream(ws, plan));
        } catch (RejectedExecutionException e) {
            ws.close((short) 1013, "too many history queries at once; retry shortly");
        }
    }

    /** 403 unless the plan covers every venue and channel asked for and the start time. */
    private static void entitled(Grant grant, Plan plan) {
        plan.venues().forEach(grant::checkVenue);
        plan.channels().forEach(grant::checkChannel);
        grant.checkHistory(plan.from(), Timestamps.now());
    }

    private Plan plan(RoutingContext ctx) {
        String venueParam = first(ctx, "venues", "venue");
        if (venueParam == null) {
            throw bad("venues is required: one or more venue ids, comma-separated");
        }
        List<String> venues = split(venueParam);
        List<String> symbols = new ArrayList<>();
        String symbolParam = first(ctx, "symbols", "symbol");
        for (String venue : venues) {
            if (instruments.ofVenue(venue).isEmpty()) {
                throw new HttpProblem(404, "not_found", "nothing has been recorded of venue \"" + venue + "\"");
            }
        }
        if (symbolParam != null) {
            for (String s : split(symbolParam)) {
                boolean found = false;
                for (String venue : venues) {
                    Instrument i = instruments.find(venue, s);
                    if (i != null) {
                        symbols.add(i.nativeSymbol());
                        found = true;
                    }
                }
                if (!found) {
                    throw new HttpProblem(404, "not_found", "no instrument \"" + s + "\" has been recorded on " + venues);
                }
            }
        }
        List<String> channels = ctx.request().getParam("channels") == null ? CHANNELS : split(ctx.request().getParam("channels"));
        for (String c : channels) {
            if (!CHANNELS.contains(c)) {
                throw bad("unknown channel \"" + c + "\"; channels are " + CHANNELS);
            }
        }
        long from = HistoryApi.time(ctx, "from", Long.MIN_VALUE);
        if (from == Long.MIN_VALUE) {
            throw bad("from is required: where the replay starts, ISO-8601 UTC");
        }
        long to = HistoryApi.time(ctx, "to", Timestamps.now());
        if (to <= from) {
            throw bad("to must be after from");
        }
        String speedParam = ctx.request().getParam("speed", "1");
        double speed;
        try {
            speed = speedParam.equals("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(speedParam);
        } catch (NumberFormatException e) {
            speed = -1;
        }
        if (!(speed > 0)) {
            throw bad("speed must be a positive number (1 is real time) or max; got \"" + speedParam + "\"");
        }
        List<String> ordered = CHANNELS.stream().filter(channels::contains).toList();
        return new Plan(venues, symbols, ordered, from, to, speed);
    }

    /** One event ready to send, with its place on the replay clock. */
    private record Item(long time, int channel, long order, String json) {
    }

    private void stream(ServerWebSocket ws, Plan plan) {
        long sent = 0;
        boolean[] closed = {false};
        ws.closeHandler(v -> closed[0] = true);
        long wallStart = System.nanoTime();
        try {
            for (long w0 = plan.from(); w0 < plan.to() && !closed[0]; w0 += WINDOW) {
                long w1 = Math.min(plan.to(), w0 + WINDOW);
                List<Item> items = window(plan, w0, w1);
                if (items.isEmpty()) {
                    // Skip the empty stretch: on to the window of the next recorded event.
                    long next = next(plan, w1);
                    if (next == Long.MIN_VALUE || next >= plan.to()) {
                        break;
                    }
                    w0 = next - WINDOW; // the loop adds WINDOW back
                    continue;
                }
                items.sort(Comparator.comparingLong(Item::time).thenComparingInt(Item::channel).thenComparingLong(Item::order));
                for (Item item : items) {
                    if (closed[0]) {
                        return;
                    }
                    if (!Double.isInfinite(plan.speed())) {
                        long due = wallStart + (long) ((item.time() - plan.from()) * 1_000 / plan.speed());
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    if (!send(ws, item.json())) {
                        return;
                    }
                    sent++;
                }
            }
            send(ws, "{\"type\":\"replay_end\",\"from\":\"" + Timestamps.toIso(plan.from()) + "\",\"to\":\""
                    + Timestamps.toIso(plan.to()) + "\",\"events\":" + sent + "}");
            ws.close((short) 1000, "replay complete");
        } catch (RuntimeException e) {
            LOG.error("replay failed after {} events", sent, e);
            ws.close((short) 1011, "replay failed: " + truncate(e.getMessage()));
        }
    }

    /** Sends one text message, waiting while the client is behind; false when it is gone. */
    private static boolean send(ServerWebSocket ws, String json) {
        return Backpressure.write(ws, () -> ws.writeTextMessage(json), ws::isClosed,
                () -> ws.close((short) 1008, "the client did not read for " + Backpressure.STALL_SECONDS + " s"));
    }

    /** The earliest stored time at or after {@code from} in the plan's tables, or MIN_VALUE. */
    private long next(Plan plan, long from) {
        long best = Long.MIN_VALUE;
        String filter = " WHERE ts >= $1" + in("venue", plan.venues())
                + (plan.symbols().isEmpty() ? "" : in("symbol", plan.symbols()));
        for (String channel : plan.channels()) {
            long[] v = {Long.MIN_VALUE};
            store.query("SELECT min(ts) FROM " + channel + filter, List.of(QueryArg.timestamp(from)), r -> {
                v[0] = r.timestamp(0);
                return false;
            });
            if (v[0] != Long.MIN_VALUE && (best == Long.MIN_VALUE || v[0] < best)) {
                best = v[0];
            }
        }
        return best;
    }

    /** Every event of the plan with its replay time in [w0, w1). */
    private List<Item> window(Plan plan, long w0, long w1) {
        List<Item> items = new ArrayList<>();
        EventJsonWriter json = new EventJsonWriter();
        String filter = " WHERE ts >= $1 AND ts < $2" + in("venue", plan.venues())
                + (plan.symbols().isEmpty() ? "" : in("symbol", plan.symbols()));
        List<QueryArg> args = List.of(QueryArg.timestamp(w0), QueryArg.timestamp(w1));
        for (String channel : plan.channels()) {
            int c = CHANNELS.indexOf(channel);
            long[] order = {0};
            switch (channel) {
                case "trades", "liquidations" -> {
                    Execution e = channel.equals("trades") ? new Trade() : new Liquidation();
                    store.query("SELECT ts, local_ts, venue, symbol, id, price, amount, side, scales FROM " + channel + filter,
                            args, r -> {
                                if (instrument(e, r, 2)) {
                                    int scales = r.intValue(8);
                                    e.times(r.timestamp(0), r.timestamp(1));
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
                                    items.add(new Item(r.timestamp(0), c, order[0]++, text(json, e)));
                                }
                                return true;
                            });
                }
                case "book_changes" -> {
                    BookChange b = new BookChange();
                    long[] key = {Long.MIN_VALUE};
                    String[] sym = {null};
                    store.query("SELECT ts, exchange_ts, venue, symbol, snapshot, side, price, amount, venue_seq, scales FROM "
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
                                    }
                                }
                                CharSequence side = r.text(5);
                                if (b.instrument() != null && side != null) {
                                    int scales = r.intValue(9);
                                    b.addLevel(side.charAt(0) == 'b' ? BookSide.BID : BookSide.ASK,
                                            r.decimal(6, Wide.unpackScale(scales, 0)), r.decimal(7, Wide.unpackScale(scales, 1)));
                                }
                                return true;
                            });
                    if (key[0] != Long.MIN_VALUE && b.instrument() != null) {
                        items.add(new Item(key[0], c, order[0]++, text(json, b)));
                    }
                }
                case "quotes" -> {
                    Quote q = new Quote();
                    store.query("SELECT ts, exchange_ts, venue, symbol, bid_price, bid_amount, ask_price, ask_amount, scales FROM "
                            + Schema.QUOTES + filter, args, r -> {
                                if (instrument(q, r, 2)) {
                                    int s = r.intValue(8);
                                    q.times(exchange(r.timestamp(1)), r.timestamp(0));
                                    q.set(r.decimal(4, Wide.unpackScale(s, 0)), r.decimal(5, Wide.unpackScale(s, 1)),
                                            r.decimal(6, Wide.unpackScale(s, 2)), r.decimal(7, Wide.unpackScale(s, 3)));
                                    items.add(new Item(r.timestamp(0), c, order[0]++, text(json, q)));
                                }
                                return true;
                            });
                }
                case "derivative_tickers" -> {
                    DerivativeTicker d = new DerivativeTicker();
                    store.query("SELECT ts, exchange_ts, venue, symbol, " + String.join(", ", Recorder.TICKER_FIELDS)
                            + ", funding_ts, scales FROM " + Schema.DERIVATIVE_TICKERS + filter, args, r -> {
                                if (instrument(d, r, 2)) {
                                    long s = r.longValue(11);
                                    long[] v = new long[6];
                                    for (int k = 0; k < 6; k++) {
                                        v[k] = r.decimal(4 + k, Wide.unpackScale(s, k));
                                    }
                                    d.times(exchange(r.timestamp(1)), r.timestamp(0));
                                    d.prices(v[0], v[1], v[2]).funding(v[3], v[4], exchange(r.timestamp(10))).openInterest(v[5]);
                                    items.add(new Item(r.timestamp(0), c, order[0]++, text(json, d)));
                                }
                                return true;
                            });
                }
                case "candles" -> {
                    Candle k = new Candle();
                    store.query("SELECT ts, local_ts, venue, symbol, interval_us, open, high, low, close, volume, trades,"
                            + " closed, scales FROM " + Schema.CANDLES + filter, args, r -> {
                                if (instrument(k, r, 2)) {
                                    long s = r.longValue(12);
                                    long[] v = new long[5];
                                    for (int x = 0; x < 5; x++) {
                                        v[x] = r.decimal(5 + x, Wide.unpackScale(s, x));
                                    }
                                    k.times(Timestamps.UNKNOWN, r.timestamp(1));
                                    k.interval(r.longValue(4), r.timestamp(0));
                                    k.set(v[0], v[1], v[2], v[3], v[4], r.longValue(10), r.bool(11));
                                    items.add(new Item(r.timestamp(1), c, order[0]++, text(json, k)));
                                }
                                return true;
                            });
                }
                default -> { // feed_status
                    FeedStatus f = new FeedStatus();
                    store.query("SELECT ts, exchange_ts, venue, symbol, state, reason FROM " + Schema.FEED_STATUS + filter,
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
                                CharSequence reason = r.text(5);
                                f.reason().set(reason == null ? "" : reason);
                                items.add(new Item(r.timestamp(0), c, order[0]++, text(json, f)));
                                return true;
                            });
                }
            }
        }
        return items;
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

    private static String in(String column, List<String> values) {
        Set<String> unique = new LinkedHashSet<>(values);
        StringBuilder sb = new StringBuilder(" AND ").append(column).append(" IN (");
        int n = 0;
        for (String v : unique) {
            sb.append(n++ > 0 ? ", '" : "'").append(v.replace("'", "''")).append('\'');
        }
        return sb.append(')').toString();
    }

    private static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String first(RoutingContext ctx, String... names) {
        for (String n : names) {
            String v = ctx.request().getParam(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String truncate(String s) {
        String v = s == null ? "" : s;
        return v.length() > 100 ? v.substring(0, 100) : v; // a close reason is at most 123 bytes
    }

    private static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }
}
