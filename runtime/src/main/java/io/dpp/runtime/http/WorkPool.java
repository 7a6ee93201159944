package io.dpp.runtime.http;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Where an API does its blocking work (a database, a slow hash), never on the event loop: a
 * fixed number of threads and a bounded queue; a request that finds the queue full is answered
 * 503 at once. The answer is sent back on the request's own context, and a failure goes through
 * the API's own mapping (a database failure to a 503, say) before the JSON error handler.
 */
public final class WorkPool implements AutoCloseable {

    private final ExecutorService pool;
    private final String busy;
    private final BiFunction<RoutingContext, Throwable, Throwable> errors;

    /**
     * @param name    thread name
     * @param threads how many run at once
     * @param queue   how many may wait
     * @param busy    the 503 message when the queue is full
     * @param errors  maps a failure of the work to what the request fails with (it may set headers
     *                on the response, such as Retry-After)
     */
    public WorkPool(String name, int threads, int queue, String busy, BiFunction<RoutingContext, Throwable, Throwable> errors) {
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.busy = busy;
        this.errors = errors;
    }

    /** Runs {@code work} off the event loop and answers its result as JSON with {@code status}. */
    public void call(RoutingContext ctx, int status, Supplier<Object> work) {
        run(ctx, work, result -> JsonBody.send(ctx, status, result));
    }

    /** Runs {@code work} off the event loop and hands its result to {@code answer} on the request's context. */
    public <T> void run(RoutingContext ctx, Supplier<T> work, Consumer<T> answer) {
        io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    done.complete(work.get());
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new HttpProblem(503, "unavailable", busy);
        }
        done.whenComplete((result, error) -> context.runOnContext(v -> {
            if (error == null) {
                answer.accept(result);
            } else {
                ctx.fail(errors.apply(ctx, error));
            }
        }));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
