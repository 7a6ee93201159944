package io.dpp.trader.graph;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Trade;
import io.dpp.trading.order.Fill;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node graph as a {@link Strategy}, so graphs go through the same engine, venue simulation
 * and reports as Java strategies (and later paper and live runs). Each market event or timer is a
 * step: the stream nodes of the event's instrument take it in; when one fires (a trade, a closed
 * bar, a book change), every node downstream of it is evaluated once, in topological order, and
 * order nodes whose condition fired true send their orders through the run's order interface.
 */
public final class GraphStrategy implements Strategy, GraphRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(GraphStrategy.class);

    private final Graph graph;
    private StrategyContext ctx;
    private Node[] order;
    private StreamNodes.Stream[] streams;
    private long step;
    private Instrument primary;
    private final Map<String, Instrument> bySymbol = new HashMap<>();
    private final Map<String, Long> skipped = new LinkedHashMap<>();

    public GraphStrategy(Graph graph) {
        this.graph = graph;
    }

    public Graph graph() {
        return graph;
    }

    /** Orders the order nodes could not send, by node and reason (with how often). */
    public Map<String, Long> skippedOrders() {
        return skipped;
    }

    @Override
    public void onStart(StrategyContext context) {
        ctx = context;
        Graph.Compiled compiled = graph.compile(context.params());
        order = compiled.order().toArray(new Node[0]);
        List<StreamNodes.Stream> s = new ArrayList<>();
        for (Node n : order) {
            if (n instanceof StreamNodes.Stream stream) {
                s.add(stream);
            } else if (n instanceof StateNodes.StateNode state) {
                state.bind(this);
            }
        }
        streams = s.toArray(new StreamNodes.Stream[0]);
    }

    @Override
    public void onTrade(Trade trade) {
        if (begin(trade)) {
            for (StreamNodes.Stream n : streams) {
                if (n.follows(trade.instrument(), this)) {
                    n.onTrade(trade, this);
                }
            }
            propagate();
        }
    }

    @Override
    public void onCandle(Candle candle) {
        if (begin(candle)) {
            for (StreamNodes.Stream n : streams) {
                if (n.follows(candle.instrument(), this)) {
                    n.onCandle(candle, this);
                }
            }
            propagate();
        }
    }

    @Override
    public void onQuote(Quote quote) {
        if (begin(quote)) {
            for (StreamNodes.Stream n : streams) {
                if (n.follows(quote.instrument(), this)) {
                    n.onQuote(quote, this);
                }
            }
            propagate();
        }
    }

    @Override
    public void onBookChange(BookChange change) {
        if (begin(change)) {
            for (StreamNodes.Stream n : streams) {
                if (n.follows(change.instrument(), this)) {
                    n.onBookChange(change, this);
                }
            }
            propagate();
        }
    }

    @Override
    public void onFill(Fill fill) {
        step++;
        for (StreamNodes.Stream n : streams) {
            if (n.follows(fill.instrument(), this)) {
                n.onFill(fill, this);
            }
        }
        propagate();
    }

    @Override
    public void onTimer(long time) {
        step++;
        for (StreamNodes.Stream n : streams) {
            n.onTimer(time, this);
        }
        propagate();
    }

    @Override
    public void onStop() {
        skipped.forEach((k, v) -> LOG.info("graph {}: {} ({} times)", graph.name(), k, v));
    }

    /** Starts a step for an event; learns its instrument's names. */
    private boolean begin(MarketEvent e) {
        Instrument i = e.instrument();
        if (i == null) {
            return false;
        }
        if (primary == null) {
            primary = i;
        }
        if (!bySymbol.containsKey(i.nativeSymbol())) {
            bySymbol.putIfAbsent(i.nativeSymbol(), i);
            if (i.normalizedSymbol() != null) {
                bySymbol.putIfAbsent(i.normalizedSymbol(), i);
            }
        }
        step++;
        return true;
    }

    /** Evaluates, in order, every node an input of which fired in this step. */
    private void propagate() {
        boolean any = false;
        for (StreamNodes.Stream n : streams) {
            any |= n.fired == step;
        }
        if (!any) {
            return;
        }
        for (Node n : order) {
            if (n.live) {
                n.evaluate(this);
            } else if (n.fired != step && n.inputFired(step)) {
                n.evaluate(this);
                n.fired = step;
            }
        }
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public StrategyContext context() {
        return ctx;
    }

    @Override
    public Instrument instrument(String symbol) {
        return symbol == null ? primary : bySymbol.get(symbol);
    }

    @Override
    public void skipped(Node node, String reason) {
        skipped.merge(node + ": " + reason, 1L, Long::sum);
    }
}
