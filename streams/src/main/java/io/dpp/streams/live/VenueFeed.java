package io.dpp.streams.live;

import io.dpp.core.instrument.Instrument;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.rate.TokenBucket;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.feed.FeedStats;
import io.dpp.streams.venue.ChannelKind;
import io.dpp.streams.venue.ConnectionPlan;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.ProtocolSupport;
import io.dpp.streams.venue.Subscription;
import io.dpp.streams.venue.Venue;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feed of one venue: fetches the instrument listing (retrying with backoff while the
 * venue cannot be reached), turns the configured symbols and channels into streams, spreads them
 * over connections within the venue's limits and runs those connections. One venue's trouble
 * stays with it: its connections, buckets and timers are its own.
 */
public final class VenueFeed {

    private static final Logger LOG = LoggerFactory.getLogger(VenueFeed.class);

    /** Where the feed is. */
    enum State { LISTING, UNREACHABLE, RUNNING, STOPPED }

    private final FeedSetup setup;
    private final Venue venue;
    private final StreamsConfig.Connection settings;
    private final Vertx vertx;
    private final WebSocketClient webSockets;
    private final HttpClient http;
    private final FeedMetrics metrics;
    private final FeedSink sink;
    private final FeedsModule module;
    private final java.util.function.Supplier<io.vertx.core.Context> contexts;
    private final io.vertx.core.Context home;
    private final java.util.function.LongSupplier ticker;
    private final TokenBucket connectionLimit;
    private final Backoff listingBackoff;
    private final List<FeedConnection> connections = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private volatile State state = State.LISTING;
    private volatile InstrumentCatalog catalog;
    private volatile SnapshotScheduler snapshots;
    private volatile long nextListingRetryMicros;
    private volatile String lastError;
    private volatile boolean stopping;
    private long listingTimer = -1;
    private final java.util.concurrent.atomic.AtomicLong lastMessage = new java.util.concurrent.atomic.AtomicLong();

    VenueFeed(FeedSetup setup, StreamsConfig.Connection settings, Vertx vertx, WebSocketClient webSockets, HttpClient http,
              FeedMetrics metrics, FeedSink sink, FeedsModule module, java.util.function.Supplier<io.vertx.core.Context> contexts,
              java.util.function.LongSupplier ticker) {
        this.setup = setup;
        this.venue = setup.venue();
        this.settings = settings;
        this.vertx = vertx;
        this.webSockets = webSockets;
        this.http = http;
        this.metrics = metrics;
        this.sink = sink;
        this.module = module;
        this.contexts = contexts;
        this.home = contexts.get();
        this.ticker = ticker;
        this.connectionLimit = venue.protocol().limits().connections().bucket(settings.limitShare(), ticker);
        this.listingBackoff = new Backoff(settings.reconnectInitial(), settings.reconnectMax(), ThreadLocalRandom.current());
    }

    /** The venue's REST allowance for this process's address, which the EMS's calls to the venue spend too. */
    io.dpp.runtime.rate.VenueWeights.Weight sharedRestWeight() {
        return module.restWeight(venue.id(), venue.protocol().limits().restWeight());
    }

    // ---- life ---------------------------------------------------------------------------------

    /** Starts fetching the listing; connections follow once it is in. */
    void start() {
        lastMessage.accumulateAndGet(Timestamps.now(), Math::max);
        home.runOnContext(v -> fetchListing());
    }

    Future<Void> stop() {
        stopping = true;
        state = State.STOPPED;
        home.runOnContext(v -> {
            if (listingTimer >= 0) {
                vertx.cancelTimer(listingTimer);
            }
        });
        List<Future<Void>> stops = new ArrayList<>();
        synchronized (connections) {
            for (FeedConnection c : connections) {
                stops.add(c.stop());
            }
        }
        return Future.join(stops).mapEmpty();
    }

