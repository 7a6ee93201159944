package io.dpp.trader.graph;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.Side;
import io.dpp.trading.order.Order;
import io.dpp.trading.portfolio.Position;
import io.dpp.trader.strategy.StrategyContext;
import java.util.List;

/** State nodes: the strategy's assets and open orders, read as they are when asked; they never fire. */
final class StateNodes {

    private StateNodes() {
    }

    /** A state node of one instrument ({@code symbol}, or the run's first), bound to the runtime it reads. */
    abstract static class StateNode extends Node {
        private final List<String> ports;
        final String symbol;
        GraphRuntime rt;

        StateNode(Graph.NodeSpec s, List<String> ports) {
            super(s.id, s.type);
            this.ports = ports;
            symbol = Nodes.symbol(s);
        }

        @Override
        final List<String> ports() {
            return ports;
        }

        @Override
        final boolean state() {
            return true;
        }

        final void bind(GraphRuntime runtime) {
            rt = runtime;
        }
    }

    /** The strategy's assets in an instrument: position (signed), its average price, profits, cash in the quote asset, equity. */
    static final class Assets extends StateNode {
        private static final List<String> PORTS = List.of("position", "average_price", "unrealized", "realized", "cash", "equity");
        private static final int POSITION = 0;
        private static final int AVERAGE_PRICE = 1;
        private static final int UNREALIZED = 2;
        private static final int CASH = 4;
        private static final int EQUITY = 5;

        Assets(Graph.NodeSpec s) {
            super(s, PORTS);
        }

        @Override
        double number(int port) {
            StrategyContext ctx = rt.context();
            if (port == EQUITY) {
                return ctx.portfolio().equity().doubleValue();
            }
            Instrument i = rt.instrument(symbol);
            if (i == null) {
                return port == POSITION ? 0 : Double.NaN;
            }
            if (port == CASH) {
                return ctx.portfolio().cash(i.quote()).doubleValue();
            }
            Position p = ctx.portfolio().position(i);
            return switch (port) {
                case POSITION -> p.quantity().doubleValue();
                case AVERAGE_PRICE -> p.quantity().signum() == 0 ? Double.NaN : p.averagePrice().doubleValue();
                case UNREALIZED -> p.unrealized().doubleValue();
                default -> p.realized().doubleValue(); // REALIZED
            };
        }
    }

    /** The strategy's open orders (of {@code symbol}, or of all instruments): count, buys, sells. */
    static final class OpenOrders extends StateNode {
        private static final List<String> PORTS = List.of("count", "buys", "sells");
        private static final int COUNT = 0;
        private static final int BUYS = 1;

        OpenOrders(Graph.NodeSpec s) {
            super(s, PORTS);
        }

        @Override
        double number(int port) {
            Instrument i = symbol == null ? null : rt.instrument(symbol);
            int n = 0;
            for (Order o : rt.context().orders().open()) {
                if ((symbol == null || o.request().instrument().equals(i))
                        && (port == COUNT || (o.request().side() == Side.BUY) == (port == BUYS))) {
                    n++;
                }
            }
            return n;
        }
    }
}
