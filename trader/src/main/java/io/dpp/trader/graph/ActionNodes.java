package io.dpp.trader.graph;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.Side;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.order.OrderType;
import io.dpp.trading.order.TimeInForce;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Action nodes: they act on the venue (orders, cancels) when their {@code when} condition fires true. */
final class ActionNodes {

    private ActionNodes() {
    }


    /** A node that acts on the venue when its {@code when} condition fires true. */
    abstract static class Action extends Node {
        private static final List<String> PORTS = List.of("done");
        final String symbol;
        Ref when;
        private boolean done;

        Action(Graph.NodeSpec s) {
            super(s.id, s.type);
            symbol = Nodes.symbol(s);
        }

        @Override
        List<String> ports() {
            return PORTS;
        }

        @Override
        Kind kind(int port) {
            return Kind.CONDITION;
        }

        @Override
        boolean condition(int port) {
            return done;
        }

        @Override
        void link(Graph.Linker l) {
            when = l.input("when", Kind.CONDITION);
        }

        @Override
        final void evaluate(GraphRuntime rt) {
            done = false;
            if (when.fired(rt.step()) && when.condition()) {
                Instrument i = rt.instrument(symbol);
                if (i == null) {
                    rt.skipped(this, "no event of " + (symbol == null ? "any instrument" : symbol) + " seen yet");
                    return;
                }
                done = act(i, rt);
            }
        }

        abstract boolean act(Instrument instrument, GraphRuntime rt);
    }

    /**
     * Creates an order: {@code side} buy or sell, {@code kind} market (default), limit, stop or
     * stop_limit, {@code quantity} (its absolute value, cut to the lot size), {@code price} and
     * {@code stop} (numbers, rounded to the tick: buy limits and sell stops down, sell limits and
     * buy stops up), {@code tif} gtc, ioc or fok, {@code post_only}, {@code reduce_only},
     * {@code tag} (default: the node's id).
     */
    static final class OrderNode extends Action {
        private final Side side;
        private final OrderType kind;
        private final TimeInForce tif;
        private final boolean postOnly;
        private final boolean reduceOnly;
        private final String tag;
        private Ref quantity;
        private Ref price;
        private Ref stop;

        OrderNode(Graph.NodeSpec s) {
            super(s);
            side = s.choice("side", null, "buy", "sell").equals("buy") ? Side.BUY : Side.SELL;
            kind = s.choice("kind", "market", OrderType.class);
            tif = s.choice("tif", "gtc", TimeInForce.class);
            postOnly = s.flag("post_only");
            reduceOnly = s.flag("reduce_only");
            tag = s.text("tag", s.id);
            if (postOnly && kind != OrderType.LIMIT) {
                throw new Graph.NodeSpec.Problem("post_only needs kind limit, not " + name(kind));
            }
            if (tif != TimeInForce.GTC && kind == OrderType.MARKET) {
                throw new Graph.NodeSpec.Problem("tif " + name(tif) + " applies to limit orders; a market order takes what it can at once");
            }
        }

        @Override
        void link(Graph.Linker l) {
            super.link(l);
            quantity = l.input("quantity", Kind.NUMBER);
            if (kind == OrderType.LIMIT || kind == OrderType.STOP_LIMIT) {
                price = l.input("price", Kind.NUMBER);
            } else if (l.spec().raw("price") != null) {
                throw new Graph.NodeSpec.Problem("field \"price\" applies to limit and stop_limit orders, not " + name(kind));
            }
            if (kind == OrderType.STOP || kind == OrderType.STOP_LIMIT) {
                stop = l.input("stop", Kind.NUMBER);
            } else if (l.spec().raw("stop") != null) {
                throw new Graph.NodeSpec.Problem("field \"stop\" applies to stop and stop_limit orders, not " + name(kind));
            }
        }

        @Override
        boolean act(Instrument i, GraphRuntime rt) {
            double q = Math.abs(quantity.number());
            if (Double.isNaN(q) || Double.isInfinite(q)) {
                rt.skipped(this, "quantity is not a number");
                return false;
            }
            BigDecimal qty = step(BigDecimal.valueOf(q), i.lotSize(), RoundingMode.DOWN);
            if (qty.signum() <= 0) {
                rt.skipped(this, "quantity " + q + " is below one lot");
                return false;
            }
            BigDecimal limit = null;
            BigDecimal trigger = null;
            if (price != null) {
                limit = price(price.number(), i, side == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING);
                if (limit == null) {
                    rt.skipped(this, "price is not a positive number");
                    return false;
                }
            }
            if (stop != null) {
                trigger = price(stop.number(), i, side == Side.BUY ? RoundingMode.CEILING : RoundingMode.FLOOR);
                if (trigger == null) {
                    rt.skipped(this, "stop is not a positive number");
                    return false;
                }
            }
            OrderRequest r = switch (kind) {
                case MARKET -> OrderRequest.market(i, side, qty);
                case LIMIT -> OrderRequest.limit(i, side, qty, limit);
                case STOP -> OrderRequest.stop(i, side, qty, trigger);
                case STOP_LIMIT -> OrderRequest.stopLimit(i, side, qty, trigger, limit);
            };
            r = switch (tif) {
                case IOC -> r.withIoc();
                case FOK -> r.withFok();
                case GTC -> r;
            };
            if (postOnly) {
                r = r.withPostOnly();
            }
            if (reduceOnly) {
                r = r.withReduceOnly();
            }
            rt.context().orders().submit(r.withTag(tag));
            return true;
        }

        /** A constant's name as the JSON spells it. */
        private static String name(Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }

        private static BigDecimal price(double p, Instrument i, RoundingMode mode) {
            if (Double.isNaN(p) || Double.isInfinite(p) || p <= 0) {
                return null;
            }
            BigDecimal v = step(BigDecimal.valueOf(p), i.tickSize(), mode);
            return v.signum() > 0 ? v : null;
        }

        /** {@code v} as a whole number of {@code increment} (a Decimal64, or NULL: 8 decimals). */
        static BigDecimal step(BigDecimal v, long increment, RoundingMode mode) {
            if (!Decimal64.isNumber(increment) || Decimal64.signum(increment) <= 0) {
                return v.setScale(Math.min(v.scale(), 8), mode).stripTrailingZeros();
            }
            BigDecimal inc = Decimal64.toBigDecimal(increment);
            return v.divide(inc, 0, mode).multiply(inc).stripTrailingZeros();
        }
    }

    /** Cancels the strategy's open orders of the instrument ({@code side}: buy, sell or any). */
    static final class CancelNode extends Action {
        /** The side whose orders it cancels, or null for both. */
        private final Side side;

        CancelNode(Graph.NodeSpec s) {
            super(s);
            String v = s.choice("side", "any", "any", "buy", "sell");
            side = v.equals("any") ? null : v.equals("buy") ? Side.BUY : Side.SELL;
        }

        @Override
        boolean act(Instrument i, GraphRuntime rt) {
            boolean any = false;
            for (Order o : rt.context().orders().open()) {
                if (o.request().instrument().equals(i) && (side == null || o.request().side() == side)) {
                    rt.context().orders().cancel(o.id());
                    any = true;
                }
            }
            return any;
        }
    }
}
