package io.dpp.serve.history;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.indicator.Indicator;
import io.dpp.core.indicator.Indicators;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.QueryParams;
import io.dpp.store.InstrumentDirectory;
import io.dpp.store.QueryArg;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.store.StoreRow;
import io.dpp.store.Wide;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the history API answers, one method per resource ({@link HistoryRoutes} maps the routes to
 * them): trades, liquidations, book changes, quotes, derivative tickers, candles, indicators, the
 * book at a time, feed quality and instruments, JSON by default and CSV with {@code format=csv}.
 *
 * <p>Queries run on the executor given (a small pool: beyond it, 503) and stream their rows in
 * chunks, waiting while the client's connection is full, so a day of book changes passes through a
 * bounded amount of memory. {@code symbol} takes the venue's native symbol or the normalized one;
 * {@code from} (inclusive) and {@code to} (exclusive) take ISO-8601 times or dates in UTC.
 */
public final class HistoryQueries {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryApi.class);
    private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,5})(s|m|h|d)");
    /** Longest time parameter looked at, characters. */
    private static final int MAX_TIME_TEXT = 40;
    private static final long MAX_TIME = 253_402_300_799_999_999L; // 9999-12-31T23:59:59.999999Z
    private static final int CHUNK = 1 << 16;
    private static final java.util.Set<String> INDICATOR_RESERVED = java.util.Set.of("venue", "symbol", "interval", "from", "to",
            "format", "limit");

    private final QuestDbStore store;
    private final InstrumentDirectory instruments;
    private final long maxRows;
    private final java.util.concurrent.Executor pool;

    /**
     * @param maxRows the most rows one answer may hold ({@code historical.api.max-rows})
     * @param pool    where queries run; one that refuses work ({@link RejectedExecutionException}) answers 503
     */
    public HistoryQueries(QuestDbStore store, long maxRows, java.util.concurrent.Executor pool) {
        this(store, maxRows, pool, QUEUE_WAIT);
    }

    /**
     * @param queueWait how long a query may wait for the pool before it is answered 503 (every
     *                  query thread busy, with slow clients or long exports): no request hangs
     */
    HistoryQueries(QuestDbStore store, long maxRows, java.util.concurrent.Executor pool, Duration queueWait) {
        this.store = store;
        this.instruments = new InstrumentDirectory(store);
        this.maxRows = maxRows;
        this.pool = pool;
        this.queueWaitMillis = Math.max(1, queueWait.toMillis());
    }

    /** How long a query waits for a free query thread at most before it is answered 503. */
    static final Duration QUEUE_WAIT = Duration.ofSeconds(10);

    private final long queueWaitMillis;

    /** The instruments the store has recorded, for the replay of history as events. */
    InstrumentDirectory instruments() {
        return instruments;
    }

    // ---- endpoints ----------------------------------------------------------------------------

    void executions(RoutingContext ctx, String table) {
        String limit = limit(ctx);
        RowWriter out = writer(ctx);
        Range r = range(ctx);
        stream(ctx, out, List.of("timestamp", "local_timestamp", "id", "price", "amount", "side", "demo"),
                "SELECT ts, local_ts, id, price, amount, side, scales, demo FROM " + table
                        + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4" + limit,
                r.args(), row -> {
                    int scales = row.intValue(6);
                    out.beginRow();
                    out.time("timestamp", row.timestamp(0));
                    out.time("local_timestamp", row.timestamp(1));
                    CharSequence id = row.text(2);
                    out.text("id", id == null || id.isEmpty() ? null : id); // none (Kraken): null, as the stream writes it
                    out.decimal("price", row.decimal(3, Wide.unpackScale(scales, 0)));
                    out.decimal("amount", row.decimal(4, Wide.unpackScale(scales, 1)));
                    out.text("side", row.text(5));
                    out.bool("demo", row.bool(7));
                    out.endRow();
                }, planCut(ctx, r, table));
    }

    void bookChanges(RoutingContext ctx) {
        String limit = limit(ctx);
        RowWriter out = writer(ctx);
        Range r = range(ctx);
        stream(ctx, out, List.of("timestamp", "local_timestamp", "is_snapshot", "side", "price", "amount", "sequence", "demo"),
                "SELECT exchange_ts, ts, snapshot, side, price, amount, venue_seq, scales, demo FROM " + Schema.BOOK_CHANGES
                        + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4" + limit,
                r.args(), row -> {
                    int scales = row.intValue(7);
                    out.beginRow();
                    out.time("timestamp", row.timestamp(0));
                    out.time("local_timestamp", row.timestamp(1));
                    out.bool("is_snapshot", row.bool(2));
                    out.text("side", row.text(3));
                    out.decimal("price", row.decimal(4, Wide.unpackScale(scales, 0)));
                    out.decimal("amount", row.decimal(5, Wide.unpackScale(scales, 1)));
                    long seq = row.longValue(6);
                    if (seq == Long.MIN_VALUE) {
                        out.text("sequence", null);
                    } else {
                        out.number("sequence", seq);
                    }
                    out.bool("demo", row.bool(8));
                    out.endRow();
                }, planCut(ctx, r, Schema.BOOK_CHANGES));
    }

    void quotes(RoutingContext ctx) {
        String limit = limit(ctx);
        RowWriter out = writer(ctx);
        Range r = range(ctx);
        stream(ctx, out, List.of("timestamp", "local_timestamp", "bid_price", "bid_amount", "ask_price", "ask_amount", "demo"),
                "SELECT exchange_ts, ts, bid_price, bid_amount, ask_price, ask_amount, scales, demo FROM " + Schema.QUOTES
                        + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4" + limit,
                r.args(), row -> {
                    int scales = row.intValue(6);
                    out.beginRow();
                    out.time("timestamp", row.timestamp(0));
                    out.time("local_timestamp", row.timestamp(1));
                    out.decimal("bid_price", row.decimal(2, Wide.unpackScale(scales, 0)));
                    out.decimal("bid_amount", row.decimal(3, Wide.unpackScale(scales, 1)));
                    out.decimal("ask_price", row.decimal(4, Wide.unpackScale(scales, 2)));
                    out.decimal("ask_amount", row.decimal(5, Wide.unpackScale(scales, 3)));
                    out.bool("demo", row.bool(7));
                    out.endRow();
                }, planCut(ctx, r, Schema.QUOTES));
    }

    void tickers(RoutingContext ctx) {
        String limit = limit(ctx);
        RowWriter out = writer(ctx);
        Range r = range(ctx);
        List<String> columns = new ArrayList<>(List.of("timestamp", "local_timestamp"));
        columns.addAll(List.of(Schema.TICKER_FIELDS));
        columns.add("funding_timestamp");
        columns.add("demo");
        stream(ctx, out, columns,
                "SELECT exchange_ts, ts, " + String.join(", ", Schema.TICKER_FIELDS) + ", funding_ts, scales, demo FROM "
                        + Schema.DERIVATIVE_TICKERS + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4" + limit,
                r.args(), row -> {
                    long scales = row.longValue(9);
                    out.beginRow();
                    out.time("timestamp", row.timestamp(0));
                    out.time("local_timestamp", row.timestamp(1));
                    for (int i = 0; i < Schema.TICKER_FIELDS.length; i++) {
                        out.decimal(Schema.TICKER_FIELDS[i], row.decimal(2 + i, Wide.unpackScale(scales, i)));
                    }
                    out.time("funding_timestamp", row.timestamp(8));
                    out.bool("demo", row.bool(10));
                    out.endRow();
                }, planCut(ctx, r, Schema.DERIVATIVE_TICKERS));
    }

    /**
     * Candles of any interval from 1s to 1d, aggregated in the database from the one-second candles
     * that QuestDB keeps (the {@code trades_1s} materialized view), bucketed by the venue's trade time.
     */
    void candles(RoutingContext ctx) {
        long limit = rowLimit(ctx);
        long seconds = intervalSeconds(ctx);
        RowWriter out = writer(ctx);
        Range r = range(ctx);
        stream(ctx, out, List.of("t", "open", "high", "low", "close", "volume", "trades", "vwap"),
                candlesSql(seconds), r.args(), limit, row -> {
                    BigDecimal volume = row.bigDecimal(5);
                    BigDecimal notional = row.bigDecimal(7);
                    out.beginRow();
                    out.time("t", row.timestamp(0));
                    out.decimal("open", row.bigDecimal(1));
                    out.decimal("high", row.bigDecimal(2));
                    out.decimal("low", row.bigDecimal(3));
                    out.decimal("close", row.bigDecimal(4));
                    out.decimal("volume", volume);
                    out.number("trades", row.longValue(6));
                    out.decimal("vwap", volume == null || volume.signum() == 0 || notional == null ? null
                            : notional.divide(volume, 12, RoundingMode.HALF_EVEN));
                    out.endRow();
                }, null);
    }

    /** The {@code interval} parameter (default 1m) in seconds, from 1s to 1d. */
    private static long intervalSeconds(RoutingContext ctx) {
        String interval = ctx.request().getParam("interval", "1m");
        Matcher m = INTERVAL.matcher(interval);
        long seconds = m.matches() ? Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "s" -> 1L;
            case "m" -> 60L;
            case "h" -> 3_600L;
            default -> 86_400L;
        } : -1;
        if (seconds < 1 || seconds > 86_400) {
            throw bad("interval must be a number and a unit (s, m, h, d) from 1s to 1d, e.g. 1m, 15m, 4h, 1d; got \"" + interval + "\"");
        }
        return seconds;
    }

    /**
     * An indicator over the stored candles of an interval: {@code [{"t","value"}, ...]}, or one
     * field per line ({@code macd}, {@code signal}, {@code histogram}; {@code middle}, {@code upper},
     * {@code lower}; {@code k}, {@code d}). The indicator warms up on the candles before
     * {@code from} (twice its warm-up span, so a few empty intervals do not matter); values start at
     * the first candle at or after {@code from} where every line has one. Intervals without a trade
     * have no candle and are skipped, not filled. Parameters (period, fast, slow, signal, k,
     * smoothing, d) are query parameters.
     */
    void indicator(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : ctx.queryParams()) {
            if (!INDICATOR_RESERVED.contains(e.getKey())) {
                params.put(e.getKey(), e.getValue());
            }
        }
        Indicator indicator;
        try {
            indicator = Indicators.create(name, params);
        } catch (IllegalArgumentException e) {
            throw Indicators.names().contains(name) ? bad(e.getMessage()) : new HttpProblem(404, "not_found", e.getMessage());
        }
        long limit = rowLimit(ctx);
        long seconds = intervalSeconds(ctx);
        RowWriter out = writer(ctx);
        Range r = range(ctx);
        // The warm-up reads candles before from, but never before what the caller's plan reaches:
        // a plan's history depth bounds every value an answer is computed from.
        long warm = Math.max(Grant.of(ctx).earliestMicros(io.dpp.core.time.Timestamps.now()),
                Math.max(Long.MIN_VALUE / 4, r.from() - 2L * indicator.warmUp() * seconds * 1_000_000L));
        List<String> lines = indicator.lines();
        List<String> columns = new ArrayList<>();
        columns.add("t");
        columns.addAll(lines.size() == 1 ? List.of("value") : lines);
        long from = r.from();
        stream(ctx, out, columns, candlesSql(seconds),
                List.of(QueryArg.text(r.venue()), QueryArg.text(r.symbol()), QueryArg.timestamp(Math.max(0, warm)),
                        QueryArg.timestamp(r.to())), limit, row -> {
                    long t = row.timestamp(0);
                    indicator.update(t, row.bigDecimal(1).doubleValue(), row.bigDecimal(2).doubleValue(),
                            row.bigDecimal(3).doubleValue(), row.bigDecimal(4).doubleValue(), row.bigDecimal(5).doubleValue());
                    if (t < from || !indicator.ready()) {
                        return;
                    }
                    out.beginRow();
                    out.time("t", t);
                    for (int i = 0; i < lines.size(); i++) {
                        out.real(columns.get(i + 1), indicator.value(i));
                    }
                    out.endRow();
                }, null);
    }

    /**
     * Candles of {@code seconds} from the one-second view; binds venue, symbol, from, to (public for the benchmark).
     * No LIMIT: on an aggregate ordered by time QuestDB keeps a top-K list as long as the limit (160 MB of native
     * memory and some 200 ms for the default 10M rows, on every request); the row cap is applied while the rows are
     * read instead.
     */
    public static String candlesSql(long seconds) {
        return "SELECT ts, first(open), max(high), min(low), last(close), sum(volume), sum(trades), sum(notional) FROM "
                + Schema.TRADES_1S + " WHERE venue = $1 AND symbol = $2 AND ts >= $3 AND ts < $4"
                + " SAMPLE BY " + seconds + "s ALIGN TO CALENDAR";
    }

    /**
     * The book as it stood at {@code at} (default now: the newest the store holds): the latest stored
     * snapshot at or before it, plus the changes since.
     */
    void book(RoutingContext ctx) {
        String venue = required(ctx, "venue");
        String name = required(ctx, "symbol");
        long at = time(ctx, "at", io.dpp.core.time.Timestamps.now());
        int depth = QueryParams.bounded(ctx, "depth", 10, 1, 10_000);
        Grant.of(ctx).checkHistory(at, io.dpp.core.time.Timestamps.now());
        String symbol = resolve(venue, name);
        BookAtTime.Book book = BookAtTime.at(store, venue, symbol, at);
        if (book == null) {
            throw new HttpProblem(404, "not_found", "no book snapshot of " + venue + " " + symbol
                    + " was recorded at or before " + io.dpp.core.time.Timestamps.toIso(at));
        }
        respond(ctx, new JsonObject().put("venue", venue).put("symbol", symbol)
                .put("timestamp", io.dpp.core.time.Timestamps.toIso(book.timestamp()))
                .put("bids", levels(book.book(), true, depth)).put("asks", levels(book.book(), false, depth)).encode());
    }

    /** Gaps, disconnects, resyncs and stale periods per instrument, from the recorded feed status. */
    void quality(RoutingContext ctx) {
        String venue = required(ctx, "venue");
        long from = from(ctx, 0);
        long to = time(ctx, "to", MAX_TIME);
        Map<String, List<String[]>> events = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        store.query("SELECT ts, symbol, state, reason FROM " + Schema.FEED_STATUS
                        + " WHERE venue = $1 AND ts >= $2 AND ts < $3",
                List.of(QueryArg.text(venue), QueryArg.timestamp(from), QueryArg.timestamp(to)), row -> {
                    CharSequence s = row.text(1);
                    String key = s == null ? "" : s.toString();
                    String state = String.valueOf(row.text(2));
                    counts.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(state, 1, Integer::sum);
                    List<String[]> list = events.computeIfAbsent(key, k -> new ArrayList<>());
                    if (list.size() < 10_000) {
                        list.add(new String[] {io.dpp.core.time.Timestamps.toIso(row.timestamp(0)), state,
                            text(row.text(3))});
                    }
                    return true;
                });
        JsonArray list = new JsonArray();
        for (Map.Entry<String, List<String[]>> e : events.entrySet()) {
            Map<String, Integer> c = counts.get(e.getKey());
            JsonArray evs = new JsonArray();
            for (String[] ev : e.getValue()) {
                evs.add(new JsonObject().put("timestamp", ev[0]).put("state", ev[1]).put("reason", ev[2]));
            }
            list.add(new JsonObject().put("symbol", e.getKey().isEmpty() ? null : e.getKey())
                    .put("gaps", c.getOrDefault("gap_detected", 0))
                    .put("resyncs", c.getOrDefault("resynced", 0))
                    .put("disconnects", c.getOrDefault("disconnected", 0))
                    .put("stale", c.getOrDefault("stale", 0))
                    .put("events", evs));
        }
        respond(ctx, new JsonObject().put("venue", venue).put("from", io.dpp.core.time.Timestamps.toIso(from))
                .put("to", io.dpp.core.time.Timestamps.toIso(to)).put("instruments", list).encode());
    }

    /** Every recorded instrument with the time range held of each data type. */
    void instruments(RoutingContext ctx) {
        String venue = ctx.request().getParam("venue");
        Grant grant = Grant.of(ctx);
        Map<String, JsonObject> out = new LinkedHashMap<>();
        store.query("SELECT venue, symbol, normalized, type, base, quote, first_seen, demo FROM " + Schema.INSTRUMENTS
                        + (venue == null ? "" : " WHERE venue = $1") + " ORDER BY venue, symbol",
                venue == null ? List.of() : List.of(QueryArg.text(venue)), row -> {
                    if (!grant.allowsVenue(row.text(0).toString())) {
                        return true; // venues outside the plan are not listed
                    }
                    out.put(row.text(0) + "\u0000" + row.text(1), new JsonObject().put("venue", text(row.text(0)))
                            .put("symbol", text(row.text(1))).put("normalized", text(row.text(2))).put("type", text(row.text(3)))
                            .put("base", text(row.text(4))).put("quote", text(row.text(5)))
                            .put("first_seen", io.dpp.core.time.Timestamps.toIso(row.timestamp(6))).put("demo", row.bool(7)));
                    return true;
                });
        for (String table : List.of(Schema.TRADES, Schema.BOOK_CHANGES, Schema.QUOTES, Schema.LIQUIDATIONS,
                Schema.DERIVATIVE_TICKERS, Schema.CANDLES)) {
            store.query("SELECT venue, symbol, min(ts), max(ts), count() FROM " + table
                            + (venue == null ? "" : " WHERE venue = $1") + " GROUP BY venue, symbol",
                    venue == null ? List.of() : List.of(QueryArg.text(venue)), row -> {
                        JsonObject i = out.get(row.text(0) + "\u0000" + row.text(1));
                        if (i != null) {
                            i.put(table, new JsonObject().put("from", io.dpp.core.time.Timestamps.toIso(row.timestamp(2)))
                                    .put("to", io.dpp.core.time.Timestamps.toIso(row.timestamp(3))).put("rows", row.longValue(4)));
                        }
                        return true;
                    });
        }
        respond(ctx, new JsonArray(new java.util.ArrayList<>(out.values())).encode());
    }

    // ---- parameters ---------------------------------------------------------------------------

    /** venue, symbol (resolved to the native one), from, to. */
    /** @param planFrom true when {@code from} was not given and the plan's history depth set it */
    private record Range(String venue, String symbol, long from, long to, boolean planFrom) {
        List<QueryArg> args() {
            return List.of(QueryArg.text(venue), QueryArg.text(symbol), QueryArg.timestamp(from), QueryArg.timestamp(to));
        }
    }

    private Range range(RoutingContext ctx) {
        String venue = required(ctx, "venue");
        String symbol = resolve(venue, required(ctx, "symbol"));
        long from = from(ctx, 0);
        long to = time(ctx, "to", MAX_TIME);
        if (to <= from) {
            throw bad("to must be after from");
        }
        return new Range(venue, symbol, from, to, ctx.request().getParam("from") == null && from > 0);
    }

    /** The native symbol for a native or normalized name on {@code venue}; 404 when none was recorded. */
    private String resolve(String venue, String symbol) {
        io.dpp.core.instrument.Instrument i = instruments.find(venue, symbol);
        if (i == null) {
            throw new HttpProblem(404, "not_found", instruments.notRecorded(venue, symbol)
                    + "; GET /api/v1/instruments lists those held");
        }
        return i.nativeSymbol();
    }

    /** The SQL clause of {@link #rowLimit}, for a scan in the designated timestamp's order (no top-K list). */
    private String limit(RoutingContext ctx) {
        return " LIMIT " + rowLimit(ctx);
    }

    /** The {@code limit} parameter: the most rows an answer holds, from 1 to {@code historical.api.max-rows} (the default). */
    private long rowLimit(RoutingContext ctx) {
        return QueryParams.bounded(ctx, "limit", maxRows, 1, maxRows);
    }

    private static String required(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            throw bad(name + " is required");
        }
        return v;
    }

    /**
     * The {@code from} parameter within the caller's history depth: an explicit time before the
     * plan reaches is refused with 403; without one the range starts at {@code absent} or where
     * the plan reaches, whichever is later.
     */
    static long from(RoutingContext ctx, long absent) {
        long from = time(ctx, "from", Long.MIN_VALUE);
        Grant grant = Grant.of(ctx);
        long now = io.dpp.core.time.Timestamps.now();
        if (from == Long.MIN_VALUE) {
            return Math.max(absent, grant.earliestMicros(now));
        }
        grant.checkHistory(from, now);
        return from;
    }

    /** An ISO-8601 time ("2024-05-01T12:00:00.123456Z", offsets allowed) or date (UTC midnight), in micros. */
    static long time(RoutingContext ctx, String name, long absent) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isBlank()) {
            return absent;
        }
        if (v.length() > MAX_TIME_TEXT) {
            throw bad(name + " must be an ISO-8601 time such as 2024-05-01T12:00:00Z or a date such as 2024-05-01; got "
                    + v.length() + " characters");
        }
        try {
            Instant i = v.length() == 10 ? LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(v).toInstant();
            long micros = Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
            if (micros < 0 || micros > MAX_TIME) {
                throw bad(name + " must lie from 1970-01-01 to 9999-12-31 (UTC); got \"" + v + "\"");
            }
            return micros;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw bad(name + " must be an ISO-8601 time such as 2024-05-01T12:00:00Z or a date such as 2024-05-01; got \"" + v + "\"");
        }
    }

    private static RowWriter writer(RoutingContext ctx) {
        String format = ctx.request().getParam("format", "json");
        if (!format.equals("json") && !format.equals("csv")) {
            throw bad("format must be json or csv; got \"" + format + "\"");
        }
        return RowWriter.of(format);
    }

    private static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    // ---- execution and output -----------------------------------------------------------------

    /**
     * Runs a query of {@code channel}'s data (null: none, metadata) on the query pool, once the
     * caller's plan allows it; failures before the first byte become JSON errors.
     */
    void run(RoutingContext ctx, String channel, Runnable work) {
        Grant grant = Grant.of(ctx);
        if (channel != null) {
            grant.checkChannel(channel);
        }
        // Whichever comes first: a query thread takes it, or the wait ends in a 503.
        java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
        io.vertx.core.Vertx vertx = ctx.vertx();
        long timer = vertx.setTimer(queueWaitMillis, id -> {
            if (taken.compareAndSet(false, true)) {
                ctx.fail(new HttpProblem(503, "busy", "every history query thread stayed busy for " + queueWaitMillis / 1000.0
                        + " s (long exports or slow clients); retry shortly"));
            }
        });
        try {
            pool.execute(() -> {
                if (!taken.compareAndSet(false, true)) {
                    return; // answered 503 already
                }
                vertx.cancelTimer(timer);
                try {
                    work.run();
                } catch (HttpProblem p) {
                    ctx.fail(p);
                } catch (RuntimeException e) {
                    if (ctx.response().headWritten()) {
                        LOG.error("{} failed after the response started; closing the connection", ctx.request().uri(), e);
                        ctx.response().reset();
                    } else {
                        ctx.fail(e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            vertx.cancelTimer(timer);
            if (taken.compareAndSet(false, true)) {
                ctx.fail(new HttpProblem(503, "busy", "too many history queries at once; retry shortly"));
            }
        }
    }

    /** Streams the rows of {@code sql} through {@code out} in chunks, pausing while the client is behind. */
    private void stream(RoutingContext ctx, RowWriter out, List<String> columns, String sql, List<QueryArg> args,
                        RowSink sink) {
        stream(ctx, out, columns, sql, args, sink, null);
    }

    /**
     * As above; {@code whenEmpty} (may be null) runs when the query found no row, before anything
     * is answered, and may refuse the request instead of answering an empty list.
     */
    private void stream(RoutingContext ctx, RowWriter out, List<String> columns, String sql, List<QueryArg> args,
                        RowSink sink, Runnable whenEmpty) {
        stream(ctx, out, columns, sql, args, Long.MAX_VALUE, sink, whenEmpty);
    }

    /** As above, reading at most {@code maxRows} rows of the query (for a query without a LIMIT of its own). */
    private void stream(RoutingContext ctx, RowWriter out, List<String> columns, String sql, List<QueryArg> args, long maxRows,
                        RowSink sink, Runnable whenEmpty) {
        HttpServerResponse response = ctx.response();
        out.begin(columns);
        boolean[] started = {false};
        long[] rows = {0};
        store.query(sql, args, row -> {
            if (rows[0] == maxRows) {
                return false;
            }
            rows[0]++;
            sink.write(row);
            if (out.pending() >= CHUNK) {
                if (!started[0]) {
                    response.setChunked(true).putHeader("content-type", out.contentType());
                    started[0] = true;
                }
                return write(response, out.take());
            }
            return true;
        });
        if (rows[0] == 0 && whenEmpty != null) {
            whenEmpty.run();
        }
        out.end();
        if (!started[0]) {
            response.putHeader("content-type", out.contentType());
        }
        response.end(Buffer.buffer(out.take()));
    }

    /**
     * No silent empties: a range that starts where the plan's history starts (no {@code from}) and
     * holds nothing, while older rows of the instrument were recorded, is refused (403) saying so,
     * as a {@code from} beyond the plan is.
     */
    private Runnable planCut(RoutingContext ctx, Range r, String table) {
        return () -> {
            if (!r.planFrom()) {
                return;
            }
            long[] last = {Long.MIN_VALUE};
            store.query("SELECT max(ts) FROM " + table + " WHERE venue = $1 AND symbol = $2 AND ts < $3",
                    List.of(QueryArg.text(r.venue()), QueryArg.text(r.symbol()), QueryArg.timestamp(r.from())), row -> {
                        last[0] = row.longValue(0);
                        return false;
                    });
            if (last[0] != Long.MIN_VALUE) {
                io.dpp.runtime.access.Plan plan = Grant.of(ctx).plan();
                throw new HttpProblem(403, "forbidden", "plan " + plan.name() + " reaches " + plan.historyDays()
                        + " days of history (from " + io.dpp.core.time.Timestamps.toIso(r.from()) + ") and every " + table
                        + " row of " + r.symbol() + " on " + r.venue() + " is older; the last was recorded at "
                        + io.dpp.core.time.Timestamps.toIso(last[0]));
            }
        };
    }

    /** Writes a chunk and waits while the connection's queue is full; false when the client is gone. */
    private static boolean write(HttpServerResponse response, byte[] chunk) {
        return Backpressure.write(response, () -> response.write(Buffer.buffer(chunk)), response::closed, () -> {
            LOG.warn("history client did not read for {} s; giving up", Backpressure.STALL_SECONDS);
            response.reset();
        });
    }

    private static void respond(RoutingContext ctx, String json) {
        ctx.response().putHeader("content-type", "application/json").end(json);
    }

    /** The best {@code depth} levels of a side as {@code [["price","size"], ...]}, decimals exact. */
    private static JsonArray levels(io.dpp.book.L2Book book, boolean bid, int depth) {
        JsonArray out = new JsonArray();
        int n = Math.min(depth, book.depth(bid));
        for (int i = 0; i < n; i++) {
            out.add(new JsonArray().add(Decimal64.toString(book.price(bid, i))).add(Decimal64.toString(book.size(bid, i))));
        }
        return out;
    }

    private static String text(CharSequence s) {
        return s == null ? null : s.toString();
    }

    /** Writes one result row. */
    @FunctionalInterface
    private interface RowSink {
        void write(StoreRow row);
    }
}
