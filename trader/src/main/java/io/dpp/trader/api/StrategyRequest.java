package io.dpp.trader.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.runtime.access.Grant;
import io.dpp.trader.backtest.BacktestRun;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/strategies}, read and bounded field by field as a backtest's is
 * ({@link BacktestRequest}), without parsing a graph, so that the caller's plan is checked first.
 */
record StrategyRequest(String strategy, String graph, String venue, List<String> symbols, Map<String, String> params, String account) {

    /** Every field of the body (docs/trader.md). */
    static final List<String> FIELDS = List.of("strategy", "graph", "venue", "symbol", "symbols", "params", "account");

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    static StrategyRequest of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw BacktestRequest.bad("the body must be a JSON object describing the deployment (docs/trader.md)");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                unknown.add("\"" + BacktestRequest.shorten(f) + "\"" + io.dpp.runtime.text.Suggestions.didYouMean(f, FIELDS));
            }
        }
        if (!unknown.isEmpty()) {
            throw BacktestRequest.bad("unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + "; a deployment takes " + String.join(", ", FIELDS));
        }
        List<String> symbols = new ArrayList<>();
        if (body.path("symbols").isArray()) {
            if (body.get("symbols").size() > BacktestRun.MAX_SYMBOLS) {
                throw BacktestRequest.bad("symbols may list at most " + BacktestRun.MAX_SYMBOLS + " instruments, got "
                        + body.get("symbols").size());
            }
            for (JsonNode s : body.get("symbols")) {
                symbols.add(BacktestRequest.name("symbols[]", s));
            }
        } else if (body.hasNonNull("symbol")) {
            symbols.add(BacktestRequest.name("symbol", body.get("symbol")));
        }
        if (symbols.isEmpty()) {
            throw BacktestRequest.bad("symbol (or symbols) is required");
        }
        Map<String, String> params = BacktestRequest.entries("params", body.path("params"));
        JsonNode graph = body.get("graph");
        if (graph != null && !graph.isNull() && !graph.isObject()) {
            throw BacktestRequest.bad("graph must be a node graph, a JSON object (docs/graphs.md)");
        }
        boolean hasGraph = graph != null && graph.isObject();
        String strategy = hasGraph ? null : BacktestRequest.text(body, "strategy");
        if (!hasGraph && !BacktestRun.BUILT_IN.containsKey(strategy) && !(strategy.startsWith(BacktestRun.GRAPH_PREFIX)
                && BacktestRun.GRAPHS.contains(strategy.substring(BacktestRun.GRAPH_PREFIX.length())))) {
            throw BacktestRequest.bad("strategy must be a built-in strategy or graph (" + BacktestRun.builtInNames()
                    + "), or send a node graph in the graph field; got \"" + BacktestRequest.shorten(strategy) + "\"");
        }
        String account = BacktestRequest.name("account", body.get("account"));
        if (!ACCOUNT.matcher(account).matches()) {
            throw BacktestRequest.bad("account must be 1-64 letters, digits or . _ -, starting with a letter or digit");
        }
        return new StrategyRequest(strategy, hasGraph ? graph.toString() : null, BacktestRequest.name("venue", body.get("venue")), symbols,
                params, account);
    }

    /** 403 unless the caller's plan holds the venue and the channels a forward run reads. */
    void entitled(Grant grant) {
        grant.checkVenue(venue);
        grant.checkChannel("trades");
        grant.checkChannel("book_changes");
    }
}
