package io.dpp.trader.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.config.DurationConverter;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.trader.backtest.BacktestRun;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/backtests}, read and bounded field by field without parsing a
 * graph, so that the caller's plan is checked before any graph is: every number has an upper
 * bound and a 400 names the field beyond it (docs/security.md lists them). {@link #spec} then
 * builds the run, which parses and checks the graph; it runs off the event loop.
 */
record BacktestRequest(String strategy, String venue, List<String> symbols, long from, long to, Map<String, String> params,
                       Duration latency, BigDecimal makerFee, BigDecimal takerFee, Map<String, BigDecimal> cash,
                       Duration equityEvery, Duration candles, BigDecimal slippage, String graph) {

    /** Most instruments in one run. */
    static final int MAX_SYMBOLS = BacktestRun.MAX_SYMBOLS;
    /** Most parameters and cash balances. */
    static final int MAX_ENTRIES = BacktestRun.MAX_ENTRIES;
    /** Longest name or text value, characters. */
    static final int MAX_TEXT = 256;
    /** Longest order latency. */
    static final Duration MAX_LATENCY = Duration.ofHours(1);
    /** Shortest equity sampling interval (the run's memory budget bounds how many samples it keeps). */
    static final Duration MIN_EQUITY_EVERY = Duration.ofMillis(1);
    /** Longest decimal text, characters; decimals have at most 18 digits after the point. */
    static final int MAX_DECIMAL = 40;
    /** Largest starting balance of one asset. */
    static final BigDecimal MAX_CASH = BacktestRun.MAX_CASH;

    /** Every field of the body (docs/trader.md). */
    static final List<String> FIELDS = List.of("strategy", "graph", "venue", "symbol", "symbols", "from", "to", "params",
            "latency", "maker_fee", "taker_fee", "cash", "equity_every", "candles", "slippage");

    static BacktestRequest of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("the body must be a JSON object describing the backtest (docs/trader.md)");
        }
        // A misspelt field would silently run with its default: refused, every one named.
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                unknown.add("\"" + shorten(f) + "\"" + io.dpp.runtime.text.Suggestions.didYouMean(f, FIELDS));
            }
        }
        if (!unknown.isEmpty()) {
            throw bad("unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown) + "; a backtest takes "
                    + String.join(", ", FIELDS));
        }
        List<String> symbols = new ArrayList<>();
        if (body.path("symbols").isArray()) {
            if (body.get("symbols").size() > MAX_SYMBOLS) {
                throw bad("symbols may list at most " + MAX_SYMBOLS + " instruments, got " + body.get("symbols").size());
            }
            for (JsonNode s : body.get("symbols")) {
                symbols.add(name("symbols[]", s));
            }
        } else if (body.hasNonNull("symbol")) {
            symbols.add(name("symbol", body.get("symbol")));
        }
        if (symbols.isEmpty()) {
            throw bad("symbol (or symbols) is required");
        }
        Map<String, String> params = entries("params", body.path("params"));
        Map<String, BigDecimal> cash = new LinkedHashMap<>();
        entries("cash", body.path("cash")).forEach((k, v) -> cash.put(k, decimal("cash." + k, v, BigDecimal.ZERO, MAX_CASH)));
        JsonNode graph = body.get("graph");
        if (graph != null && !graph.isNull() && !graph.isObject()) {
            throw bad("graph must be a node graph, a JSON object (docs/graphs.md)");
        }
        boolean hasGraph = graph != null && graph.isObject();
        String strategy = hasGraph ? null : text(body, "strategy");
        if (!hasGraph && !BacktestRun.BUILT_IN.containsKey(strategy) && !(strategy.startsWith(BacktestRun.GRAPH_PREFIX)
                && BacktestRun.GRAPHS.contains(strategy.substring(BacktestRun.GRAPH_PREFIX.length())))) {
            throw bad("strategy must be a built-in strategy or graph (" + BacktestRun.builtInNames()
                    + "), or send a node graph in the graph field; got \"" + shorten(strategy) + "\"");
        }
        long from = time(body, "from");
        long to = time(body, "to");
        if (to <= from) {
            throw bad("to must be after from");
        }
        Duration latency = duration(body, "latency", "10ms", Duration.ZERO, MAX_LATENCY);
        Duration equityEvery = duration(body, "equity_every", "1m", MIN_EQUITY_EVERY, Duration.ofDays(1));
        Duration candles = body.hasNonNull("candles") ? duration(body, "candles", null, Duration.ofSeconds(1), Duration.ofDays(1)) : null;
        return new BacktestRequest(strategy, name("venue", body.get("venue")), symbols, from, to, params, latency,
                decimal("maker_fee", body.path("maker_fee").asText("0.0002"), BigDecimal.ONE.negate(), BigDecimal.ONE),
                decimal("taker_fee", body.path("taker_fee").asText("0.001"), BigDecimal.ONE.negate(), BigDecimal.ONE), cash,
                equityEvery, candles, decimal("slippage", body.path("slippage").asText("0"), BigDecimal.ZERO, new BigDecimal("0.5")),
                hasGraph ? graph.toString() : null);
    }

    /** 403 unless the caller's plan holds the venue, the channels a run reads, and its start. */
    void entitled(Grant grant) {
        grant.checkVenue(venue);
        grant.checkChannel("trades");
        grant.checkChannel("book_changes");
        grant.checkHistory(from, Timestamps.now());
    }

    /** The run; parses and checks the graph (off the event loop). */
    BacktestRun.Spec spec() {
        return new BacktestRun.Spec(strategy, venue, symbols, from, to, params, latency, makerFee, takerFee, cash, equityEvery,
                candles, slippage, graph);
    }

    static String name(String field, JsonNode v) {
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw bad(field + " is required: a name");
        }
        if (v.asText().length() > 64) {
            throw bad(field + " must be at most 64 characters");
        }
        return v.asText().trim();
    }

    static Map<String, String> entries(String field, JsonNode v) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isMissingNode() || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw bad(field + " must be an object of names and values");
        }
        if (v.size() > MAX_ENTRIES) {
            throw bad(field + " may hold at most " + MAX_ENTRIES + " entries, got " + v.size());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getKey().length() > 64 || e.getValue().asText().length() > MAX_TEXT) {
                throw bad(field + "." + shorten(e.getKey()) + " must be a text or number of at most " + MAX_TEXT
                        + " characters, under a name of at most 64");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    static String text(JsonNode body, String field) {
        if (!body.hasNonNull(field) || !body.get(field).isValueNode() || body.get(field).asText().isBlank()) {
            throw bad(field + " is required");
        }
        String v = body.get(field).asText();
        if (v.length() > MAX_TEXT) {
            throw bad(field + " must be at most " + MAX_TEXT + " characters");
        }
        return v;
    }

    private static long time(JsonNode body, String field) {
        String t = text(body, field);
        try {
            long micros = Timestamps.parseTimeOrDate(t);
            if (micros < 0 || micros > Timestamps.parseTimeOrDate("9999-12-31")) {
                throw bad(field + " must lie from 1970-01-01 to 9999-12-31, got \"" + shorten(t) + "\"");
            }
            return micros;
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw bad(field + " must be an ISO-8601 time such as 2024-05-01T12:00:00Z or a date, got \"" + shorten(t) + "\"");
        }
    }

    private static Duration duration(JsonNode body, String field, String absent, Duration min, Duration max) {
        String text = body.hasNonNull(field) ? body.get(field).asText() : absent;
        Duration d;
        try {
            d = new DurationConverter().convert(text);
        } catch (IllegalArgumentException e) {
            throw bad(field + " must be a duration such as 10ms, 1s or 1m, got \"" + shorten(text) + "\"");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw bad(field + " must be from " + min + " to " + max + ", got " + d);
        }
        return d;
    }

    private static BigDecimal decimal(String field, String text, BigDecimal min, BigDecimal max) {
        BigDecimal d;
        try {
            d = text.length() > MAX_DECIMAL ? null : new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            d = null;
        }
        if (d == null || d.scale() > 18 || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw bad(field + " must be a decimal number from " + min.toPlainString() + " to " + max.toPlainString()
                    + " with at most 18 decimals, got \"" + shorten(text) + "\"");
        }
        return d;
    }

    static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }
}
