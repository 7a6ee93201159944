package io.dpp.trader.backtest;

import io.dpp.trading.venue.SimulatedExchange;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.BookChange;
import io.dpp.core.model.MarketEvent;
import io.dpp.core.model.Trade;
import io.dpp.trading.order.Fill;
import io.dpp.trading.order.Order;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trading.portfolio.Funding;
import io.dpp.trading.portfolio.Portfolio;
import io.dpp.trader.strategy.Orders;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The event-driven backtester: events from a source in receive-time order, the simulated venue
 * ahead of the strategy on every event, timers and order arrivals in time between events.
 *
 * <p>No look-ahead: for each event, requests that reached the venue by its receive time and timers
 * due by then run first; then the venue applies the event (book change, or a trade that may fill
 * resting orders); only then does the strategy see it, with {@link StrategyContext#now()} at its
 * receive time. What the strategy sends then reaches the venue {@code latency} later, so it acts
 * on events the strategy had not seen yet, as it would live.
 */
public final class Backtest {

    /** What a run produced. */
    public record Result(long events, long firstEventTime, long lastEventTime, List<Fill> fills, List<Order> orders,
                         List<long[]> equityTimes, List<BigDecimal> equity, List<Boolean> exposed, List<BigDecimal> closedTrades,
                         Portfolio portfolio, BigDecimal startingEquity, Instrument primary, List<BigDecimal> marks) {
    }

    /** Told of the run's progress every {@value #PROGRESS_EVERY} events. */
    public interface Progress {
        void at(long events, long time);
    }

    private static final int PROGRESS_EVERY = 1 << 16;

    private final BacktestSettings settings;
    private Progress progress;
    private MemoryBudget budget = MemoryBudget.unlimited();
    private final Strategy strategy;
    private final Portfolio portfolio;
    private final SimulatedExchange exchange;
    private final Funding funding = new Funding();
    private final PriorityQueue<Long> timers = new PriorityQueue<>();
    private final Map<Long, Order> orders = new LinkedHashMap<>();
    private final Map<Long, Order> open = new LinkedHashMap<>();
    private final List<Fill> fills = new ArrayList<>();
    private final List<long[]> equityTimes = new ArrayList<>();
    private final List<BigDecimal> equity = new ArrayList<>();
    private final List<Boolean> exposed = new ArrayList<>();
    private final List<BigDecimal> closedTrades = new ArrayList<>();
    private final long equityEvery;
    private long now = Long.MIN_VALUE;
    private long nextOrderId = 1;
    private long nextSample = Long.MIN_VALUE;
    private final BigDecimal startingEquity;
    private final List<BigDecimal> marks = new ArrayList<>();
    private Instrument primary;
    /** The last price of the report's first instrument, as a {@link Decimal64}; converted when sampled. */
    private long primaryMark = Decimal64.NULL;

    public Backtest(Strategy strategy, BacktestSettings settings) {
        this.settings = settings;
        this.strategy = strategy;
        this.portfolio = new Portfolio(settings.initialCash());
        this.startingEquity = portfolio.equity();
        this.equityEvery = settings.equityEvery().toNanos() / 1_000;
        this.exchange = new SimulatedExchange(settings.latency().toNanos() / 1_000, settings.fees(),
                o -> portfolio.position(o.request().instrument()).quantity(), new SimulatedExchange.Listener() {
                    @Override
                    public void onFill(Order order, Fill fill) {
                        // A fill happens when a request arrives, possibly after the last event: the
                        // strategy's clock moves to it, so what it sends now leaves from then.
                        now = Math.max(now, fill.time());
                        BigDecimal before = portfolio.position(fill.instrument()).realized();
                        BigDecimal qtyBefore = portfolio.position(fill.instrument()).quantity();
                        portfolio.apply(fill);
                        BigDecimal realized = portfolio.position(fill.instrument()).realized().subtract(before);
                        boolean reduces = qtyBefore.signum() != 0
                                && qtyBefore.signum() != (fill.side() == io.dpp.core.model.Side.BUY ? 1 : -1);
                        if (reduces) {
                            budget.take(MemoryBudget.TRADE_BYTES, closedTrades.size(), "closed trades");
                            closedTrades.add(realized.subtract(fill.fee()));
                        }
                        budget.take(MemoryBudget.FILL_BYTES, fills.size(), "fills");
                        fills.add(fill);
                        if (order.status().isFinal()) {
                            open.remove(order.id());
                        }
                        strategy.onFill(fill);
                        strategy.onOrder(order);
                    }

                    @Override
                    public void onOrder(Order order) {
                        now = Math.max(now, order.updatedTime());
                        if (order.status().isFinal()) {
                            open.remove(order.id());
                        }
                        strategy.onOrder(order);
                    }
                });
        if (settings.slippage() != null) {
            exchange.fillOnCandles(settings.slippage());
        }
    }

    /**
     * Bounds what the run keeps for its report (orders, fills, equity samples, closed trades,
     * timers) to {@code b}, which may already count the books and strategy state; unlimited by default.
     */
    public Backtest budget(MemoryBudget b) {
        this.budget = b;
        return this;
    }

    /** Reports progress to {@code p} while running (null: none). */
    public Backtest progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** Runs every event of {@code source} through the venue and the strategy. */
    public Result run(EventSource source) throws Exception {
        return run(source, Long.MIN_VALUE);
    }

    /**
     * Runs every event of {@code source}; those received before {@code from} only build the
     * venue's books (a book starts from a full book recorded before the run), the strategy sees
     * the rest.
     */
    public Result run(EventSource source, long from) throws Exception {
        Context context = new Context();
        long events = 0;
        long first = Long.MIN_VALUE;
        MarketEvent e = source.next();
        while (e != null && e.receiveTime() < from) {
            switch (e.type()) {
                case BOOK_CHANGE -> exchange.onBookChange((BookChange) e);
                case TRADE -> exchange.onTrade((Trade) e);
                case DERIVATIVE_TICKER -> funding.onTicker((io.dpp.core.model.DerivativeTicker) e);
                default -> {
                }
            }
            e = source.next();
        }
        now = e != null ? e.receiveTime() : from;
        strategy.onStart(context);
        long previous = Long.MIN_VALUE;
        while (e != null) {
            long t = e.receiveTime();
            if (t < previous) {
                throw new IllegalStateException("events out of receive-time order: " + e + " after "
                        + io.dpp.core.time.Timestamps.toIso(previous));
            }
            previous = t;
            if (first == Long.MIN_VALUE) {
                first = t;
                nextSample = t;
            }
            funding.settle(t, portfolio);
            // Timers and arrivals due by now, in time order (arrivals first at equal times).
            while (!timers.isEmpty() && timers.peek() <= t) {
                long due = timers.poll();
                budget.give(MemoryBudget.TIMER_BYTES);
                exchange.advanceTo(due);
                now = Math.max(now, due);
                strategy.onTimer(due);
            }
            exchange.advanceTo(t);
            now = t;
            switch (e.type()) {
                case BOOK_CHANGE -> exchange.onBookChange((BookChange) e);
                case TRADE -> {
                    Trade trade = (Trade) e;
                    exchange.onTrade(trade);
                    mark(trade.instrument(), trade.price());
                }
                case DERIVATIVE_TICKER -> funding.onTicker((io.dpp.core.model.DerivativeTicker) e);
                case CANDLE -> {
                    io.dpp.core.model.Candle candle = (io.dpp.core.model.Candle) e;
                    exchange.onCandle(candle);
                    mark(candle.instrument(), candle.close());
                }
                default -> {
                }
            }
            if (t >= nextSample) {
                sample(t);
                nextSample = t - Math.floorMod(t, equityEvery) + equityEvery;
            }
            e.dispatchTo(strategy);
            if (++events % PROGRESS_EVERY == 0 && progress != null) {
                progress.at(events, t);
            }
            e = source.next();
        }
        strategy.onStop();
        exchange.finish(now);
        if (events > 0) {
            sample(now);
        }
        return new Result(events, first, now, List.copyOf(fills), List.copyOf(orders.values()), equityTimes, equity, exposed,
                closedTrades, portfolio, startingEquity, primary, marks);
    }

    /** A new last price of an instrument: the portfolio's mark, and the price line of the report's first instrument. */
    private void mark(Instrument instrument, long decimalPrice) {
        portfolio.mark(instrument, decimalPrice);
        if (primary == null) {
            primary = instrument;
        }
        if (primary.equals(instrument)) {
            primaryMark = decimalPrice;
        }
    }

    private void sample(long t) {
        if (!equityTimes.isEmpty() && equityTimes.get(equityTimes.size() - 1)[0] == t) {
            return;
        }
        budget.take(MemoryBudget.SAMPLE_BYTES, equityTimes.size(), "equity samples");
        equityTimes.add(new long[] {t});
        equity.add(portfolio.equity());
        exposed.add(portfolio.exposed());
        marks.add(primaryMark == Decimal64.NULL ? null : Decimal64.toBigDecimal(primaryMark));
    }

    private final class Context implements StrategyContext, Orders {

        @Override
        public long now() {
            return now;
        }

        @Override
        public Orders orders() {
            return this;
        }

        @Override
        public Portfolio portfolio() {
            return portfolio;
        }

        @Override
        public void timerAt(long time) {
            budget.take(MemoryBudget.TIMER_BYTES, timers.size(), "pending timers");
            timers.add(Math.max(time, now));
        }

        @Override
        public Map<String, String> params() {
            return settings.params();
        }

        @Override
        public Order submit(OrderRequest request) {
            budget.take(MemoryBudget.ORDER_BYTES, orders.size(), "orders");
            Order o = new Order(nextOrderId++, request, now);
            orders.put(o.id(), o);
            open.put(o.id(), o);
            exchange.submit(o, now);
            return o;
        }

        @Override
        public void cancel(long orderId) {
            Order o = orders.get(orderId);
            if (o != null && !o.status().isFinal()) {
                exchange.cancel(o, now);
            }
        }

        @Override
        public void replace(long orderId, BigDecimal quantity, BigDecimal limitPrice) {
            Order o = orders.get(orderId);
            if (o != null && !o.status().isFinal()) {
                exchange.replace(o, quantity, limitPrice, now);
            }
        }

        @Override
        public Collection<Order> open() {
            return open.isEmpty() ? List.of() : List.copyOf(open.values());
        }

        @Override
        public Order get(long orderId) {
            return orders.get(orderId);
        }
    }
}
