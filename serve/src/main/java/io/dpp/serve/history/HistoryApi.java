package io.dpp.serve.history;


import io.dpp.runtime.access.Access;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.store.QuestDbStore;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The history API as a runtime module ({@code history-api}): its query pool and metrics, the
 * replay of history as events over WebSocket, and the routes of {@link HistoryRoutes} answered by
 * {@link HistoryQueries}.
 */
public final class HistoryApi implements RuntimeModule {

    public static final String NAME = "history-api";

    private ThreadPoolExecutor pool;
    private HistoryReplay replay;

    /** The registry entry. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, "historical", List.of(HttpModule.NAME, Access.MODULE, QuestDbStore.NAME), HistoryApi::new);
    }

    @Override
    public void start(ModuleContext context) {
        QuestDbStore store = context.module(QuestDbStore.class);
        long maxRows = context.config(HistoryApiConfig.class).maxRows();
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(2, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "history-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("dpp_history_queries")
                .help("History queries by state: running (on the query pool), queued (waiting for it; 503 beyond 64)")
                .labelNames("state")
                .callback(cb -> {
                    cb.call(pool.getActiveCount(), "running");
                    cb.call(pool.getQueue().size(), "queued");
                }).register(context.metrics());
        HistoryQueries queries = new HistoryQueries(store, maxRows, pool);
        replay = new HistoryReplay(store, queries.instruments());
        Router router = context.module(HttpModule.class).router();
        io.dpp.runtime.access.AccessGate gate = context.module(HttpModule.class).gate();
        gate.webSocketRoute(HistoryReplay.PATH);
        router.get(HistoryReplay.PATH).handler(ctx -> replay.handle(ctx, gate));
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("dpp_history_replays")
                .help("Replays streaming now (at most " + HistoryReplay.MAX_REPLAYS + ")")
                .callback(cb -> cb.call(replay.running())).register(context.metrics());
        HistoryRoutes.mount(router, queries);
    }

    @Override
    public void stop(Duration budget) throws InterruptedException {
        if (replay != null) {
            replay.stop();
        }
        if (pool != null) {
            pool.shutdown();
            pool.awaitTermination(budget.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
