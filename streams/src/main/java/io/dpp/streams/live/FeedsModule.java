package io.dpp.streams.live;

import io.dpp.bus.BusModule;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.ModuleContext;
import io.dpp.runtime.module.ModuleDescriptor;
import io.dpp.runtime.module.RuntimeModule;
import io.dpp.streams.venue.Venues;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code feeds} module of DataStreams: one {@link VenueFeed} per enabled venue, the
 * {@code dpp_feed_*} metrics and {@code GET /api/v1/venues}. It is ready as soon as it runs:
 * venues that cannot be reached are retried and reported, not a reason to take the process out of
 * service. Other modules receive the normalized events by adding a listener to {@link #sink()}.
 */
public final class FeedsModule implements RuntimeModule {

    /** Module name. */
    public static final String NAME = "feeds";

    private static final Logger LOG = LoggerFactory.getLogger(FeedsModule.class);

    private final Map<String, FeedSetup> overrides;
    private final ReplayProgress replay;
    private final FeedSink sink = new FeedSink();
    private final List<VenueFeed> feeds = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private final AtomicBoolean toldUnreachable = new AtomicBoolean();
    private final List<Context> contexts = new ArrayList<>();
    private final AtomicInteger nextContext = new AtomicInteger();
    private Vertx vertx;
    private WebSocketClient webSockets;
    private HttpClient http;
    private volatile boolean running;
    private final java.nio.file.Path captureOut;
    /** The venues' REST allowances of this process's address, shared with the EMS's order calls. */
    private volatile io.dpp.runtime.rate.VenueWeights weights = new io.dpp.runtime.rate.VenueWeights(System::nanoTime);
    private CaptureRecorder captures;

    /**
     * @param overrides venue setups that replace the configuration's (all venues, when given: the
     *                  configuration's venue list is then ignored); empty for a normal run
     * @param replay    progress of the simulator feeding the venues, or null when not replaying
     */
    public FeedsModule(Map<String, FeedSetup> overrides, ReplayProgress replay) {
        this(overrides, replay, (java.nio.file.Path) null);
    }

    /**
     * @param captureOut folder to write native captures of every connection into
     *                   ({@code dpp record --capture-out}), or null to use {@code streams.capture-out}
     */
    public FeedsModule(Map<String, FeedSetup> overrides, ReplayProgress replay, java.nio.file.Path captureOut) {
        this.captureOut = captureOut;
        this.overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
        this.replay = replay;
    }

    /** A module whose first listener is in place before any venue starts (embedding, tests). */
    public FeedsModule(Map<String, FeedSetup> overrides, ReplayProgress replay, io.dpp.core.model.MarketEventListener listener) {
        this(overrides, replay);
        sink.add(listener);
    }

    /** The registry entry of a normal run. */
    public static ModuleDescriptor descriptor() {
        return new ModuleDescriptor(NAME, "streams", List.of(HttpModule.NAME, io.dpp.runtime.access.Access.MODULE, BusModule.NAME), () -> new FeedsModule(Map.of(), null));
    }

    /** The registry entry of a run with a listener registered before any venue starts. */
    public static ModuleDescriptor descriptor(Map<String, FeedSetup> overrides, ReplayProgress replay,
                                              io.dpp.core.model.MarketEventListener listener) {
        return new ModuleDescriptor(NAME, "streams", List.of(HttpModule.NAME, io.dpp.runtime.access.Access.MODULE, BusModule.NAME),
                () -> new FeedsModule(overrides, replay, listener));
    }

    /**
     * The registry entry of a run whose venues come from {@code overrides} when not empty
     * ({@code dpp up --replay}), writing native captures to {@code captureOut} when not null
     * ({@code dpp record}).
     */
    public static ModuleDescriptor descriptor(Map<String, FeedSetup> overrides, ReplayProgress replay,
                                              java.nio.file.Path captureOut) {
        return new ModuleDescriptor(NAME, "streams", List.of(HttpModule.NAME, io.dpp.runtime.access.Access.MODULE, BusModule.NAME),
                () -> new FeedsModule(overrides, replay, captureOut));
    }

    /** The registry entry of a run whose venues come from {@code overrides} (dpp up --replay). */
    public static ModuleDescriptor descriptor(Map<String, FeedSetup> overrides, ReplayProgress replay) {
        return new ModuleDescriptor(NAME, "streams", List.of(HttpModule.NAME, io.dpp.runtime.access.Access.MODULE, BusModule.NAME), () -> new FeedsModule(overrides, replay));
    }

    @Override
    public void start(ModuleContext context) {
        weights = context.venueWeights();
        StreamsConfig config = context.config(StreamsConfig.class);
        readyWithin = config.connection().readyWithin();
        java.nio.file.Path out = captureOut != null ? captureOut
                : config.captureOut().filter(p -> !p.isBlank()).map(java.nio.file.Path::of).orElse(null);
        if (out != null) {
            captures = new CaptureRecorder(out);
            LOG.info("feeds: writing native captures of every connection to {}", captures.dir());
        }
        HttpModule httpModule = context.module(HttpModule.class);
        // Every normalized event goes on the bus, after the listeners registered before start.
        sink.bus(context.module(BusModule.class).bus());
        vertx = httpModule.vertx();
        for (int i = 0; i < Math.max(2, Runtime.getRuntime().availableProcessors() * 2); i++) {
            contexts.add(vertx.getOrCreateContext());
        }
        Duration connectTimeout = config.connection().connectTimeout();
        webSockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(16 * 1024 * 1024)
                .setMaxMessageSize(64 * 1024 * 1024)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setTryUsePerMessageCompression(true)
                // A venue that does not answer our close frame (or one read late, on a paused socket)
                // must not hold a stop: the TCP connection is closed a second after the frame.
                .setClosingTimeout(1)
                .setMaxConnections(1000));
        http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setForceSni(true)
                .setDecompressionSupported(true)
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(8));
        FeedMetrics metrics = new FeedMetrics(context.metrics(), this::feeds);

        Map<String, FeedSetup> setups = new LinkedHashMap<>();
        if (!overrides.isEmpty()) {
            setups.putAll(overrides);
        } else {
            for (String id : Venues.ids()) {
                StreamsConfig.VenueSettings v = config.venues().get(id);
                if (v != null && v.enabled()) {
                    setups.put(id, FeedSetup.fromConfig(Venues.get(id), v));
                }
            }
        }
        if (replay != null) {
            replay.feedsAttached(); // before any connection: every message the simulator sends then has its time
        }
        for (FeedSetup setup : setups.values()) {
            feeds.add(new VenueFeed(setup, config.connection(), vertx, webSockets, http, metrics, sink, this,
                    this::nextContext, System::nanoTime));
        }
        httpModule.router().get("/api/v1/venues").handler(this::venues);
        httpModule.router().get("/api/v1/venues/:venue").handler(this::venue);
        startedNanos = System.nanoTime();
        running = true;
        for (VenueFeed f : feeds) {
            f.start();
        }
        LOG.info("feeds: {} venue(s): {}", feeds.size(), setups.keySet());
    }

    /** The REST allowance of {@code venue} for this address ({@code permits} per {@code window}), shared with the rest of the process. */
    io.dpp.runtime.rate.VenueWeights.Weight restWeight(String venue, io.dpp.streams.venue.RateLimit limit) {
        return weights.of(venue, limit.permits(), limit.window());
    }

    private Context nextContext() {
        return contexts.get(Math.floorMod(nextContext.getAndIncrement(), contexts.size()));
    }

    /** Set once every venue was carried (or {@code streams.connection.ready-within} ran out): ready from then on. */
    private volatile boolean carried;
    private volatile long startedNanos;
    private volatile Duration readyWithin = Duration.ZERO;

    /**
     * Started, and with {@code streams.connection.ready-within} above 0, every venue carried
     * ({@link VenueFeed#carried}) once since the start or that long past it.
     */
    @Override
    public boolean isReady() {
        if (!running) {
            return false;
        }
        if (carried) {
            return true;
        }
        Duration within = readyWithin;
        if (within.isZero()) {
            carried = true;
            return true;
        }
        long waited = System.nanoTime() - startedNanos;
        boolean all = true;
        for (VenueFeed f : feeds) {
            if (!f.carried()) {
                all = false;
                break;
            }
        }
        if (all) {
            LOG.info("feeds: every venue carried {} ms after the start: ready", waited / 1_000_000);
            carried = true;
        } else if (waited >= within.toNanos()) {
            List<String> missing = feeds.stream().filter(f -> !f.carried()).map(VenueFeed::venueId).toList();
            LOG.warn("feeds: ready without {} ({} after the start, streams.connection.ready-within): not every connection"
                    + " has received data or its books are not in sync", missing, within);
            carried = true;
        }
        return carried;
    }

    @Override
    public void stop(Duration budget) throws Exception {
        running = false;
        List<Future<Void>> stops = new ArrayList<>();
        for (VenueFeed f : feeds) {
            stops.add(f.stop());
        }
        try {
            Future.join(stops).toCompletionStage().toCompletableFuture()
                    .get(Math.max(1, budget.toMillis() / 2), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("feeds: some connections did not close within {} ms", budget.toMillis() / 2);
        }
        sink.close(); // the bus stops next: nothing may be sent into it from here on
        if (sink.ignoredAtStopCount() > 0 || sink.notPublished() > 0) {
            LOG.info("feeds: stopped; {} message(s) arrived after the stop began and were not decoded, {} event(s) not"
                    + " published after the stop budget", sink.ignoredAtStopCount(), sink.notPublished());
        }
        if (webSockets != null) {
            webSockets.close();
        }
        if (http != null) {
            http.close();
        }
        if (captures != null) {
            captures.close();
        }
    }

    /** True when {@code venue}'s traffic is synthetic (the demo market or a recording of it). */
    boolean demo(String venue) {
        return replay != null && replay.demo(venue);
    }

    /** The capture's clock on a replayed connection of {@code venue}, or null for the wall clock. */
    ReplayProgress.ReplayClock replayClock(String venue, int localPort) {
        return replay == null || localPort <= 0 ? null : replay.clock(venue, localPort);
    }

    /** Where native captures are written, or null when not recording. */
    CaptureRecorder captures() {
        return captures;
    }

    /** Where normalized events go: add a listener to receive them. */
    public FeedSink sink() {
        return sink;
    }

    /** The venue feeds, in start order. */
    public Collection<VenueFeed> feeds() {
        return feeds;
    }

    /** A venue's feed reached (or failed to reach) the venue; says once when none can be reached. */
    void reachability(VenueFeed feed, boolean ok) {
        Boolean before = reachable.put(feed.venueId(), ok);
        if (ok && Boolean.FALSE.equals(before)) {
            LOG.info("{}: reachable again", feed.venueId());
        }
        if (!ok && reachable.size() == feeds.size() && !reachable.containsValue(true)
                && toldUnreachable.compareAndSet(false, true)) {
            LOG.warn("No venue can be reached from this machine (no internet access, or a proxy or firewall in the way). "
                    + "DPP keeps running and retries each venue with backoff; GET /api/v1/venues shows each one's next retry. "
                    + "To run offline on a synthetic market: ./dpp up --demo (or ./dpp up --replay DIR on traffic recorded with "
                    + "--capture-out)");
        }
    }

    private void venues(RoutingContext ctx) {
        io.dpp.runtime.access.Grant grant = io.dpp.runtime.access.Grant.of(ctx);
        List<Future<JsonObject>> parts = new ArrayList<>();
        for (VenueFeed f : feeds) {
            if (grant.allowsVenue(f.venueId())) { // venues outside the caller's plan are not shown
                parts.add(f.describe(replay));
            }
        }
        Future.all(parts).onComplete(all -> {
            JsonArray venues = new JsonArray();
            for (Future<JsonObject> p : parts) {
                venues.add(p.result());
            }
            JsonObject body = new JsonObject().put("venues", venues);
            if (replay != null) {
                body.put("replay", true);
            }
            ctx.response().putHeader("content-type", "application/json").end(body.encode());
        });
    }

    private void venue(RoutingContext ctx) {
        String id = ctx.pathParam("venue");
        io.dpp.runtime.access.Grant.of(ctx).checkVenue(id);
        for (VenueFeed f : feeds) {
            if (f.venueId().equals(id)) {
                f.describe(replay).onComplete(r -> ctx.response().putHeader("content-type", "application/json")
                        .end(r.result().encode()));
                return;
            }
        }
        throw new io.dpp.runtime.http.HttpProblem(404, "not_found", "no feed for venue '"
                + (id.length() > 64 ? id.substring(0, 64) + "..." : id) + "'; venues: " + feeds.stream().map(VenueFeed::venueId).toList());
    }
}
