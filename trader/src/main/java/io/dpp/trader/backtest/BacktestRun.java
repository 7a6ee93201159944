package io.dpp.trader.backtest;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.store.InstrumentDirectory;
import io.dpp.store.QuestDbStore;
import io.dpp.store.Schema;
import io.dpp.trader.examples.SmaCrossover;
import io.dpp.trader.strategy.Strategy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One backtest as the CLI ({@code dpp backtest}) and the API ({@code POST /api/v1/backtests}) run
 * it: the strategy by name, the instruments resolved in the store, the run, and its JSON and HTML
 * reports.
 */
public final class BacktestRun {

    /** Strategies by short name. */
    public static final Map<String, Class<? extends Strategy>> BUILT_IN = Map.of("sma-crossover", SmaCrossover.class);

    /**
     * What to run.
     *
     * @param cash starting balances; empty: 10000 of each instrument's quote asset
     */
    public record Spec(String strategy, String venue, List<String> symbols, long from, long to, Map<String, String> params,
                       Duration latency, BigDecimal makerFee, BigDecimal takerFee, Map<String, BigDecimal> cash,
                       Duration equityEvery) {

        public Spec {
            if (strategy == null || strategy.isBlank() || venue == null || venue.isBlank() || symbols == null || symbols.isEmpty()) {
                throw new IllegalArgumentException("strategy, venue and at least one symbol are required");
            }
            if (to <= from) {
                throw new IllegalArgumentException("to must be after from");
            }
            symbols = List.copyOf(symbols);
            params = new TreeMap<>(params);
            cash = new TreeMap<>(cash);
        }
    }

    /** What a run produced. */
    public record Outcome(Map<String, Object> report, String json, String html, Backtest.Result result, double seconds) {

        /** The one-line summary: report paths, events, trades (fills) and the headline metrics. */
        public Map<String, Object> summary(String reportPath, String htmlPath) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) report.get("metrics");
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("report", reportPath);
            line.put("html", htmlPath);
            line.put("events", result.events());
            line.put("trades", result.fills().size());
            for (String k : List.of("total_return", "sharpe", "sortino", "max_drawdown")) {
                line.put(k, metrics.get(k));
            }
            return line;
        }
    }

    private BacktestRun() {
    }

    /** A new strategy: a built-in name or the class name of a {@link Strategy} on the class path. */
    public static Strategy strategy(String name) {
        if (name.endsWith(".json")) {
            throw new IllegalArgumentException("node-graph strategy files are not supported yet; use a built-in strategy ("
                    + String.join(", ", BUILT_IN.keySet()) + ") or a Strategy class name");
        }
        Class<? extends Strategy> type = BUILT_IN.get(name);
        try {
            Class<?> c = type != null ? type : Class.forName(name);
            if (!Strategy.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(name + " is not a " + Strategy.class.getName());
            }
            return (Strategy) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown strategy \"" + name + "\": neither a built-in one ("
                    + String.join(", ", BUILT_IN.keySet()) + ") nor a class on the class path");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create strategy " + name + ": " + e);
        }
    }

    /** The instruments of a spec, as the store knows them; IllegalArgumentException names one it does not hold. */
    public static List<Instrument> instruments(QuestDbStore store, Spec spec) {
        InstrumentDirectory directory = new InstrumentDirectory(store);
        List<Instrument> out = new ArrayList<>();
        for (String s : spec.symbols()) {
            Instrument i = directory.find(spec.venue(), s);
            if (i == null) {
                throw new IllegalArgumentException("no instrument \"" + s + "\" has been recorded on venue \"" + spec.venue() + "\"");
            }
            out.add(i);
        }
        return out;
    }

    /**
     * Runs a spec over the store.
     *
     * @throws IllegalArgumentException for a bad strategy, parameter or instrument
     * @throws IllegalStateException    when the store is still applying what was committed after 5 minutes
     */
    public static Outcome run(QuestDbStore store, Spec spec) throws Exception {
        Strategy strategy = strategy(spec.strategy());
        // What was committed before the last stop may still be applying from the write-ahead log.
        for (String table : List.of(Schema.INSTRUMENTS, Schema.TRADES, Schema.BOOK_CHANGES, Schema.BOOK_CHECKPOINTS)) {
            if (!store.awaitApplied(table, Duration.ofMinutes(5))) {
                throw new IllegalStateException("the store is still applying " + table + " after 5 minutes; try again later");
            }
        }
        List<Instrument> instruments = instruments(store, spec);
        Map<String, BigDecimal> cash = spec.cash();
        if (cash.isEmpty()) {
            cash = new TreeMap<>();
            for (Instrument i : instruments) {
                cash.put(i.quote(), new BigDecimal("10000"));
            }
        }
        BacktestSettings settings = new BacktestSettings(spec.latency(), FeeSchedule.flat(spec.makerFee(), spec.takerFee()), cash,
                spec.equityEvery(), spec.params());
        long t0 = System.nanoTime();
        Backtest.Result result;
        try (StoreEventSource source = new StoreEventSource(store, instruments, spec.from(), spec.to(), Duration.ofMinutes(10))) {
            result = new Backtest(strategy, settings).run(source, spec.from());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("strategy", spec.strategy());
        run.put("params", new TreeMap<>(spec.params()));
        run.put("venue", spec.venue());
        List<String> names = new ArrayList<>();
        instruments.forEach(i -> names.add(i.nativeSymbol()));
        run.put("symbols", names);
        run.put("from", Timestamps.toIso(spec.from()));
        run.put("to", Timestamps.toIso(spec.to()));
        run.put("latency", settings.latency().toString());
        run.put("maker_fee", spec.makerFee().toPlainString());
        run.put("taker_fee", spec.takerFee().toPlainString());
        Map<String, String> initial = new LinkedHashMap<>();
        settings.initialCash().forEach((k, v) -> initial.put(k, v.toPlainString()));
        run.put("cash", initial);
        Map<String, Object> report = Report.build(result, run);
        return new Outcome(report, Report.json(report), HtmlReport.render(report, result), result, seconds);
    }

    /** A file name for a run's report, from what it ran: the same run, the same name. */
    public static String fileName(Spec spec) {
        String name = spec.strategy().replaceAll(".*\\.", "") + "-" + spec.venue() + "-" + String.join("+", spec.symbols()) + "-"
                + Timestamps.toIso(spec.from()) + "-" + Timestamps.toIso(spec.to());
        return name.replaceAll("[^A-Za-z0-9.+_-]", "_") + ".json";
    }
}
