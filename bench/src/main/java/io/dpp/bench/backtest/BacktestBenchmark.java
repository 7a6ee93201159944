package io.dpp.bench.backtest;

import io.dpp.trader.backtest.BacktestRun;
import io.dpp.trader.backtest.Backtest;
import io.dpp.trader.backtest.BacktestSettings;
import io.dpp.trading.venue.FeeSchedule;
import io.dpp.trader.backtest.EventSource;
import io.dpp.core.model.MarketEvent;
import io.dpp.trader.examples.SmaCrossover;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dpp bench backtest}: the event loop's rate (venue simulation, portfolio and an SMA
 * crossover strategy) on one thread, over recorded L2 book changes and trades replayed in a loop,
 * each pass shifted in time after the previous one, so that any length of history can be run from
 * one capture with the memory of one pass. The store is not part of it (see dpp bench history).
 */
public final class BacktestBenchmark {

    /** What one measurement gave. */
    /**
     * What one measurement gave. {@code deltas}: book levels changed plus trades, the unit other
     * backtesters count (an OKX message changes about 25 levels, a BitMEX one one or two).
     */
    public record Result(long events, long deltas, double seconds, long orders, long fills, long passes, double heapStartMb,
                         double heapEndMb) {

        public double eventsPerSecond() {
            return events / seconds;
        }

        public String json() {
            return String.format(Locale.ROOT, "{\"events_per_sec\":%.0f,\"events\":%d,\"deltas_per_sec\":%.0f,\"seconds\":%.2f,"
                    + "\"orders\":%d,\"fills\":%d,\"passes\":%d,\"heap_mb_start\":%.1f,\"heap_mb_end\":%.1f}",
                    eventsPerSecond(), events, deltas / seconds, seconds, orders, fills, passes,
                    heapStartMb, heapEndMb);
        }
    }

    private BacktestBenchmark() {
    }

    /**
     * Runs the loop for {@code warmup} seconds, then measures for {@code seconds}.
     *
     * @param events one pass of recorded events in receive-time order (copies, each its own object)
     */
    public static Result run(List<MarketEvent> events, double warmup, double seconds) throws Exception {
        return run(events, warmup, seconds, "sma-crossover", false);
    }

    /**
     * As {@link #run(List, double, double)} with the strategy {@code sma-crossover} (Java) or
     * {@code graph:sma-crossover} (the same strategy as a node graph).
     */
    public static Result run(List<MarketEvent> events, double warmup, double seconds, String strategy) throws Exception {
        return run(events, warmup, seconds, strategy, false);
    }

