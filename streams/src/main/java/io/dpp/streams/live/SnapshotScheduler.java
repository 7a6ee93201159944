package io.dpp.streams.live;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.rate.TokenBucket;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.VenueProtocol;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST book snapshots of one venue, kept within its documented allowance however many books
 * break at once: one request in flight per instrument, every request paid for from the venue's
 * weight bucket (shared by all its connections, at most the feeds' share of the allowance) and from
 * the address's whole allowance, which the EMS's calls to the venue spend too, and a 429 or 418
 * (the feeds' or the EMS's) pausing the whole venue for the Retry-After the venue names. Failed
 * requests are retried with backoff. The response is handed to the connection that holds the book,
 * on that connection's thread.
 *
 * <p>Requests wait in one queue, first come first served, and one pacer sends the next only when
 * the bucket holds its weight at the moment it goes: a send planned ahead on a timer would go late
 * when its event loop is busy, and then together with the next one on time, past the allowance.
 */
final class SnapshotScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotScheduler.class);

    private final VenueFeed feed;
    private final VenueProtocol protocol;
    private final TokenBucket weight;
    /** The venue's whole allowance for this address, spent by the EMS's calls to it as well. */
    private final io.dpp.runtime.rate.VenueWeights.Weight shared;
    private final Map<Instrument, Backoff> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong pausedUntilNanos = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    /** Requests waiting for their weight, oldest first; guarded by itself. */
    private final java.util.ArrayDeque<Pending> queue = new java.util.ArrayDeque<>();
    /** True while a pacer timer is set (guarded by {@link #queue}): it sends what the bucket allows when it fires. */
    private boolean pacing;
    /** Requests sent and not yet answered (guarded by {@link #queue}). */
    private int outstanding;
    /**
     * Most requests unanswered at once: as many as the bucket lets go together (one where the venue
     * allows a call every few seconds), so that calls delayed on the way cannot arrive together.
     */
    private final int maxOutstanding;

    private record Pending(FeedConnection connection, Instrument instrument) {
    }

    SnapshotScheduler(VenueFeed feed) {
        this.feed = feed;
        this.protocol = feed.venue().protocol();
        this.weight = protocol.limits().restWeight().bucket(feed.settings().limitShare(), feed.ticker());
        this.shared = feed.sharedRestWeight();
        this.maxOutstanding = (int) Math.max(1, Math.floor(weight.capacity() / Math.max(1, protocol.limits().snapshotWeight())));
    }

    /** Asks for a snapshot of an instrument's book for {@code connection}, unless one is on its way. */
    void request(FeedConnection connection, Instrument instrument) {
        Backoff retry = new Backoff(Duration.ofSeconds(1), feed.settings().reconnectMax(), ThreadLocalRandom.current());
        if (inFlight.putIfAbsent(instrument, retry) != null) {
            return;
        }
        schedule(connection, instrument, 0);
    }

    /** Requests sent so far. */
    long requests() {
        return requests.get();
    }

    /** Queues a request after {@code delayNanos} (a backoff, a pause): it goes when its turn and its weight come. */
    private void schedule(FeedConnection connection, Instrument instrument, long delayNanos) {
        if (delayNanos > 0) {
            feed.vertx().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), id -> enqueue(new Pending(connection, instrument)));
        } else {
            enqueue(new Pending(connection, instrument));
        }
    }

    private void enqueue(Pending p) {
        synchronized (queue) {
            queue.addLast(p);
        }
        pace();
    }

    /**
     * Sends the queued requests the allowance holds now, oldest first, and sets one timer for the
     * rest: when the venue is paused, until the pause ends; else until the feeds' bucket holds the
     * next request's weight.
     */
    private void pace() {
        int units = protocol.limits().snapshotWeight();
        while (true) {
            Pending next;
            long wait;
            synchronized (queue) {
                if (pacing || queue.isEmpty() || outstanding >= maxOutstanding) {
                    return; // a timer, or the next answer, paces again
                }
                if (feed.stopping()) {
                    queue.forEach(p -> inFlight.remove(p.instrument()));
                    queue.clear();
                    return;
                }
                long pause = Math.max(pausedUntilNanos.get() - feed.ticker().getAsLong(), shared.pausedNanos());
                wait = pause > 0 ? pause : weight.tryAcquire(units);
                if (wait > 0) {
                    pacing = true;
                    next = null;
                } else {
                    next = queue.pollFirst();
                    outstanding++;
                }
            }
            if (next == null) {
                feed.vertx().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), id -> {
                    synchronized (queue) {
                        pacing = false;
                    }
                    pace();
                });
                return;
            }
            // The feeds' share is spent; the address's whole allowance (which the EMS spends too) is
            // larger, so it rarely makes a request wait more.
            long also = shared.reserve(units);
            Pending go = next;
            go.connection().context().runOnContext(v -> {
                if (also <= 0) {
                    fetch(go.connection(), go.instrument());
                } else {
                    feed.vertx().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(also)), id -> fetch(go.connection(), go.instrument()));
                }
            });
        }
    }

    private void fetch(FeedConnection connection, Instrument instrument) {
        if (feed.stopping()) {
            inFlight.remove(instrument);
            answered();
            return;
        }
        long pause = Math.max(pausedUntilNanos.get() - feed.ticker().getAsLong(), shared.pausedNanos());
        if (pause > 0) {
            // A rate-limit answer arrived after this request was planned: wait it out, paying again.
            answered();
            schedule(connection, instrument, pause);
            return;
        }
        String url = ProtocolSupport.join(feed.restUrl(), protocol.snapshotPath(instrument));
        requests.incrementAndGet();
        long sent = feed.ticker().getAsLong();
        HttpClient http = feed.http();
        long timeout = feed.settings().requestTimeout().toMillis();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setIdleTimeout(timeout);
        // Each request is answered once, by its outcome or by this deadline, whichever comes first:
        // a request that never completes (seen after the event loop had been held up for long) would
        // otherwise keep its place among the outstanding and its instrument's, and no snapshot of
        // that book would ever be asked for again. Generous, since a request may wait long for a
        // pooled connection when many books are asked for at once (the idle timeout starts only
        // once it is sent).
        long limit = Math.max(4 * timeout, TimeUnit.MINUTES.toMillis(2));
        java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
        long deadline = feed.vertx().setTimer(limit, id -> {
            if (settled.compareAndSet(false, true)) {
                weight.hold(feed.ticker().getAsLong() - sent);
                answered();
                failed(connection, instrument, url, "no answer within " + limit + " ms");
            }
        });
        http.request(options)
                .compose(req -> req.send().compose(resp -> resp.body().map(body -> new Response(resp.statusCode(),
                        resp.getHeader("Retry-After"), body.getBytes()))))
                .onComplete(result -> {
                    if (!settled.compareAndSet(false, true)) {
                        return; // past the deadline: already counted as failed and asked again
                    }
                    feed.vertx().cancelTimer(deadline);
                    // Paced from the answer, not the send: the venue counted the call when it arrived.
                    weight.hold(feed.ticker().getAsLong() - sent);
                    answered();
                    if (result.failed()) {
                        failed(connection, instrument, url, result.cause().toString());
                        return;
                    }
                    Response r = result.result();
                    if (r.status == 200) {
                        feed.metrics().snapshotRequest(feed.venueId(), "ok");
                        inFlight.remove(instrument);
                        connection.snapshot(url, r.body, Timestamps.now());
                    } else if (r.status == 429 || r.status == 418) {
                        rateLimited(connection, instrument, url, r);
                    } else {
                        failed(connection, instrument, url, "HTTP " + r.status);
                    }
                });
    }

    /** An answer (or a failure) came, or a request planned did not go: another may go. */
    private void answered() {
        synchronized (queue) {
            outstanding--;
        }
        pace();
    }

    private void rateLimited(FeedConnection connection, Instrument instrument, String url, Response r) {
        feed.metrics().snapshotRequest(feed.venueId(), "rate_limited");
        long seconds = 60;
        if (r.retryAfter != null) {
            try {
                seconds = Math.max(1, Long.parseLong(r.retryAfter.trim()));
            } catch (NumberFormatException e) {
                seconds = 60;
            }
        }
        long until = feed.ticker().getAsLong() + TimeUnit.SECONDS.toNanos(seconds);
        pausedUntilNanos.accumulateAndGet(until, Math::max);
        shared.pause(seconds); // the EMS's calls to the venue from this address wait too
        LOG.warn("{}: {} answered {} ({}); REST snapshots paused for {} s", feed.venueId(), url, r.status,
                r.status == 418 ? "IP banned for rate-limit violations" : "rate limited", seconds);
        schedule(connection, instrument, TimeUnit.SECONDS.toNanos(seconds));
    }

    private void failed(FeedConnection connection, Instrument instrument, String url, String why) {
        feed.metrics().snapshotRequest(feed.venueId(), "error");
        Backoff retry = inFlight.get(instrument);
        Duration delay = retry == null ? Duration.ofSeconds(1) : retry.next();
        LOG.warn("{}: snapshot {} failed ({}); retrying in {} ms", feed.venueId(), url, why, delay.toMillis());
        schedule(connection, instrument, delay.toNanos());
    }

    private record Response(int status, String retryAfter, byte[] body) {
    }
}
