package io.dpp.trader.examples;

import io.dpp.core.decimal.Decimal64;
import io.dpp.core.indicator.Sma;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.trader.order.OrderRequest;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trader.strategy.StrategyContext;
import java.math.BigDecimal;

/**
 * Moving-average crossover on trade bars (or on candles, when the run is on candle data), long only: closes bars of {@code bar} from the trades of
 * the instrument named by {@code symbol} (native or normalized; default: the first that trades), buys {@code size} at market when the SMA of the
 * last {@code fast} closes crosses above the SMA of the last {@code slow}, and sells the position
 * (reduce-only) when it crosses below. Parameters: fast (10), slow (30), bar (1m), symbol, size
 * (0.01). Bars are cut by receive time (the run's clock); bar is a duration: 1m (default), 5s, 250ms.
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
        long t = ctx.now();
        if (barEnd == Long.MIN_VALUE) {
            barEnd = t - Math.floorMod(t, barMicros) + barMicros;
        }
        while (t >= barEnd) {
            closeBar();
            barEnd += barMicros;
        }
        lastPrice = Decimal64.toBigDecimal(trade.price()).doubleValue();
    }

    /** On candle data each closed candle is a bar (the bar parameter does not apply). */
    @Override
    public void onCandle(io.dpp.core.model.Candle candle) {
        if (!trades(candle.instrument())) {
            return;
        }
        lastPrice = Decimal64.toBigDecimal(candle.close()).doubleValue();
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
        int sign = Double.compare(fast.value(), slow.value());
        BigDecimal position = ctx.portfolio().position(instrument).quantity();
        if (sign > 0 && previousSign <= 0 && position.signum() <= 0 && ctx.orders().open().isEmpty()) {
            ctx.orders().submit(OrderRequest.market(instrument, Side.BUY, size).withTag("cross-up"));
        } else if (sign < 0 && previousSign >= 0 && position.signum() > 0) {
            ctx.orders().submit(OrderRequest.market(instrument, Side.SELL, position).withReduceOnly().withTag("cross-down"));
        }
        if (sign != 0) {
            previousSign = sign;
        }
    }
}
