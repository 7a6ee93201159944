package io.dpp.trader.examples;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.indicator.Sma;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.trading.order.OrderRequest;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import java.math.BigDecimal;

/**
 * Moving-average crossover on trade bars (or on candles, when the run is on candle data), long
 * only: makes bars of {@code bar} from the trades of the instrument named by {@code symbol}
 * (native or normalized; default: the first that trades), buys {@code size} at market when the SMA
 * of the last {@code fast} closes crosses above the SMA of the last {@code slow} while nothing is
 * held or working, and sells the position (reduce-only) when it crosses below. Parameters: fast
 * (10), slow (30), bar (1m), symbol, size (0.01). Bars are cut by the run's clock (receive time)
 * and close on a timer at their end; a stretch without trades makes no bar; bar is a duration: 1m
 * (default), 5s, 250ms. The graph examples/graphs/sma-crossover.json trades the same.
 */
public final class SmaCrossover implements Strategy {

    private StrategyContext ctx;
    private Sma fast;
    private Sma slow;
    private long barMicros;
    private BigDecimal size;
    private Instrument instrument;
    private String symbol;
    private long barEnd = Long.MIN_VALUE;
    private double lastPrice = Double.NaN;
    private int previousSign;
    private boolean crossKnown;

    private static final java.util.Map<String, String> PARAMETERS = parameters(
            "fast", "bars of the fast moving average (default 10)",
            "slow", "bars of the slow moving average, more than fast (default 30)",
            "bar", "bar length, a duration such as 1m, 5s or 250ms (default 1m)",
            "symbol", "the instrument to trade, native or normalized symbol (default: the first that trades)",
            "size", "quantity of each buy (default 0.01)");

    private static java.util.Map<String, String> parameters(String... namesAndMeanings) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndMeanings.length; i += 2) {
            m.put(namesAndMeanings[i], namesAndMeanings[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public java.util.Map<String, String> parameters() {
        return PARAMETERS;
    }

    @Override
    public void onStart(StrategyContext context) {
        ctx = context;
        int f = context.intParam("fast", 10);
        int s = context.intParam("slow", 30);
        if (f >= s) {
            throw new IllegalArgumentException("parameter fast (" + f + ") must be below slow (" + s + ")");
        }
        fast = new Sma(f);
        slow = new Sma(s);
        java.time.Duration bar;
        try {
            bar = new io.dpp.runtime.config.DurationConverter().convert(context.param("bar", "1m"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("parameter bar must be a duration such as 1m, 5s or 250ms, got \""
                    + context.param("bar", "") + "\"");
        }
        barMicros = bar.toNanos() / 1_000;
        if (barMicros <= 0) {
            throw new IllegalArgumentException("parameter bar must be a positive duration");
        }
        size = new BigDecimal(context.param("size", "0.01"));
        symbol = context.param("symbol", null);
    }

    @Override
    public void onTrade(Trade trade) {
        if (!trades(trade.instrument())) {
            return;
        }
        if (barEnd == Long.MIN_VALUE) {
            long t = ctx.now();
            barEnd = t - Math.floorMod(t, barMicros) + barMicros;
            ctx.timerAt(barEnd);
        }
        lastPrice = Decimal64.toDouble(trade.price());
    }

    /** A bar closes on the clock at its end (before any event received then); a stretch without trades makes no bar. */
    @Override
    public void onTimer(long time) {
        if (barEnd != Long.MIN_VALUE && time >= barEnd) {
            barEnd = Long.MIN_VALUE;
            closeBar();
        }
    }

    /** On candle data each closed candle is a bar (the bar parameter does not apply). */
    @Override
    public void onCandle(io.dpp.core.model.Candle candle) {
        if (!trades(candle.instrument())) {
            return;
        }
        lastPrice = Decimal64.toDouble(candle.close());
        closeBar();
    }

    /** True for the instrument this strategy trades: the one named by symbol, or the first seen. */
    private boolean trades(Instrument i) {
        if (instrument == null) {
            if (symbol != null && !symbol.equals(i.nativeSymbol()) && !symbol.equals(i.normalizedSymbol())) {
                return false;
            }
            instrument = i;
        }
        return instrument.equals(i);
    }

    private void closeBar() {
        if (Double.isNaN(lastPrice)) {
            return;
        }
        fast.update(lastPrice);
        slow.update(lastPrice);
        if (!slow.ready()) {
            return;
        }
        // A cross needs a bar before it: fast at or below slow then, above now (or the other way).
        int sign = Double.compare(fast.value(), slow.value());
        boolean up = crossKnown && previousSign <= 0 && sign > 0;
        boolean down = crossKnown && previousSign >= 0 && sign < 0;
        previousSign = sign;
        crossKnown = true;
        BigDecimal position = ctx.portfolio().position(instrument).quantity();
        if (up && position.signum() <= 0 && ctx.orders().open().isEmpty()) {
            ctx.orders().submit(OrderRequest.market(instrument, Side.BUY, size).withTag("cross-up"));
        } else if (down && position.signum() > 0) {
            ctx.orders().submit(OrderRequest.market(instrument, Side.SELL, position).withReduceOnly().withTag("cross-down"));
        }
    }
}
