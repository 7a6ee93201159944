package io.dpp.ems.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.trading.live.BalanceRead;
import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Signed REST calls to the venues' private APIs: signs with the venue's {@link VenueSigner}, sends
 * without blocking (the JDK's HTTP client), and reads the answer with every number exact. Where each
 * venue is comes from {@code ems.venues.ID.rest-url} (the venue's own API by default; the simulator's
 * in {@code dpp up --replay} and {@code --demo}).
 */
public final class VenueHttp {

    /**
     * A venue's answer: status, body (a missing node when not JSON), the round trip, and the seconds
     * its {@code Retry-After} header asks for (-1 without one).
     */
    public record Answer(int status, JsonNode body, long roundTripNanos, long retryAfterSeconds) {
    }

    /** Headers the HTTP client sets itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    /** Largest answer read, so that a venue (or something posing as one) cannot exhaust memory. */
    static final int MAX_ANSWER = 4 * 1024 * 1024;

    private final Function<String, String> baseUrl;
    private final Duration timeout;
    private final HttpClient client;
    /** Per venue: its clock minus ours, in ms, as last measured ({@link #syncClock}). */
    private final java.util.Map<String, Long> offsets = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Per venue: the last time signed with, so that each request to it has a later one (Kraken's
     * nonce). Shared by every instance in the process: a nonce sequence belongs to the key, whichever
     * client signs with it.
     */
    private static final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> LAST_SIGNED = new java.util.concurrent.ConcurrentHashMap<>();

    public VenueHttp(Function<String, String> baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The HTTP client the venues' calls go through (their private streams' connections too). */
    HttpClient client() {
        return client;
    }

    /** How long a call waits for the venue's answer. */
    Duration timeout() {
        return timeout;
    }

    public String baseUrl(String venue) {
        return baseUrl.apply(venue);
    }

    /**
     * The venue's clock as this process estimates it (ms): ours plus the measured offset; strictly
     * increasing per venue where the venue's signatures need it ({@link VenueSigner#increasingTime}).
     */
    public long venueNow(String venue) {
        long now = System.currentTimeMillis() + offsets.getOrDefault(venue, 0L);
        if (!VenueSigner.of(venue).increasingTime()) {
            return now;
        }
        return LAST_SIGNED.computeIfAbsent(venue, v -> new java.util.concurrent.atomic.AtomicLong())
                .accumulateAndGet(now, (last, n) -> Math.max(last + 1, n));
    }

    /** The offset last measured for {@code venue} (its clock minus ours, ms), 0 before any. */
    public long offset(String venue) {
        return offsets.getOrDefault(venue, 0L);
    }

    /**
     * Measures {@code venue}'s clock against ours with its unsigned server-time call ({@code call},
     * read by {@code read}): offset = its time minus the middle of our send and receive, so that
     * signed timestamps land inside the venue's receive window however far our clock drifts.
     */
    public CompletableFuture<Long> syncClock(String venue, HttpCall call, java.util.function.ToLongFunction<JsonNode> read) {
        long sent = System.currentTimeMillis();
        return exchange(venue, call, null, 0).thenApply(a -> {
            long received = System.currentTimeMillis();
            if (a.status() != 200) {
                throw new IllegalStateException(venue + " answered its server time with " + a.status());
            }
            long offset = read.applyAsLong(a.body()) - (sent + received) / 2;
            offsets.put(venue, offset);
            return offset;
        });
    }

    /** When each venue's clock was last measured (System.nanoTime), for {@link #syncClockIfStale}. */
    private final java.util.Map<String, Long> measured = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long a measured offset is trusted before it is measured again. */
    static final long OFFSET_TRUSTED_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);

    /**
     * Measures {@code venue}'s clock unless it was measured in the last five minutes; completes
     * with the offset (ms). A venue whose server time DPP cannot read yet keeps offset 0; a
     * measurement that fails keeps the last offset (the signed call then says what the venue thinks).
     */
    public CompletableFuture<Long> syncClockIfStale(String venue) {
        Long at = measured.get(venue);
        if (at != null && System.nanoTime() - at < OFFSET_TRUSTED_NANOS) {
            return CompletableFuture.completedFuture(offset(venue));
        }
        io.dpp.trading.live.OrderProtocol protocol;
        try {
            protocol = io.dpp.trading.live.OrderProtocol.of(venue);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(offset(venue));
        }
        return syncClock(venue, protocol.serverTime(), protocol::serverTime).handle((offset, error) -> {
            if (error != null) {
                return offset(venue);
            }
            measured.put(venue, System.nanoTime());
            return offset;
        });
    }

    /** Signs {@code call} with {@code key} at the venue's clock ({@link #venueNow}) and sends it to {@code venue}. */
    public CompletableFuture<Answer> send(String venue, HttpCall call, VenueKey key) {
        return exchange(venue, call, key, venueNow(venue));
    }

    /**
     * Signs on a thread of this pool where the venue's signature is slow to make ({@link VenueSigner#slowToSign}:
     * Coinbase's lookups, a public-key signature each), so that the caller (the EMS's engine thread) never waits for it.
     */
    private static final java.util.concurrent.Executor SIGNERS = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "venue-signer");
        t.setDaemon(true);
        return t;
    });

    private CompletableFuture<Answer> exchange(String venue, HttpCall call, VenueKey key, long now) {
        URI root = URI.create(baseUrl.apply(venue));
        String authority = root.getRawAuthority();
        if (key == null) {
            return transmit(venue, root, call);
        }
        VenueSigner signer = VenueSigner.of(venue);
        HttpCall hosted = call.withHeader("host", authority);
        if (signer.slowToSign(hosted)) {
            return CompletableFuture.supplyAsync(() -> signer.sign(hosted, key, now), SIGNERS).thenCompose(signed -> transmit(venue, root, signed));
        }
        return transmit(venue, root, signer.sign(hosted, key, now));
    }

    private CompletableFuture<Answer> transmit(String venue, URI root, HttpCall signed) {
        String authority = root.getRawAuthority();
        String prefix = root.getRawPath() == null ? "" : root.getRawPath().replaceAll("/+$", "");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root.getScheme() + "://" + authority + prefix + signed.pathAndQuery()))
                .timeout(timeout)
                .method(signed.method(), signed.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(signed.body()));
        signed.headers().forEach((k, v) -> {
            if (!RESTRICTED.contains(k)) {
                b.header(k, v);
            }
        });
        if (!signed.body().isEmpty() && signed.header("content-type") == null) {
            b.header("Content-Type", "application/json");
        }
        b.header("User-Agent", "dpp-ems");
        long start = System.nanoTime();
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream()).thenApply(r -> {
            byte[] bytes;
            try (java.io.InputStream in = r.body()) {
                bytes = in.readNBytes(MAX_ANSWER + 1);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (bytes.length > MAX_ANSWER) {
                throw new IllegalStateException(venue + " answered more than " + MAX_ANSWER + " bytes");
            }
            JsonNode body;
            try {
                body = BalanceRead.JSON.readTree(bytes);
            } catch (java.io.IOException e) {
                body = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            long retryAfter = r.headers().firstValue("Retry-After").map(v -> {
                try {
                    return Math.max(0, Long.parseLong(v.trim()));
                } catch (NumberFormatException e) {
                    return -1L; // an HTTP date: the caller's default applies
                }
            }).orElse(-1L);
            return new Answer(r.statusCode(), body == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : body,
                    System.nanoTime() - start, retryAfter);
        });
    }
}
