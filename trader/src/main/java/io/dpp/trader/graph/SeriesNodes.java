package io.dpp.trader.graph;

import io.dpp.core.indicator.Indicator;
import io.dpp.core.indicator.Indicators;
import io.dpp.core.indicator.SeriesIndicator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Nodes over a series of values: its history, and technical indicators. */
final class SeriesNodes {

    private SeriesNodes() {
    }


    /**
     * Historical data of a series: over its last {@code period} values, the value {@code period}
     * updates ago ({@code ago}), the change since then ({@code change}), or the {@code highest},
     * {@code lowest}, {@code sum} or {@code mean}. Values that are not numbers yet (an indicator
     * warming up) are left out. NaN until the window is full.
     */
    /** What a history node reports over its window. */
    enum HistoryOp {
        AGO, CHANGE, HIGHEST, LOWEST, SUM, MEAN;

        /** True when the window holds one more value than the period (the value {@code period} updates ago). */
        boolean looksBack() {
            return this == AGO || this == CHANGE;
        }
    }

    static final class History extends ValueNodes.NumberNode {
        private final HistoryOp op;
        private final int period;
        private final double[] ring;
        private int next;
        private int count;
        private Ref input;

        History(Graph.NodeSpec s) {
            super(s);
            op = s.choice("op", null, HistoryOp.class);
            period = s.integer("period", 1, 1, Nodes.MAX_PERIOD);
            ring = new double[op.looksBack() ? period + 1 : period];
        }

        @Override
        long stateBytes() {
            return 256 + 8L * ring.length;
        }

        @Override
        void link(Graph.Linker l) {
            input = l.input("input", Kind.NUMBER);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            double x = input.number();
            if (Double.isNaN(x)) {
                return;
            }
            ring[next] = x;
            next = (next + 1) % ring.length;
            count = Math.min(count + 1, ring.length);
            if (count < ring.length) {
                value = Double.NaN;
                return;
            }
            double oldest = ring[next]; // the slot written next holds the oldest value
            value = switch (op) {
                case AGO -> oldest;
                case CHANGE -> x - oldest;
                case HIGHEST -> {
                    double acc = Double.NEGATIVE_INFINITY;
                    for (double r : ring) {
                        acc = Math.max(acc, r);
                    }
                    yield acc;
                }
                case LOWEST -> {
                    double acc = Double.POSITIVE_INFINITY;
                    for (double r : ring) {
                        acc = Math.min(acc, r);
                    }
                    yield acc;
                }
                case SUM, MEAN -> {
                    double acc = 0;
                    for (double r : ring) {
                        acc += r;
                    }
                    yield op == HistoryOp.MEAN ? acc / period : acc;
                }
            };
        }
    }

    /**
     * A technical indicator of {@code io.dpp.core.indicator} by its name, with its parameters as
     * fields. Its {@code input} is a candles node (bars: ATR, Stochastic, VWAP and OBV need one) or,
     * for the single-series ones, any number. Its ports are the indicator's lines.
     */
    static final class IndicatorNode extends Node {
        private static final List<String> BAR_ONLY = List.of("atr", "stochastic", "vwap", "obv");
        private final Indicator indicator;
        private StreamNodes.Candles bars;
        private Ref series;

        IndicatorNode(Graph.NodeSpec s) {
            super(s.id, s.type);
            Map<String, String> params = new LinkedHashMap<>();
            for (String p : Indicators.parameters(s.type)) {
                String v = s.text(p, null);
                if (v != null) {
                    params.put(p, v);
                }
            }
            try {
                indicator = Indicators.create(s.type, params);
            } catch (IllegalArgumentException e) {
                throw new Graph.NodeSpec.Problem(e.getMessage());
            }
        }

        @Override
        List<String> ports() {
            return indicator.lines();
        }

        @Override
        void link(Graph.Linker l) {
            if (l.namesNode("input", StreamNodes.Candles.class)) {
                bars = (StreamNodes.Candles) l.node("input");
            } else if (BAR_ONLY.contains(type)) {
                throw new Graph.NodeSpec.Problem("field \"input\" must name a candles node (" + type + " needs high, low, close"
                        + (type.equals("vwap") || type.equals("obv") ? " and volume" : "") + " of bars)");
            } else {
                series = l.input("input", Kind.NUMBER);
            }
        }

        @Override
        double number(int port) {
            return indicator.value(port);
        }

        @Override
        void evaluate(GraphRuntime rt) {
            if (bars != null) {
                indicator.update((long) bars.number(StreamNodes.Candles.TIME), bars.number(StreamNodes.Candles.OPEN),
                        bars.number(StreamNodes.Candles.HIGH), bars.number(StreamNodes.Candles.LOW),
                        bars.number(StreamNodes.Candles.CLOSE), bars.number(StreamNodes.Candles.VOLUME));
            } else {
                double x = series.number();
                if (!Double.isNaN(x)) {
                    ((SeriesIndicator) indicator).update(x);
                }
            }
        }
    }
}
