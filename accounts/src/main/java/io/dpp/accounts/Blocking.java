package io.dpp.accounts;

import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.JsonBody;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the accounts service's APIs do their blocking work (database, Argon2id): two threads and
 * at most {@value #QUEUE} waiting requests (503 beyond them), never the event loop. The answer is
 * sent back on the request's own context; a database failure is a 503 with the details logged.
 */
final class Blocking {

    static final int QUEUE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Blocking.class);

    private final ExecutorService pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
        Thread t = new Thread(r, "accounts-work");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code work} off the event loop and answers its result as JSON with {@code status}. */
    void call(RoutingContext ctx, int status, Supplier<Object> work) {
        run(ctx, work, result -> JsonBody.send(ctx, status, result));
    }

    /** Runs {@code work} off the event loop and hands its result to {@code answer} on the request's context. */
    <T> void run(RoutingContext ctx, Supplier<T> work, Consumer<T> answer) {
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
            throw new HttpProblem(503, "unavailable", "too many account requests at once; retry shortly");
        }
        done.whenComplete((result, error) -> context.runOnContext(v -> {
            if (error == null) {
                answer.accept(result);
            } else if (error instanceof Users.RetryAfter r) {
                ctx.response().putHeader("Retry-After", Long.toString(r.seconds));
                ctx.fail(new HttpProblem(429, r.error, r.getMessage()));
            } else if (error instanceof AccountsException a) {
                LOG.error("{}", a.getMessage());
                ctx.fail(new HttpProblem(503, "unavailable", "the accounts database failed; try again shortly"));
            } else {
                ctx.fail(error);
            }
        }));
    }

    void close() {
        pool.shutdownNow();
    }
}
