package io.dpp.trader.graph;

import io.dpp.book.LadderBook;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.Candle;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.runtime.config.DurationConverter;
import io.dpp.trading.order.Fill;
import java.time.Duration;
import java.util.List;

/** Stream nodes: fed by market events or the strategy's fills, they fire when they produce something (docs/graphs.md). */
final class StreamNodes {

    private StreamNodes() {
    }


    /** A node fed by market events of one instrument (its {@code symbol}, or the run's first instrument). */
    abstract static class Stream extends Node {
        final String symbol;
        private Instrument bound;

        Stream(Graph.NodeSpec s) {
            super(s.id, s.type);
            symbol = Nodes.symbol(s);
        }

        /** True when events of {@code i} feed this node. */
        final boolean follows(Instrument i, GraphRuntime rt) {
            if (bound == null) {
                Instrument named = rt.instrument(symbol);
                if (named == null || !named.equals(i)) {
                    return false;
                }
                bound = named;
            }
            return bound.equals(i);
        }

        void onTrade(Trade t, GraphRuntime rt) {
        }

        void onCandle(Candle c, GraphRuntime rt) {
        }

        void onQuote(Quote q, GraphRuntime rt) {
        }

        void onBookChange(BookChange b, GraphRuntime rt) {
        }

        void onFill(Fill f, GraphRuntime rt) {
        }

        /** A timer is due at {@code time}. */
        void onTimer(long time, GraphRuntime rt) {
        }

        final void fire(GraphRuntime rt) {
            fired = rt.step();
        }
    }

    /** A stream whose ports are numbers held in an array, NaN until the first event. */
    abstract static class ValueStream extends Stream {
        private final List<String> ports;
        final double[] v;

        ValueStream(Graph.NodeSpec s, String... ports) {
            super(s);
            this.ports = List.of(ports);
            this.v = new double[ports.length];
            java.util.Arrays.fill(v, Double.NaN);
        }

        @Override
        final List<String> ports() {
            return ports;
        }

        @Override
        final double number(int port) {
            return v[port];
        }
    }

    /**
     * Bars of {@code interval} (default 1m): from trades, cut by the run's clock (receive time) and
     * closed by a timer at their end; from candles (a run on candles), the candles gathered into
     * bars of the interval, a whole multiple of theirs. A bar without trades is skipped. Fires at
     * each close.
     */
    static final class Candles extends Stream {
        private static final List<String> PORTS = List.of("close", "open", "high", "low", "volume", "trades", "time");
        /** Port numbers, in the order of {@link #PORTS}. */
        static final int CLOSE = 0;
        static final int OPEN = 1;
        static final int HIGH = 2;
        static final int LOW = 3;
        static final int VOLUME = 4;
        static final int TRADES = 5;
        static final int TIME = 6;
        final long interval;
        private double open = Double.NaN;
        private double high;
        private double low;
        private double close = Double.NaN;
        private double volume;
        private long trades;
        private long start;
        // the bar being built
        private boolean building;
        private long barStart;
        private long barEnd;
        private double bOpen;
        private double bHigh;
        private double bLow;
        private double bClose;
        private double bVolume;
        private long bTrades;

        Candles(Graph.NodeSpec s) {
            super(s);
            String text = s.text("interval", "1m");
            Duration d;
            try {
                d = new DurationConverter().convert(text);
            } catch (RuntimeException e) {
                throw new Graph.NodeSpec.Problem("field \"interval\" must be a duration such as 1m, 5s or 250ms, got \"" + text + "\"");
            }
            interval = d.toNanos() / 1_000;
            if (interval < Nodes.MIN_BAR_MICROS || interval > Nodes.MAX_BAR_MICROS) {
                throw new Graph.NodeSpec.Problem("field \"interval\" must be from 1ms to 1d, got \"" + text + "\"");
            }
        }

        @Override
        List<String> ports() {
            return PORTS;
        }

        @Override
        double number(int port) {
            return switch (port) {
                case CLOSE -> close;
                case OPEN -> open;
                case HIGH -> high;
                case LOW -> low;
                case VOLUME -> volume;
                case TRADES -> trades;
                default -> start;
            };
        }

        @Override
        void onTrade(Trade t, GraphRuntime rt) {
            long now = rt.context().now();
            if (building && now >= barEnd) {
                close(rt); // the timer is due at the same time, after this event; never expected
            }
            double p = Decimal64.toDouble(t.price());
            double a = Decimal64.toDouble(t.amount());
            if (!building) {
                barStart = now - Math.floorMod(now, interval);
                barEnd = barStart + interval;
                rt.context().timerAt(barEnd);
                begin(p, p, p, p, a, 1);
            } else {
                add(p, p, p, a, 1);
            }
        }

        @Override
        void onTimer(long time, GraphRuntime rt) {
            if (building && time >= barEnd) {
                close(rt);
            }
        }

