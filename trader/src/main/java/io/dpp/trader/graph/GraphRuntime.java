package io.dpp.trader.graph;

import io.dpp.core.instrument.Instrument;
import io.dpp.trader.strategy.StrategyContext;

/** What the nodes of a running graph use: the step, the strategy's context and the instruments seen. */
interface GraphRuntime {

    /** The number of the step being evaluated. */
    long step();

    StrategyContext context();

    /**
     * The instrument a node's {@code symbol} names (native or normalized), or the run's first
     * instrument when {@code symbol} is null; null while no event of it has been seen.
     */
    Instrument instrument(String symbol);

    /** Counts an order an order node could not send, with the reason, for the run's log. */
    void skipped(Node node, String reason);
}