    private void fetchListing() {
        if (stopping) {
            return;
        }
        state = catalog == null && lastError == null ? State.LISTING : state;
        List<Future<Capture.RestResponse>> fetches = new ArrayList<>();
        for (String path : setup.listingPaths()) {
            fetches.add(get(ProtocolSupport.join(setup.restUrl(), path)));
        }
        Future.all(fetches).onComplete(all -> {
            if (stopping) {
                return;
            }
            if (all.failed()) {
                unreachable(all.cause().getMessage());
                return;
            }
            List<Capture.RestResponse> responses = new ArrayList<>();
            for (Future<Capture.RestResponse> f : fetches) {
                responses.add(f.result());
            }
            CaptureRecorder captures = module.captures();
            if (captures != null) {
                captures.listing(venue.id(), responses);
                if (demo()) {
                    captures.demo(venue.id());
                }
            }
            InstrumentCatalog parsed;
            try {
                parsed = venue.parseListing(Capture.ofRest(venue.id() + " listing", responses));
            } catch (RuntimeException e) {
                unreachable("the instrument listing cannot be read: " + e.getMessage());
                return;
            }
            listed(parsed);
        });
    }

    private Future<Capture.RestResponse> get(String url) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(settings.requestTimeout().toMillis())
                .setConnectTimeout(settings.connectTimeout().toMillis());
        return http.request(options).compose(req -> req.send().compose(resp -> resp.body().compose(body -> {
            if (resp.statusCode() != 200) {
                return Future.failedFuture(url + " answered HTTP " + resp.statusCode());
            }
            return Future.succeededFuture(new Capture.RestResponse(url, Timestamps.now(), body.getBytes()));
        }))).recover(e -> Future.failedFuture(e.getMessage() != null && e.getMessage().contains(url)
                ? e.getMessage() : url + ": " + e));
    }

    private void unreachable(String why) {
        Duration delay = listingBackoff.next();
        lastError = why;
        nextListingRetryMicros = Timestamps.now() + delay.toNanos() / 1_000;
        state = State.UNREACHABLE;
        if (listingBackoff.attempts() == 1) {
            LOG.warn("{}: cannot fetch the instrument listing ({}); retrying in {} s and then with backoff", venue.id(), why,
                    Math.max(1, delay.toSeconds()));
        } else {
            LOG.debug("{}: listing still unreachable ({}); next try in {} ms", venue.id(), why, delay.toMillis());
        }
        module.reachability(this, false);
        listingTimer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            listingTimer = -1;
            fetchListing();
        });
    }

    private void listed(InstrumentCatalog parsed) {
        catalog = parsed;
        lastError = null;
        nextListingRetryMicros = 0;
        List<Subscription> streams = setup.streams().isEmpty() ? resolve(parsed) : setup.streams();
        if (streams.isEmpty()) {
            state = State.UNREACHABLE;
            lastError = "nothing to subscribe to: " + String.join("; ", problems);
            LOG.error("{}: {}", venue.id(), lastError);
            module.reachability(this, true);
            return;
        }
        snapshots = new SnapshotScheduler(this);
        List<ConnectionPlan> plans = venue.protocol().plan(setup.wsUrl(), streams, parsed);
        synchronized (connections) {
            for (int i = 0; i < plans.size(); i++) {
                FeedConnection c = new FeedConnection(this, i, plans.get(i), contexts.get(), sink,
                        metrics.latency(venue.id()));
                connections.add(c);
            }
        }
        state = State.RUNNING;
        LOG.info("{}: {} instruments listed; {} streams on {} connection(s)", venue.id(), parsed.size(), streams.size(),
                plans.size());
        module.reachability(this, true);
        synchronized (connections) {
            for (FeedConnection c : connections) {
                c.start();
            }
        }
    }

    /**
     * Configured symbols and channels as streams; what cannot be resolved is reported, the rest go
     * ahead. {@code symbols: [all]} is every listed instrument, in the order of their native symbols;
     * the venue's protocol then spreads them over connections within its limits.
     */
    private List<Subscription> resolve(InstrumentCatalog parsed) {
        Map<String, Instrument> byNormalized = new HashMap<>();
        for (Instrument i : parsed.all()) {
            byNormalized.putIfAbsent(i.normalizedSymbol(), i);
        }
        List<String> symbols = setup.symbols();
        if (symbols.size() == 1 && StreamsConfig.isAll(symbols.get(0))) {
            symbols = new ArrayList<>();
            for (Instrument i : parsed.all()) {
                symbols.add(i.nativeSymbol());
            }
            symbols.sort(null);
        }
        Set<Subscription> streams = new LinkedHashSet<>();
        for (String symbol : symbols) {
            Instrument instrument = parsed.find(symbol);
            if (instrument == null) {
                instrument = byNormalized.get(symbol);
            }
            if (instrument == null) {
                String p = "symbol " + symbol + " is not in " + venue.id() + "'s listing";
                problems.add(p);
                LOG.warn("{}: {}; it is skipped", venue.id(), p);
                continue;
            }
            for (String channel : setup.channels()) {
                ChannelKind kind = ChannelKind.fromConfigName(channel);
                String native_ = kind == null ? channel : venue.protocol().channel(kind);
                if (native_ != null) {
                    streams.add(new Subscription(native_, instrument.nativeSymbol()));
                }
            }
        }
        return new ArrayList<>(streams);
    }

    // ---- callbacks from connections -----------------------------------------------------------

    void connectionOpened(FeedConnection c) {
        module.reachability(this, true);
    }

    void connectionFailed(FeedConnection c, String why) {
        lastError = why;
    }

    void connectionLost(FeedConnection c) {
    }

    // ---- what connections use -----------------------------------------------------------------

    Venue venue() {
        return venue;
    }

    public String venueId() {
        return venue.id();
    }

    InstrumentCatalog catalog() {
        return catalog;
    }

    StreamsConfig.Connection settings() {
        return settings;
    }

    Vertx vertx() {
        return vertx;
    }

    WebSocketClient webSockets() {
        return webSockets;
    }

    HttpClient http() {
        return http;
    }

    /** Where native captures go, or null. */
    CaptureRecorder captures() {
        return module.captures();
    }

    /** Where this venue's events go. */
    FeedSink sink() {
        return sink;
    }

    FeedMetrics metrics() {
        return metrics;
    }

    /**
     * Monotonic nanoseconds for every watchdog, rate limit and timeout of this feed
     * ({@link System#nanoTime} outside tests).
     */
    java.util.function.LongSupplier ticker() {
        return ticker;
    }

    /**
     * The capture's clock on the connection with local port {@code localPort} when this venue is
     * replayed from a recording, or null when its messages get the wall clock.
     */
    ReplayProgress.ReplayClock replayClock(int localPort) {
        return module.replayClock(venue.id(), localPort);
    }

    /** True when this venue's traffic is synthetic: every event it publishes is marked demo. */
    boolean demo() {
        return module.demo(venue.id());
    }

    TokenBucket connectionLimit() {
        return connectionLimit;
    }

    SnapshotScheduler snapshots() {
        return snapshots;
    }

    String restUrl() {
        return setup.restUrl();
    }

    boolean stopping() {
        return stopping;
    }

    // ---- reporting ----------------------------------------------------------------------------

    List<FeedConnection> connections() {
        synchronized (connections) {
            return List.copyOf(connections);
        }
    }

    /** Counters summed over the venue's connections. */
    FeedStats totals() {
        FeedStats sum = new FeedStats();
        for (FeedConnection c : connections()) {
            sum.add(c.stats());
        }
        return sum;
    }

    long reconnects() {
        long n = 0;
        for (FeedConnection c : connections()) {
            n += c.reconnects();
        }
        return n;
    }

    int connectedCount() {
        int n = 0;
        for (FeedConnection c : connections()) {
            n += c.state() == FeedConnection.State.CONNECTED ? 1 : 0;
        }
        return n;
    }

    int plannedCount() {
        return connections().size();
    }

    /**
     * When the venue last sent a message other than a pong, on any connection it has had; the
     * feed's start until the first one, so that a venue that never says anything goes stale too.
     * Never goes back, though connections are replaced on reconnect. 0 before start.
     */
    long lastMessageMicros() {
        long last = 0;
        for (FeedConnection c : connections()) {
            last = Math.max(last, c.lastMessageMicros());
        }
        return lastMessage.accumulateAndGet(last, Math::max);
    }

    /**
     * True when the venue is carried: its listing is in, every planned connection has received
     * something since it started, and no book awaits its first snapshot or is being rebuilt.
     */
    boolean carried() {
        if (state != State.RUNNING) {
            return false;
        }
        List<FeedConnection> cs = connections();
        if (cs.isEmpty()) {
            return false;
        }
        for (FeedConnection c : cs) {
            int[] books = c.bookStates();
            if (c.lastMessageMicros() <= 0 || books[1] > 0 || books[2] > 0) {
                return false;
            }
        }
        return true;
    }

    /** Books in sync, stale and awaiting their first snapshot. */
    int[] bookStates() {
        int[] s = new int[3];
        for (FeedConnection c : connections()) {
            int[] cs = c.bookStates();
            for (int i = 0; i < 3; i++) {
                s[i] += cs[i];
            }
        }
        return s;
    }

    /** The venue, its connections, counters and books as JSON (what GET /api/v1/venues shows). */
    public Future<JsonObject> describe(ReplayProgress replay) {
        List<Future<JsonObject>> parts = new ArrayList<>();
        for (FeedConnection c : connections()) {
            parts.add(c.describe());
        }
        Promise<JsonObject> result = Promise.promise();
        Future.all(parts).onComplete(all -> {
            JsonObject v = new JsonObject().put("venue", venue.id())
                    .put("state", state.name().toLowerCase())
                    .put("ws_url", setup.wsUrl())
                    .put("rest_url", setup.restUrl());
            if (lastError != null) {
                v.put("last_error", lastError);
            }
            if (state == State.UNREACHABLE && nextListingRetryMicros > 0) {
                v.put("next_retry", Timestamps.toIso(nextListingRetryMicros));
            }
            if (!problems.isEmpty()) {
                v.put("problems", new JsonArray(problems));
            }
            FeedStats t = totals();
            v.put("counters", new JsonObject()
                    .put("messages", t.messages())
                    .put("events", t.events())
                    .put("trades", t.trades())
                    .put("book_changes", t.bookChanges())
                    .put("snapshots", t.snapshots())
                    .put("checksums_verified", t.checksumsVerified())
                    .put("checksum_failures", t.checksumFailures())
                    .put("sequence_gaps", t.sequenceGaps())
                    .put("crossed_books", t.crossedBooks())
                    .put("resyncs", t.resyncs())
                    .put("decode_errors", t.decodeErrors())
                    .put("reconnects", reconnects())
                    .put("snapshot_requests", snapshots == null ? 0 : snapshots.requests()));
            // Book states and frame counts come from each connection's own snapshot, taken on its
            // thread, so that "replay done" and the book states describe the same moment.
            int[] books = new int[3];
            Map<Integer, Long> received = new HashMap<>();
            JsonArray cs = new JsonArray();
            for (Future<JsonObject> p : parts) {
                if (p.succeeded()) {
                    JsonObject c = p.result();
                    cs.add(c);
                    for (Object b : c.getJsonArray("books")) {
                        String s = ((JsonObject) b).getString("state");
                        books[s.equals("in_sync") ? 0 : s.equals("stale") ? 1 : 2]++;
                    }
                    if (c.containsKey("local_port")) {
                        // This socket's frames, not the connection's total: the simulator counts per socket,
                        // and a total that includes earlier sockets would report the replay delivered
                        // while most of the last socket's frames are still unread.
                        received.put(c.getInteger("local_port"), c.getLong("socket_frames_received"));
                    }
                }
            }
            v.put("books_in_sync", books[0]).put("books_stale", books[1]).put("books_awaiting_snapshot", books[2]);
            v.put("connections", cs);
            if (replay != null) {
                if (replay.demo(venue.id())) {
                    v.put("demo", true); // synthetic data: never mistaken for a market
                }
                v.put("replay_done", state == State.RUNNING && replay.done(venue.id(), received));
            }
            result.complete(v);
        });
        return result.future();
    }
}