        @Override
        void onCandle(Candle c, GraphRuntime rt) {
            if (interval % c.intervalMicros() != 0) {
                throw new IllegalStateException(this + ": bars of " + Duration.ofNanos(interval * 1_000)
                        + " cannot be made of the run's candles of " + Duration.ofNanos(c.intervalMicros() * 1_000)
                        + "; use a whole multiple of them");
            }
            long bucket = c.openTime() - Math.floorMod(c.openTime(), interval);
            if (building && bucket != barStart) {
                close(rt);
            }
            double o = Decimal64.toDouble(c.open());
            double h = Decimal64.toDouble(c.high());
            double l = Decimal64.toDouble(c.low());
            double cl = Decimal64.toDouble(c.close());
            double v = Decimal64.toDouble(c.volume());
            if (!building) {
                barStart = bucket;
                barEnd = bucket + interval;
                begin(o, h, l, cl, v, c.tradeCount());
            } else {
                add(h, l, cl, v, c.tradeCount());
            }
            if (c.openTime() + c.intervalMicros() >= barEnd) {
                close(rt);
            }
        }

        private void begin(double o, double h, double l, double c, double v, long n) {
            building = true;
            bOpen = o;
            bHigh = h;
            bLow = l;
            bClose = c;
            bVolume = v;
            bTrades = n;
        }

        private void add(double h, double l, double c, double v, long n) {
            bHigh = Math.max(bHigh, h);
            bLow = Math.min(bLow, l);
            bClose = c;
            bVolume += v;
            bTrades += n;
        }

        private void close(GraphRuntime rt) {
            building = false;
            open = bOpen;
            high = bHigh;
            low = bLow;
            close = bClose;
            volume = bVolume;
            trades = bTrades;
            start = barStart;
            fire(rt);
        }
    }

    /** Each trade: price, amount, side (+1 buy, -1 sell aggressor). */
    static final class Trades extends ValueStream {

        Trades(Graph.NodeSpec s) {
            super(s, "price", "amount", "side");
        }

        @Override
        void onTrade(Trade t, GraphRuntime rt) {
            v[0] = Decimal64.toDouble(t.price());
            v[1] = Decimal64.toDouble(t.amount());
            v[2] = t.side() == Side.BUY ? 1 : t.side() == Side.SELL ? -1 : 0;
            fire(rt);
        }
    }

    /** The strategy's own fills: price, quantity, side (+1 bought, -1 sold). */
    static final class Fills extends ValueStream {

        Fills(Graph.NodeSpec s) {
            super(s, "price", "quantity", "side");
        }

        @Override
        void onFill(Fill f, GraphRuntime rt) {
            v[0] = f.price().doubleValue();
            v[1] = f.quantity().doubleValue();
            v[2] = f.side() == Side.BUY ? 1 : -1;
            fire(rt);
        }
    }

    /** Best bid and ask from quote events. */
    static final class Quotes extends ValueStream {

        Quotes(Graph.NodeSpec s) {
            super(s, "mid", "bid", "ask", "bid_size", "ask_size", "spread");
        }

        @Override
        void onQuote(Quote q, GraphRuntime rt) {
            set(v, d(q.bidPrice()), d(q.askPrice()), d(q.bidSize()), d(q.askSize()));
            fire(rt);
        }

        static void set(double[] v, double bid, double ask, double bidSize, double askSize) {
            v[0] = (bid + ask) / 2;
            v[1] = bid;
            v[2] = ask;
            v[3] = bidSize;
            v[4] = askSize;
            v[5] = ask - bid;
        }

        private static double d(long decimal) {
            return Decimal64.isNumber(decimal) ? Decimal64.toDouble(decimal) : Double.NaN;
        }
    }

    /**
     * The L2 book rebuilt from book changes: best bid and ask, their sizes, mid, spread and the
     * imbalance of the sizes on the top {@code depth} levels (default 5), (bids - asks) / (bids + asks).
     */
    static final class Book extends ValueStream {
        /** The imbalance port (the first six are the quote's, as a quotes node has them). */
        static final int IMBALANCE = 6;
        private final int depth;
        private LadderBook book;

        Book(Graph.NodeSpec s) {
            super(s, "mid", "bid", "ask", "bid_size", "ask_size", "spread", "imbalance");
            assert ports().indexOf("imbalance") == IMBALANCE;
            depth = s.integer("depth", 5, 1, Nodes.MAX_DEPTH);
        }

        @Override
        long stateBytes() {
            return LadderBook.MAX_BYTES;
        }

        @Override
        void onBookChange(BookChange b, GraphRuntime rt) {
            if (book == null) {
                book = new LadderBook(b.instrument().tickSize());
            }
            book.apply(b);
            if (book.depth(true) == 0 || book.depth(false) == 0) {
                java.util.Arrays.fill(v, Double.NaN);
            } else {
                Quotes.set(v, book.priceValue(book.keyAt(true, 0)), book.priceValue(book.keyAt(false, 0)),
                        Decimal64.toDouble(book.size(true, 0)), Decimal64.toDouble(book.size(false, 0)));
                double bids = 0;
                double asks = 0;
                for (int i = 0; i < depth && i < book.depth(true); i++) {
                    bids += Decimal64.toDouble(book.size(true, i));
                }
                for (int i = 0; i < depth && i < book.depth(false); i++) {
                    asks += Decimal64.toDouble(book.size(false, i));
                }
                v[IMBALANCE] = (bids - asks) / (bids + asks);
            }
            fire(rt);
        }
    }
}
