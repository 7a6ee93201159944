package io.dpp.trader.live;

import io.dpp.core.time.Timestamps;
import io.dpp.runtime.db.Database;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.trader.backtest.BacktestRun;
import io.dpp.trader.strategy.Strategy;
import io.dpp.trading.exec.ExecutionHost;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trader+'s forward runs (docs/trader.md): strategies deployed on live data, trading paper (or,
 * later, venue) accounts through the EMS of this process ({@link ExecutionHost}). Deployments are
 * kept in the relational database; those running or paused when the process stopped start again
 * with it, their working orders taken back from the EMS's journal by their client order ids.
 * Every method may be called from any thread; the runs themselves live on the host's thread.
 */
public final class ForwardRuns implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardRuns.class);

    /** A deployment and its run (null while stopped or failed). */
    private static final class Entry {
        volatile Deployment deployment;
        volatile ForwardRun run;

        Entry(Deployment deployment) {
            this.deployment = deployment;
        }
    }

    private final ExecutionHost host;
    private final DeploymentDb db;
    private final int maxPerUser;
    private final int maxLive;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Writes state changes to the database off the host's thread, in the order they happened. */
    private final ExecutorService journal = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "strategy-journal");
        t.setDaemon(true);
        return t;
    });

    /**
     * Opens the deployments' table and resumes every deployment that was running or paused.
     *
     * @param maxPerUser live deployments one user may have
     * @param maxLive    live deployments in all
     */
    public static ForwardRuns start(ExecutionHost host, Database.Settings database, Path dataDir, PrometheusRegistry metrics,
                                    int maxPerUser, int maxLive) throws Exception {
        DeploymentDb db = DeploymentDb.open(database, dataDir);
        ForwardRuns runs = new ForwardRuns(host, db, maxPerUser, maxLive);
        runs.register(metrics);
        runs.resume();
        return runs;
    }

    private ForwardRuns(ExecutionHost host, DeploymentDb db, int maxPerUser, int maxLive) {
        this.host = host;
        this.db = db;
        this.maxPerUser = maxPerUser;
        this.maxLive = maxLive;
    }

    private void resume() throws Exception {
        int resumed = 0;
        for (Deployment d : db.all()) {
            ids.accumulateAndGet(d.id(), Math::max);
            Entry e = new Entry(d);
            entries.put(d.id(), e);
            if (d.live()) {
                try {
                    open(e, d, Deployment.PAUSED.equals(d.state())).get(30, TimeUnit.SECONDS);
                    resumed++;
                } catch (java.util.concurrent.ExecutionException x) {
                    String why = "cannot resume after the restart: " + unwrap(x).getMessage();
                    LOG.warn("deployment {}: {}", d.id(), why);
                    e.deployment = d.with(Deployment.FAILED, why, Timestamps.now());
                    db.updateState(e.deployment);
                }
            }
        }
        if (resumed > 0) {
            LOG.info("{} strategy deployment(s) resumed", resumed);
        }
    }

    /** Starts a run of {@code d} on the host; completes on the host's thread once its session is open. */
    private CompletableFuture<ForwardRun> open(Entry e, Deployment d, boolean paused) {
        Strategy strategy = BacktestRun.strategy(spec(d.strategy(), d.graph(), d.venue(), d.symbols(), d.params()));
        ForwardRun run = new ForwardRun(d, strategy, paused, this::failed);
        return host.open(d.owner(), d.account(), d.clientIdPrefix(), ForwardRun.wanted(d), run).thenApply(session -> {
            e.run = run;
            return run;
        });
    }

    /** The strategy threw: the host closed its session and canceled its orders; the deployment is failed. */
    private void failed(ForwardRun run) {
        Entry e = entries.get(run.deployment().id());
        if (e == null || e.run != run) {
            return;
        }
        Deployment d = e.deployment.with(Deployment.FAILED, "the strategy threw " + run.failure, Timestamps.now());
        e.deployment = d;
        LOG.warn("deployment {} failed and is stopped, its orders canceled: {}", d.id(), run.failure);
        journal.execute(() -> save(d));
    }

    private void save(Deployment d) {
        try {
            db.updateState(d);
        } catch (java.sql.SQLException x) {
            LOG.error("cannot keep the state of deployment {} ({}): {}", d.id(), d.state(), x.getMessage());
        }
    }

    /**
     * What to run, checked: a built-in strategy or graph, or a graph given whole; its parameters
     * must be the strategy's. IllegalArgumentException names what is wrong.
     */
    public static BacktestRun.Spec spec(String strategy, String graph, String venue, List<String> symbols, Map<String, String> params) {
        return new BacktestRun.Spec(strategy, venue, symbols, 0, 1, params, Duration.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Map.of(),
                Duration.ofMinutes(1), null, null, graph);
    }

    // ---- requests ----------------------------------------------------------------------------

    /**
     * Deploys a strategy for {@code owner} on their trading account {@code account}: 201's body
     * once it runs. Parses the graph: call it off an event loop.
     */
    public CompletableFuture<Map<String, Object>> deploy(String owner, String account, String strategy, String graph, String venue,
                                                         List<String> symbols, Map<String, String> params) {
        BacktestRun.Spec spec;
        try {
            spec = spec(strategy, graph, venue, symbols, params);
        } catch (IllegalArgumentException x) {
            throw new HttpProblem(400, "bad_request", x.getMessage());
        }
        if (!BacktestRun.builtInOnly(spec)) {
            throw new HttpProblem(400, "bad_request", "strategy must be a built-in strategy or graph (" + BacktestRun.builtInNames()
                    + "), or send a node graph in the graph field");
        }
        Deployment d;
        Entry e;
        synchronized (this) {
            long mine = entries.values().stream().filter(x -> x.deployment.owner().equals(owner) && x.deployment.live()).count();
            if (mine >= maxPerUser) {
                throw new HttpProblem(429, "rate_limited", "a user may have " + maxPerUser + " deployments running or paused;"
                        + " stop one first (POST /api/v1/strategies/{id}/stop)");
            }
            if (entries.values().stream().filter(x -> x.deployment.live()).count() >= maxLive) {
                throw new HttpProblem(503, "busy", maxLive + " deployments run on this platform already (trader.forward.max-live)");
            }
            long now = Timestamps.now();
            d = new Deployment(ids.incrementAndGet(), owner, account, spec.strategy(), spec.graph(), venue, symbols, spec.params(),
                    Deployment.RUNNING, null, now, now);
            e = new Entry(d);
            entries.put(d.id(), e);
        }
        return open(e, d, false).handleAsync((run, error) -> {
            if (error != null) {
                entries.remove(d.id());
                throw new CompletionException(unwrap(error));
            }
            try {
                db.insert(d);
            } catch (java.sql.SQLException x) {
                entries.remove(d.id());
                host.call(() -> {
                    run.stop("the deployment could not be kept");
                    return null;
                });
                throw new HttpProblem(503, "unavailable", "the deployment could not be kept in the database; nothing runs");
            }
            LOG.info("deployment {} of {} runs {} on {} {}, account {}", d.id(), owner, d.strategy(), venue, symbols, account);
            return view(e);
        }, journal);
    }

    /** The caller's deployments, oldest first. */
    public List<Map<String, Object>> list(String owner) {
        List<Map<String, Object>> out = new ArrayList<>();
        entries.values().stream().filter(e -> e.deployment.owner().equals(owner))
                .sorted(java.util.Comparator.comparingLong(e -> e.deployment.id())).forEach(e -> out.add(view(e)));
        return out;
    }

    /** One of the caller's deployments: 404 when it is nobody's or another user's. */
    public Map<String, Object> status(String owner, long id) {
        return view(mine(owner, id));
    }

    /** Stops a running or paused deployment: the strategy's onStop, then its working orders are canceled. */
    public CompletableFuture<Map<String, Object>> stop(String owner, long id) {
        Entry e = mine(owner, id);
        synchronized (e) {
            if (!e.deployment.live()) {
                throw new HttpProblem(409, "conflict", "deployment " + id + " is " + e.deployment.state() + ": nothing to stop");
            }
            ForwardRun run = e.run;
            Deployment d = e.deployment.with(Deployment.STOPPED, "stopped on request", Timestamps.now());
            e.deployment = d;
            return host.call(() -> {
                if (run != null) {
                    run.stop("the deployment was stopped");
                }
                return null;
            }).thenApplyAsync(x -> {
                save(d);
                return view(e);
            }, journal);
        }
    }

    /** Pauses a running deployment: the strategy sees no market events or timers; its orders stay working. */
    public CompletableFuture<Map<String, Object>> pause(String owner, long id) {
        Entry e = mine(owner, id);
        synchronized (e) {
            if (!Deployment.RUNNING.equals(e.deployment.state()) || e.run == null) {
                throw new HttpProblem(409, "conflict", "deployment " + id + " is " + e.deployment.state() + ": only a running one pauses");
            }
            e.run.pause(true);
            Deployment d = e.deployment.with(Deployment.PAUSED, "paused on request", Timestamps.now());
            e.deployment = d;
            return CompletableFuture.supplyAsync(() -> {
                save(d);
                return view(e);
            }, journal);
        }
    }

    /**
     * Starts a deployment again: a paused one carries on; a stopped or failed one starts afresh (a
     * new instance of its strategy) on the same account, its order ids continuing.
     */
    public CompletableFuture<Map<String, Object>> start(String owner, long id) {
        Entry e = mine(owner, id);
        synchronized (e) {
            Deployment before = e.deployment;
            if (Deployment.RUNNING.equals(before.state())) {
                throw new HttpProblem(409, "conflict", "deployment " + id + " is running already");
            }
            Deployment d = before.with(Deployment.RUNNING, null, Timestamps.now());
            if (Deployment.PAUSED.equals(before.state()) && e.run != null) {
                e.run.pause(false);
                e.deployment = d;
                return CompletableFuture.supplyAsync(() -> {
                    save(d);
                    return view(e);
                }, journal);
            }
            synchronized (this) {
                if (entries.values().stream().filter(x -> x.deployment.owner().equals(owner) && x.deployment.live()).count() >= maxPerUser) {
                    throw new HttpProblem(429, "rate_limited", "a user may have " + maxPerUser + " deployments running or paused");
                }
                e.deployment = d;
            }
            return open(e, d, false).handleAsync((run, error) -> {
                if (error != null) {
                    e.deployment = before;
                    throw new CompletionException(unwrap(error));
                }
                save(d);
                return view(e);
            }, journal);
        }
    }

    private Entry mine(String owner, long id) {
        Entry e = entries.get(id);
        if (e == null || !e.deployment.owner().equals(owner)) {
            throw new HttpProblem(404, "not_found", "no deployment " + id + " of yours");
        }
        return e;
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        return t;
    }

    /** A deployment as the API shows it. */
    private static Map<String, Object> view(Entry e) {
        Deployment d = e.deployment;
        ForwardRun run = e.run;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(d.id()));
        m.put("strategy", d.strategy());
        m.put("venue", d.venue());
        m.put("symbols", d.symbols());
        m.put("params", new java.util.TreeMap<>(d.params()));
        m.put("account", d.account());
        m.put("state", d.state());
        m.put("reason", d.reason());
        m.put("created", Timestamps.toIso(d.created()));
        m.put("updated", Timestamps.toIso(d.updated()));
        m.put("client_order_id_prefix", d.clientIdPrefix());
        if (run != null) {
            m.put("events", run.events);
            m.put("orders", run.orders);
            m.put("fills", run.fills);
            m.put("rejects", run.rejects);
            m.put("errors", run.errors);
            m.put("profit", run.profit().stripTrailingZeros().toPlainString());
            m.put("last_event", run.lastEventTime == Long.MIN_VALUE ? null : Timestamps.toIso(run.lastEventTime));
            m.put("event_lag_ms", run.lastLagNanos / 1_000_000.0);
            m.put("resumed_orders", run.resumedOrders);
            Map<String, Object> snapshot = run.snapshot();
            m.put("positions", snapshot.getOrDefault("positions", List.of()));
            m.put("open_orders", snapshot.getOrDefault("open_orders", List.of()));
            m.put("recent_fills", snapshot.getOrDefault("fills", List.of()));
        }
        return m;
    }

    // ---- metrics -------------------------------------------------------------------------------

    private void register(PrometheusRegistry registry) {
        counter(registry, "dpp_strategy_orders", "Orders a deployed strategy sent", r -> r.orders);
        counter(registry, "dpp_strategy_fills", "Fills of a deployed strategy's orders", r -> r.fills);
        counter(registry, "dpp_strategy_rejects", "Orders of a deployed strategy the EMS refused", r -> r.rejects);
        counter(registry, "dpp_strategy_errors", "Exceptions a deployed strategy threw (it is stopped at the first)", r -> r.errors);
        counter(registry, "dpp_strategy_events", "Market events a deployed strategy received", r -> r.events);
        GaugeWithCallback.builder().name("dpp_strategy_profit").help("A deployed strategy's profit on its own fills, net of fees, "
                        + "marked to the last trade (quote asset)")
                .labelNames("deployment", "strategy")
                .callback(cb -> each((e, r) -> cb.call(r.profit().doubleValue(), id(e), e.deployment.strategy()))).register(registry);
        GaugeWithCallback.builder().name("dpp_strategy_event_lag_seconds").help("How long the last market event a deployed strategy "
                        + "handled had waited since the feeds handed it over")
                .labelNames("deployment", "strategy")
                .callback(cb -> each((e, r) -> cb.call(r.lastLagNanos / 1e9, id(e), e.deployment.strategy()))).register(registry);
        GaugeWithCallback.builder().name("dpp_strategy_state").help("1 for a deployment's current state (running, paused, stopped, failed)")
                .labelNames("deployment", "strategy", "state")
                .callback(cb -> entries.values().forEach(e -> cb.call(1, id(e), e.deployment.strategy(), e.deployment.state())))
                .register(registry);
    }

    private void counter(PrometheusRegistry registry, String name, String help, java.util.function.ToLongFunction<ForwardRun> value) {
        CounterWithCallback.builder().name(name).help(help).labelNames("deployment", "strategy")
                .callback(cb -> each((e, r) -> cb.call(value.applyAsLong(r), id(e), e.deployment.strategy()))).register(registry);
    }

    private void each(java.util.function.BiConsumer<Entry, ForwardRun> f) {
        for (Entry e : entries.values()) {
            ForwardRun r = e.run;
            if (r != null) {
                f.accept(e, r);
            }
        }
    }

    private static String id(Entry e) {
        return Long.toString(e.deployment.id());
    }

    @Override
    public void close() throws InterruptedException {
        journal.shutdown();
        journal.awaitTermination(5, TimeUnit.SECONDS);
        db.close();
    }
}
