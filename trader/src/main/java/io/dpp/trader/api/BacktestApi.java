package io.dpp.trader.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.store.QuestDbStore;
import io.dpp.trader.backtest.BacktestRun;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backtests over the platform's own store (docs/trader.md): {@code POST /api/v1/backtests} with the
 * run as JSON queues it (202), {@code GET /api/v1/backtests/{id}} tells its state and summary,
 * {@code .../report} and {@code .../report.html} serve its reports, also written under
 * {@code <data.dir>/backtests}. A run belongs to the user who submitted it: nobody else sees it.
 *
 * <p>The body must be JSON ({@code 415} otherwise; nothing is ever written to disk from a
 * request). Its fields are bounded and the caller's plan (the venue, the trades and book_changes
 * channels, the history the run reaches back to) is checked before a graph is parsed; the graph
 * is then parsed and checked off the event loop. REST runs only built-in strategies and graphs,
 * or a graph sent whole. Runs go one at a time on a thread of their own, within a memory budget
 * ({@code trader.backtest.max-memory-mb}), at most {@code max-queued} waiting (503 beyond) and
 * {@code max-queued-per-user} of one user (429 beyond).
 */
public final class BacktestApi implements RuntimeModule {

    public static final String NAME = "backtest-api";

    private static final Logger LOG = LoggerFactory.getLogger(BacktestApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP = 200;
    /** Largest request body, bytes. */
    static final int MAX_BODY = 64 * 1024;

    private final Map<String, Job> jobs = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
            return size() > KEEP && eldest.getValue().finished != 0;
        }
    });
    private final AtomicLong ids = new AtomicLong();
    private final String prefix = Long.toHexString(System.currentTimeMillis() / 1000);
    private QuestDbStore store;
    private Path dir;
    private ThreadPoolExecutor runner;
    private long budgetBytes;
    private int maxPerUser;
    private final Map<String, Integer> active = new java.util.concurrent.ConcurrentHashMap<>();

    private static final class Job {
        final String id;
        final String owner;
        final BacktestRun.Spec spec;
        final long submitted = Timestamps.now();
        volatile long started;
        volatile long finished;
        volatile String status = "queued";
        volatile String error;
        volatile Map<String, Object> summary;
        /** Events replayed and the data time reached, as the run last told (every 65,536 events). */
        volatile long events;
        volatile long at;

        Job(String id, String owner, BacktestRun.Spec spec) {
            this.id = id;
            this.owner = owner;
            this.spec = spec;
        }
    }

    /** The registry entry. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, "trader", List.of(HttpModule.NAME, Access.MODULE, QuestDbStore.NAME), BacktestApi::new);
    }

    @Override
    public void start(ModuleContext context) throws Exception {
        store = context.module(QuestDbStore.class);
        dir = context.dataDir().resolve("backtests");
        io.dpp.trader.TraderConfig.Backtest limits = context.config(io.dpp.trader.TraderConfig.class).backtest();
        budgetBytes = (long) limits.maxMemoryMb() << 20;
        maxPerUser = limits.maxQueuedPerUser();
        runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(limits.maxQueued()), r -> {
            Thread t = new Thread(r, "backtest");
            t.setDaemon(true);
            return t;
        });
        var router = context.module(HttpModule.class).router();
        // The content type is checked on a route of its own, before the body is read (Vert.x runs a
        // route's body handler before its other handlers).
        router.post("/api/v1/backtests").handler(BacktestApi::jsonOnly);
        router.post("/api/v1/backtests").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY).setDeleteUploadedFilesOnEnd(true))
                .handler(this::submit);
        router.get("/api/v1/backtests").handler(this::list);
        router.get("/api/v1/backtests/:id").handler(this::status);
        router.get("/api/v1/backtests/:id/report").handler(ctx -> report(ctx, ".json", "application/json"));
        router.get("/api/v1/backtests/:id/report.html").handler(ctx -> report(ctx, ".html", "text/html; charset=utf-8"));
    }

    @Override
    public void stop(Duration budget) throws InterruptedException {
        if (runner != null) {
            runner.shutdownNow();
            runner.awaitTermination(budget.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The fields a backtest body may hold; any other is refused (the OpenAPI document lists the same). */
    public static java.util.List<String> bodyFields() {
        return BacktestRequest.FIELDS;
    }

    /** 415 before the body is read unless it is JSON: no form or multipart upload is ever taken. */
    static void jsonOnly(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpProblem(415, "unsupported_media_type", "the body must be JSON (Content-Type: application/json)");
        }
        ctx.next();
    }

    private void submit(RoutingContext ctx) {
        Grant grant = Grant.of(ctx);
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body().asString());
        } catch (Exception e) {
            throw bad("the body must be a JSON object describing the backtest (docs/trader.md)");
        }
        BacktestRequest request = BacktestRequest.of(body);
        request.entitled(grant); // before any graph is parsed
        String owner = grant.user();
        int mine = active.merge(owner, 1, Integer::sum);
        if (mine > maxPerUser) {
            release(owner);
            throw new HttpProblem(429, "rate_limited", "at most " + maxPerUser + " backtests of one user may wait or run at once");
        }
        ctx.vertx().executeBlocking(() -> {
            BacktestRun.Spec spec = request.spec(); // parses and checks the graph
            BacktestRun.instruments(store, spec); // names an unknown instrument before queueing
            return spec;
        }, false).onComplete(checked -> {
            if (checked.failed()) {
                release(owner);
                Throwable t = checked.cause();
                boolean unknown = t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).startsWith("no instrument");
                ctx.fail(t instanceof HttpProblem ? t
                        : t instanceof IllegalArgumentException ? new HttpProblem(unknown ? 404 : 400, unknown ? "not_found" : "bad_request",
                        t.getMessage())
                        : new HttpProblem(503, "unavailable", io.dpp.runtime.http.PublicErrors.message("backtest submission", t)));
                return;
            }
            Job job = new Job(prefix + "-" + ids.incrementAndGet(), owner, checked.result());
            try {
                runner.execute(() -> run(job));
            } catch (RejectedExecutionException e) {
                release(owner);
                ctx.fail(new HttpProblem(503, "busy", runner.getQueue().size() + " backtests are waiting already; retry later"));
                return;
            }
            jobs.put(job.id, job);
            ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                    .putHeader("Location", "/api/v1/backtests/" + job.id).end(json(view(job)));
        });
    }

    private void release(String owner) {
        active.computeIfPresent(owner, (k, n) -> n <= 1 ? null : n - 1);
    }

    private void run(Job job) {
        job.started = Timestamps.now();
        job.status = "running";
        try {
            BacktestRun.Outcome outcome = BacktestRun.run(store, job.spec, (events, time) -> {
                job.events = events;
                job.at = time;
            }, new io.dpp.trader.backtest.MemoryBudget(budgetBytes));
            Files.createDirectories(dir);
            Path json = dir.resolve(job.id + ".json");
            Path html = dir.resolve(job.id + ".html");
            Files.writeString(json, outcome.json(), StandardCharsets.UTF_8);
            Files.writeString(html, outcome.html(), StandardCharsets.UTF_8);
            Map<String, Object> summary = outcome.summary("/api/v1/backtests/" + job.id + "/report",
                    "/api/v1/backtests/" + job.id + "/report.html");
            job.summary = summary;
            job.status = "done";
        } catch (Exception | StackOverflowError e) {
            job.error = io.dpp.runtime.http.PublicErrors.message("backtest " + job.id, e);
            job.status = "failed";
            LOG.warn("backtest {} failed: {}", job.id, job.error);
        } finally {
            job.finished = Timestamps.now();
            release(job.owner);
        }
    }

    /** {@code GET /api/v1/backtests}: the caller's backtests this process keeps, newest first. */
    private void list(RoutingContext ctx) {
        String owner = Grant.of(ctx).user();
        List<Map<String, Object>> mine = new java.util.ArrayList<>();
        synchronized (jobs) {
            for (Job job : jobs.values()) {
                if (job.owner.equals(owner)) {
                    mine.add(view(job));
                }
            }
        }
        java.util.Collections.reverse(mine);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("backtests", mine);
        body.put("kept", KEEP);
        ctx.response().putHeader("content-type", "application/json").end(json(body));
    }

    private void status(RoutingContext ctx) {
        Job job = job(ctx);
        ctx.response().putHeader("content-type", "application/json").end(json(view(job)));
    }

    private void report(RoutingContext ctx, String suffix, String type) {
        Job job = job(ctx);
        if (!job.status.equals("done")) {
            throw new HttpProblem(409, "not_ready", "backtest " + job.id + " is " + job.status
                    + (job.error == null ? "" : ": " + job.error) + "; its report exists once it is done");
        }
        ctx.response().putHeader("content-type", type).sendFile(dir.resolve(job.id + suffix).toString());
    }

    /** The caller's job of the path's id; 404 for another user's, as for one that does not exist. */
    private Job job(RoutingContext ctx) {
        String owner = Grant.of(ctx).user();
        String id = ctx.pathParam("id");
        Job job = id.length() > 64 ? null : jobs.get(id);
        if (job == null || !job.owner.equals(owner)) {
            throw new HttpProblem(404, "not_found", "no backtest " + (id.length() > 64 ? id.substring(0, 64) + "..." : id)
                    + " of yours (this process keeps the last " + KEEP + ")");
        }
        return job;
    }

    private static Map<String, Object> view(Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id);
        m.put("status", job.status);
        m.put("submitted", Timestamps.toIso(job.submitted));
        m.put("started", job.started == 0 ? null : Timestamps.toIso(job.started));
        m.put("finished", job.finished == 0 ? null : Timestamps.toIso(job.finished));
        if (job.error != null) {
            m.put("error", job.error);
        }
        m.put("progress", progress(job));
        if (job.summary != null) {
            m.put("summary", job.summary);
        }
        return m;
    }

    /**
     * How far a run got: events replayed, the data time reached and the fraction of the requested
     * span (from to the earlier of to and now) behind it; 1 once done.
     */
    private static Map<String, Object> progress(Job job) {
        Map<String, Object> p = new LinkedHashMap<>();
        boolean done = job.status.equals("done");
        p.put("events", done && job.summary != null ? job.summary.get("events") : job.events);
        p.put("at", job.at == 0 ? null : Timestamps.toIso(job.at));
        double fraction = 0;
        if (done) {
            fraction = 1;
        } else if (job.at > 0) {
            long end = Math.min(job.spec.to(), Timestamps.now());
            fraction = end > job.spec.from() ? Math.max(0, Math.min(1, (double) (job.at - job.spec.from()) / (end - job.spec.from()))) : 0;
        }
        p.put("fraction", Math.round(fraction * 1000) / 1000.0);
        return p;
    }

    private static HttpProblem bad(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
