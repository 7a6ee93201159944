package io.dpp.accounts;

import io.dpp.runtime.http.HttpProblem;
import io.dpp.runtime.http.WorkPool;
import io.vertx.ext.web.RoutingContext;
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

    private final WorkPool pool = new WorkPool("accounts-work", 2, QUEUE, "too many account requests at once; retry shortly",
            Blocking::answer);

    /** Runs {@code work} off the event loop and answers its result as JSON with {@code status}. */
    void call(RoutingContext ctx, int status, Supplier<Object> work) {
        pool.call(ctx, status, work);
    }

    /** Runs {@code work} off the event loop and hands its result to {@code answer} on the request's context. */
    <T> void run(RoutingContext ctx, Supplier<T> work, Consumer<T> answer) {
        pool.run(ctx, work, answer);
    }

    /** What a request fails with when its work failed: the rate limit's 429, a database failure's 503. */
    private static Throwable answer(RoutingContext ctx, Throwable error) {
        if (error instanceof Users.RetryAfter r) {
            ctx.response().putHeader("Retry-After", Long.toString(r.seconds));
            return new HttpProblem(429, r.error, r.getMessage());
        }
        if (error instanceof AccountsException a) {
            LOG.error("{}", a.getMessage());
            return new HttpProblem(503, "unavailable", "the accounts database failed; try again shortly");
        }
        return error;
    }

    void close() {
        pool.close();
    }
}
