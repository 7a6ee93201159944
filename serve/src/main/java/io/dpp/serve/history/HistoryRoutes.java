package io.dpp.serve.history;

import io.dpp.store.Schema;
import io.vertx.ext.web.Router;

/**
 * The history API's routes, as data: which path is answered by which {@link HistoryQueries}
 * method, under which channel of the caller's plan. A static method, so that the module and the
 * tests mount exactly the same routes (decision 001).
 */
public final class HistoryRoutes {

    private HistoryRoutes() {
    }

    /** Mounts every history route on {@code router}; the access gate in front of it sets each request's grant. */
    public static void mount(Router router, HistoryQueries q) {
        router.get("/api/v1/trades").handler(ctx -> q.run(ctx, "trades", () -> q.executions(ctx, Schema.TRADES)));
        router.get("/api/v1/liquidations").handler(ctx -> q.run(ctx, "liquidations", () -> q.executions(ctx, Schema.LIQUIDATIONS)));
        router.get("/api/v1/book_changes").handler(ctx -> q.run(ctx, "book_changes", () -> q.bookChanges(ctx)));
        router.get("/api/v1/quotes").handler(ctx -> q.run(ctx, "quotes", () -> q.quotes(ctx)));
        router.get("/api/v1/derivative_tickers").handler(ctx -> q.run(ctx, "derivative_tickers", () -> q.tickers(ctx)));
        router.get("/api/v1/candles").handler(ctx -> q.run(ctx, "candles", () -> q.candles(ctx)));
        router.get("/api/v1/indicators/:name").handler(ctx -> q.run(ctx, "candles", () -> q.indicator(ctx)));
        router.get("/api/v1/book").handler(ctx -> q.run(ctx, "book_changes", () -> q.book(ctx)));
        router.get("/api/v1/quality").handler(ctx -> q.run(ctx, "feed_status", () -> q.quality(ctx)));
        router.get("/api/v1/instruments").handler(ctx -> q.run(ctx, null, () -> q.instruments(ctx)));
    }
}
