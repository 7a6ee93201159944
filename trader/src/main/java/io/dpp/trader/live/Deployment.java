package io.dpp.trader.live;

import java.util.List;
import java.util.Map;

/**
 * A strategy deployed to run forward on live data, as it is kept: who owns it, what runs (a
 * built-in strategy, or a node graph's canonical JSON), on which instruments of one venue, with
 * which parameters, trading which of the owner's accounts, and its state.
 *
 * @param state   {@code running}, {@code paused}, {@code stopped} or {@code failed}
 * @param reason  why it stopped or failed, or null
 * @param created when it was deployed, epoch microseconds UTC
 * @param updated when its state last changed, epoch microseconds UTC
 */
public record Deployment(long id, String owner, String account, String strategy, String graph, String venue, List<String> symbols,
                         Map<String, String> params, String state, String reason, long created, long updated) {

    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    public Deployment {
        symbols = List.copyOf(symbols);
        params = Map.copyOf(params);
    }

    /** The same deployment in another state. */
    public Deployment with(String newState, String newReason, long at) {
        return new Deployment(id, owner, account, strategy, graph, venue, symbols, params, newState, newReason, created, at);
    }

    /** True while it should run (after a restart too). */
    public boolean live() {
        return RUNNING.equals(state) || PAUSED.equals(state);
    }

    /** The prefix of its orders' client order ids: {@code s<id>-<n>}; after a restart its working orders are found by it. */
    public String clientIdPrefix() {
        return "s" + id + "-";
    }
}