    /**
     * As {@link #run(List, double, double, String)}; with {@code firstSnapshotsOnly} the full books
     * of the capture are applied on the first pass only, later passes replaying its changes and
     * trades: a long recording or a live feed has a full book once per connection, while a capture
     * of a second looped has one every pass (OKX: 3 snapshots of 800 levels per 294 messages).
     */
    public static Result run(List<MarketEvent> events, double warmup, double seconds, String strategy, boolean firstSnapshotsOnly)
            throws Exception {
        if (!strategy.equals("sma-crossover") && !strategy.equals("graph:sma-crossover")) {
            throw new IllegalArgumentException("the benchmark runs sma-crossover or graph:sma-crossover, not " + strategy);
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("no book changes or trades to replay");
        }
        // Each run shifts the events' times; every run starts again from the recorded ones.
        long[] exchange = new long[events.size()];
        long[] receive = new long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            exchange[i] = events.get(i).exchangeTime();
            receive[i] = events.get(i).receiveTime();
        }
        measure(events, exchange, receive, warmup, strategy, firstSnapshotsOnly);
        return measure(events, exchange, receive, seconds, strategy, firstSnapshotsOnly);
    }

    private static Result measure(List<MarketEvent> events, long[] exchange, long[] receive, double seconds, String strategy,
                                  boolean firstSnapshotsOnly) throws Exception {
        // The strategy trades the instrument with the most trades of the pass. The passes repeat the
        // same bars, so the averages' lengths are primes: a moving average over a whole number of
        // passes would be flat and the two would never cross.
        Map<io.dpp.core.instrument.Instrument, Integer> trades = new java.util.HashMap<>();
        for (MarketEvent e : events) {
            if (e instanceof io.dpp.core.model.Trade) {
                trades.merge(e.instrument(), 1, Integer::sum);
            }
        }
        io.dpp.core.instrument.Instrument busiest = trades.entrySet().stream()
                .max(Map.Entry.<io.dpp.core.instrument.Instrument, Integer>comparingByValue()
                        .thenComparing(x -> x.getKey().nativeSymbol(), java.util.Comparator.reverseOrder()))
                .orElseThrow(() -> new IllegalArgumentException("no trades to replay")).getKey();
        BacktestSettings settings = new BacktestSettings(Duration.ofMillis(10), FeeSchedule.flat(new BigDecimal("0.0002"),
                new BigDecimal("0.001")), Map.of(busiest.quote(), new BigDecimal("1000000")),
                Duration.ofMinutes(1), Map.of("fast", "7", "slow", "23", strategy.startsWith("graph:") ? "interval" : "bar", "1s",
                        "size", size(busiest), "symbol", busiest.nativeSymbol()));
        Looping source = new Looping(events, exchange, receive, (long) (seconds * 1e9), firstSnapshotsOnly);
        double heapStart = heapMb();
        long t0 = System.nanoTime();
        io.dpp.trader.strategy.Strategy s = strategy.startsWith("graph:")
                ? new io.dpp.trader.graph.GraphStrategy(io.dpp.trader.graph.Graph.parse(BacktestRun.builtInGraph("sma-crossover")))
                : new SmaCrossover();
        Backtest.Result r = new Backtest(s, settings).run(source);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Result(r.events(), source.deltas, elapsed, r.orders().size(), r.fills().size(), source.passes, heapStart, heapMb());
    }

    /** One lot of the instrument (a graph's order node cuts quantities to the lot), or 0.01 when unknown. */
    private static String size(io.dpp.core.instrument.Instrument i) {
        return io.dpp.core.decimal.Decimal64.isNumber(i.lotSize()) && io.dpp.core.decimal.Decimal64.signum(i.lotSize()) > 0
                ? io.dpp.core.decimal.Decimal64.toBigDecimal(i.lotSize()).toPlainString() : "0.01";
    }

    private static double heapMb() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1e6;
    }

    /** The pass again and again, each shifted after the last, until the time is up. */
    private static final class Looping implements EventSource {
        private final List<MarketEvent> events;
        private final long[] exchange;
        private final long[] receive;
        private final long span;
        private final long deadline;
        private int next;
        private long shift;
        long passes;
        long deltas;
        private long count;
        private final boolean firstSnapshotsOnly;

        Looping(List<MarketEvent> events, long[] exchange, long[] receive, long nanos, boolean firstSnapshotsOnly) {
            this.firstSnapshotsOnly = firstSnapshotsOnly;
            this.events = events;
            this.exchange = exchange;
            this.receive = receive;
            this.span = receive[receive.length - 1] - receive[0] + 1_000;
            this.deadline = System.nanoTime() + nanos;
        }

        @Override
        public MarketEvent next() {
            if ((++count & 4095) == 0 && System.nanoTime() > deadline) {
                return null;
            }
            if (next == events.size()) {
                next = 0;
                shift += span;
                passes++;
            }
            int i = next++;
            MarketEvent e = events.get(i);
            while (firstSnapshotsOnly && passes > 0 && e instanceof io.dpp.core.model.BookChange b && b.snapshot()) {
                if (next == events.size()) {
                    next = 0;
                    shift += span;
                    passes++;
                }
                i = next++;
                e = events.get(i);
            }
            e.times(exchange[i] == io.dpp.core.time.Timestamps.UNKNOWN ? exchange[i] : exchange[i] + shift, receive[i] + shift);
            deltas += e instanceof io.dpp.core.model.BookChange b ? b.levelCount() : 1;
            return e;
        }
    }
}
