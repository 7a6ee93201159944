package io.dpp.trader.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.access.Access;
import io.dpp.runtime.access.Grant;
import io.dpp.runtime.config.DurationConverter;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.store.QuestDbStore;
import io.dpp.trader.backtest.BacktestRun;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * {@code <data.dir>/backtests}. Runs one at a time on a thread of its own, at most 16 waiting
 * (503 beyond). The caller's plan must hold the venue, the trades and book_changes channels and the
 * history the run reaches back to.
 */
public final class BacktestApi implements RuntimeModule {

    public static final String NAME = "backtest-api";

    private static final Logger LOG = LoggerFactory.getLogger(BacktestApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP = 200;

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

    private static final class Job {
        final String id;
        final BacktestRun.Spec spec;
        final long submitted = Timestamps.now();
        volatile long started;
        volatile long finished;
        volatile String status = "queued";
        volatile String error;
        volatile Map<String, Object> summary;

        Job(String id, BacktestRun.Spec spec) {
            this.id = id;
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
        runner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "backtest");
            t.setDaemon(true);
            return t;
        });
        var router = context.module(HttpModule.class).router();
        router.post("/api/v1/backtests").handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::submit);
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

    private void submit(RoutingContext ctx) {
        BacktestRun.Spec spec = spec(ctx);
        Grant grant = Grant.of(ctx);
        if (grant != null) {
            grant.checkVenue(spec.venue());
            grant.checkChannel("trades");
            grant.checkChannel("book_changes");
            grant.checkHistory(spec.from(), Timestamps.now());
        }
        ctx.vertx().executeBlocking(() -> {
            BacktestRun.instruments(store, spec); // names an unknown instrument before queueing
            return null;
        }, false).onComplete(checked -> {
            if (checked.failed()) {
                Throwable t = checked.cause();
                ctx.fail(t instanceof IllegalArgumentException ? new HttpProblem(404, "not_found", t.getMessage()) : t);
                return;
            }
            Job job = new Job(prefix + "-" + ids.incrementAndGet(), spec);
            try {
                runner.execute(() -> run(job));
            } catch (RejectedExecutionException e) {
                ctx.fail(new HttpProblem(503, "busy", "16 backtests are waiting already; retry later"));
                return;
            }
            jobs.put(job.id, job);
            ctx.response().setStatusCode(202).putHeader("content-type", "application/json")
                    .putHeader("Location", "/api/v1/backtests/" + job.id).end(json(view(job)));
        });
    }

    private void run(Job job) {
        job.started = Timestamps.now();
        job.status = "running";
        try {
            BacktestRun.Outcome outcome = BacktestRun.run(store, job.spec);
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
            job.error = e.getMessage() == null ? e.toString() : e.getMessage();
            job.status = "failed";
            LOG.warn("backtest {} failed: {}", job.id, job.error);
        } finally {
            job.finished = Timestamps.now();
        }
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

    private Job job(RoutingContext ctx) {
        Job job = jobs.get(ctx.pathParam("id"));
        if (job == null) {
            throw new HttpProblem(404, "not_found", "no backtest " + ctx.pathParam("id") + " (this process keeps the last " + KEEP + ")");
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
        if (job.summary != null) {
            m.put("summary", job.summary);
        }
        return m;
    }

    /** The run from the request body, with clear errors naming the field. */
    private static BacktestRun.Spec spec(RoutingContext ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body().asString());
        } catch (Exception e) {
            throw bad("the body must be a JSON object describing the backtest (docs/trader.md)");
        }
        if (body == null || !body.isObject()) {
            throw bad("the body must be a JSON object describing the backtest (docs/trader.md)");
        }
        List<String> symbols = new ArrayList<>();
        if (body.path("symbols").isArray()) {
            body.get("symbols").forEach(s -> symbols.add(s.asText()));
        } else if (body.hasNonNull("symbol")) {
            symbols.add(body.get("symbol").asText());
        }
        Map<String, String> params = new LinkedHashMap<>();
        body.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        Map<String, BigDecimal> cash = new LinkedHashMap<>();
        body.path("cash").fields().forEachRemaining(e -> cash.put(e.getKey(), decimal("cash." + e.getKey(), e.getValue().asText())));
        try {
            DurationConverter durations = new DurationConverter();
            JsonNode graph = body.get("graph");
            if (graph != null && !graph.isNull() && !graph.isObject()) {
                throw bad("graph must be a node graph, a JSON object (docs/graphs.md)");
            }
            boolean hasGraph = graph != null && graph.isObject();
            BacktestRun.Spec spec = new BacktestRun.Spec(hasGraph ? null : text(body, "strategy"), text(body, "venue"), symbols,
                    time(body, "from"), time(body, "to"), params,
                    durations.convert(body.path("latency").asText("10ms")),
                    decimal("maker_fee", body.path("maker_fee").asText("0.0002")),
                    decimal("taker_fee", body.path("taker_fee").asText("0.001")), cash,
                    durations.convert(body.path("equity_every").asText("1m")),
                    body.hasNonNull("candles") ? durations.convert(body.get("candles").asText()) : null,
                    decimal("slippage", body.path("slippage").asText("0")), hasGraph ? graph.toString() : null);
            BacktestRun.strategy(spec);
            return spec;
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        if (!body.hasNonNull(field) || body.get(field).asText().isBlank()) {
            throw bad(field + " is required");
        }
        return body.get(field).asText();
    }

    private static long time(JsonNode body, String field) {
        String t = text(body, field);
        try {
            return Timestamps.parseTimeOrDate(t);
        } catch (java.time.DateTimeException e) {
            throw bad(field + " must be an ISO-8601 time such as 2024-05-01T12:00:00Z or a date, got \"" + t + "\"");
        }
    }

    private static BigDecimal decimal(String field, String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw bad(field + " must be a decimal number, got \"" + text + "\"");
        }
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
