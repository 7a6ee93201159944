package io.dpp.sim;


import io.dpp.streams.venue.simulation.SimVenue;
import io.dpp.streams.capture.Capture;
import io.dpp.streams.capture.CaptureReader;
import io.dpp.streams.live.FeedSetup;
import io.dpp.streams.live.ReplayProgress;
import io.dpp.streams.replay.CaptureDirectory;
import io.dpp.streams.venue.InstrumentCatalog;
import io.dpp.streams.venue.Venue;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The venue simulator: serves every capture below a folder on one local port, each venue under
 * its id ({@code ws://HOST:PORT/kraken}, {@code http://HOST:PORT/binance/api/v3/depth?...}) in its
 * native protocol, replaying what the capture received once a client has subscribed to the same
 * streams, with the faults of a {@link FaultSpec}. {@code GET /sim/status} reports progress;
 * {@code POST /sim/venues/ID/stall} and {@code .../resume} hang and release a whole venue. Runs on one event loop of its own.
 */
public final class SimServer implements ReplayProgress, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);

    private final Vertx vertx;
    private final Map<String, VenueState> venues;
    private final double speed;
    /** Venues replayed at a pace of their own ({@link #speed(String, double)}), by venue id. */
    private final Map<String, Double> venueSpeeds = new ConcurrentHashMap<>();
    private final FaultSpec faults;
    private final Map<FaultSpec.Fault, AtomicInteger> restFaultsLeft = new ConcurrentHashMap<>();
    /** Whether feeds in this process read the capture's clock of each connection ({@link #feedsAttached}). */
    private volatile boolean clocksWanted;
    private final Map<String, Map<FaultSpec.Kind, AtomicLong>> injected = new ConcurrentHashMap<>();
    private final io.dpp.sim.trading.SimAccounts accounts = new io.dpp.sim.trading.SimAccounts();
    /** Per venue: order-entry faults armed for its next order placements ({@code POST /sim/venues/ID/orders}). */
    private final Map<String, java.util.Deque<String>> orderFaults = new ConcurrentHashMap<>();
    /** Order-entry faults injected, by venue and kind. */
    private final Map<String, AtomicLong> faultsCounted = new ConcurrentHashMap<>();

    /** Per venue: faults armed for its next order amendments ({@code POST /sim/venues/ID/amendments}). */
    private final Map<String, java.util.Deque<String>> amendFaults = new ConcurrentHashMap<>();

    private String nextOrderFault(String venue) {
        java.util.Deque<String> q = orderFaults.get(venue);
        return q == null ? null : q.pollFirst();
    }

    private String nextAmendFault(String venue) {
        java.util.Deque<String> q = amendFaults.get(venue);
        return q == null ? null : q.pollFirst();
    }

    /** Per venue: how far its clock runs from the machine's, in ms ({@code POST /sim/venues/ID/clock}). */
    private final Map<String, Long> clockSkews = new ConcurrentHashMap<>();
    private HttpServer server;
    private String host;

    private SimServer(Map<String, VenueState> venues, double speed, FaultSpec faults) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.venues = venues;
        this.speed = speed;
        this.faults = faults;
        for (FaultSpec.Fault f : faults.faults()) {
            if (!f.isMessageFault()) {
                restFaultsLeft.put(f, new AtomicInteger(f.count()));
            }
        }
    }

    /** Until it completes, answers to REST book snapshot requests wait ({@link #holdSnapshots}); null when they do not. */
    private volatile java.util.concurrent.CompletableFuture<?> snapshotsHeld;

    /**
     * Holds every answer to a REST book snapshot request from now on until {@code release}
     * completes, then sends them: for tests of what a feed does while its snapshot is on its way
     * (the request is counted in {@link #status} as it arrives).
     */
    public void holdSnapshots(java.util.concurrent.CompletableFuture<?> release) {
        snapshotsHeld = release;
    }

    /**
     * Replays one venue's captures at {@code speed} instead of the server's pace, on the connections
     * opened from now on: a venue whose REST allowance needs time to start its books (the fault
     * tests serve every venue from one simulator, each at the pace it needs).
     */
    public SimServer speed(String venue, double speed) {
        if (!venues.containsKey(venue)) {
            throw new IllegalArgumentException("no venue " + venue + " on this simulator (venues: " + String.join(", ", venues.keySet()) + ")");
        }
        venueSpeeds.put(venue, speed);
        return this;
    }

    /**
     * Loads every capture below {@code dir} and listens on {@code host:port} (0 for any free port).
     *
     * @param speed replay speed: 1 is the recorded pace, {@link Double#POSITIVE_INFINITY} as fast as possible
     * @throws IllegalArgumentException when the folder holds no capture of a known venue
     */
    public static SimServer start(Path dir, String host, int port, double speed, FaultSpec faults) {
        return start(dir, java.util.Set.of(), host, port, speed, faults);
    }

    /** As {@link #start(Path, String, int, double, FaultSpec)}, serving only {@code onlyVenues} (all when empty). */
    public static SimServer start(Path dir, java.util.Set<String> onlyVenues, String host, int port, double speed,
                                  FaultSpec faults) {
        Map<String, VenueState> venues = load(dir);
        for (String v : onlyVenues) {
            if (!venues.containsKey(v)) {
                throw new IllegalArgumentException("--venues names " + v + ", which has no capture in " + dir
                        + " (venues: " + String.join(", ", venues.keySet()) + ")");
            }
        }
        if (!onlyVenues.isEmpty()) {
            venues.keySet().retainAll(onlyVenues);
        }
        if (venues.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no capture of a venue DPP knows (files such as "
                    + "KRAKEN.ws.50.0 in the capture line format)");
        }
        for (FaultSpec.Fault f : faults.faults()) {
            if (f.venue() != null && !venues.containsKey(f.venue())) {
                throw new IllegalArgumentException("--faults names venue " + f.venue() + ", which has no capture in " + dir
                        + " (venues: " + String.join(", ", venues.keySet()) + ")");
            }
        }
        SimServer sim = new SimServer(venues, speed, faults);
        sim.listen(host, port);
        return sim;
    }

    /**
     * Serves the synthetic market of every venue that has one (only {@code onlyVenues} when not
     * empty) on {@code host:port}: generated listings, and a generated stream for every channel of
     * every listed instrument, in each venue's own protocol.
     *
     * @param speed 1 paces the market in real time, 10 ten times faster, {@link Double#POSITIVE_INFINITY}
     *              as fast as clients read
     * @throws IllegalArgumentException when a venue named has no synthetic market
     */
    public static SimServer startSynthetic(java.util.Set<String> onlyVenues, SyntheticSettings settings, String host, int port,
                                           double speed, FaultSpec faults) {
        Map<String, io.dpp.streams.venue.simulation.SyntheticVenue> markets = io.dpp.sim.synthetic.SyntheticMarkets.all();
        for (String v : onlyVenues) {
            if (!markets.containsKey(v)) {
                throw new IllegalArgumentException("--venues names " + v + ", which has no synthetic market (venues: "
                        + String.join(", ", markets.keySet()) + ")");
            }
        }
        for (FaultSpec.Fault f : faults.faults()) {
            if (f.venue() != null && !markets.containsKey(f.venue())) {
                throw new IllegalArgumentException("--faults names venue " + f.venue() + ", which has no synthetic market (venues: "
                        + String.join(", ", markets.keySet()) + ")");
            }
        }
        Map<String, VenueState> venues = new LinkedHashMap<>();
        for (io.dpp.streams.venue.simulation.SyntheticVenue market : markets.values()) {
            if (!onlyVenues.isEmpty() && !onlyVenues.contains(market.id())) {
                continue;
            }
            Venue venue = io.dpp.streams.venue.Venues.get(market.id());
            List<io.dpp.core.instrument.Instrument> listed = market.instruments(settings.instruments());
            List<Capture.RestResponse> responses = new ArrayList<>();
            for (Map.Entry<String, String> e : market.listing(listed).entrySet()) {
                responses.add(new Capture.RestResponse("http://sim" + e.getKey(), settings.start(),
                        e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            Capture listing = Capture.ofRest(venue.id().toUpperCase(java.util.Locale.ROOT).replace('-', '_') + ".0", responses);
            InstrumentCatalog parsed = venue.parseListing(listing);
            // The models run on the market's own instruments: a listing need not carry the price step
            // (Gemini's names its symbols only), and the feed learns nothing from the simulator's copy.
            InstrumentCatalog catalog = new InstrumentCatalog(venue.id());
            List<io.dpp.streams.venue.Subscription> streams = new ArrayList<>();
            for (io.dpp.core.instrument.Instrument spec : listed) {
                io.dpp.core.instrument.Instrument instrument = parsed.find(spec.nativeSymbol());
                if (instrument == null) {
                    throw new IllegalStateException(venue.id() + ": the synthetic listing of " + spec.nativeSymbol()
                            + " does not parse back");
                }
                catalog.add(spec);
                catalog.detail(spec.nativeSymbol(), parsed.detail(spec.nativeSymbol())); // Phemex's scales
                for (io.dpp.streams.venue.ChannelKind kind : market.channels(instrument)) {
                    String channel = venue.protocol().channel(kind);
                    io.dpp.streams.venue.Subscription stream = channel == null ? null
                            : new io.dpp.streams.venue.Subscription(channel, instrument.nativeSymbol());
                    if (stream != null && !streams.contains(stream)) { // Gemini's l2 carries the book and the trades
                        streams.add(stream);
                    }
                }
            }
            VenueState.Synthetic synthetic = new VenueState.Synthetic(market, catalog, streams, settings,
                    settings.rate() / listed.size(), !Double.isInfinite(speed));
            venues.put(venue.id(), new VenueState(venue, venue.simulation().replay(), List.of(), listing, List.of(), synthetic, catalog));
        }
        SimServer sim = new SimServer(venues, speed, faults);
        sim.listen(host, port);
        return sim;
    }

    private static Map<String, VenueState> load(Path dir) {
        Map<String, VenueState> venues = new LinkedHashMap<>();
        for (CaptureDirectory.VenueCaptures v : CaptureDirectory.scan(dir).values()) {
            Venue venue = v.venue();
            if (v.listing() == null) {
                LOG.warn("{}: no instrument listing ({}.0) beside its captures; skipped", venue.id(),
                        venue.id().toUpperCase().replace('-', '_'));
                continue;
            }
            try {
                Capture listing = CaptureReader.read(v.listing());
                InstrumentCatalog catalog = venue.parseListing(listing);
                List<Capture> rest = new ArrayList<>();
                for (Path p : v.rest()) {
                    rest.add(CaptureReader.read(p));
                }
                SimVenue sim = venue.simulation().replay();
                List<SimSession> sessions = new ArrayList<>();
                for (Path p : v.websocket()) {
                    SimSession s = new SimSession(venue, sim, new CaptureSource(venue.id(), venue.protocol(), sim, CaptureReader.read(p), rest, catalog),
                            catalog);
                    if (s.keys().isEmpty()) {
                        LOG.warn("{}: {} subscribes to nothing DPP can read; skipped", venue.id(), s.name());
                        continue;
                    }
                    sessions.add(s);
                }
                VenueState state = new VenueState(venue, sim, sessions, listing, rest, catalog);
                if (v.demo()) {
                    state.recordedDemo(true);
                }
                venues.put(venue.id(), state);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the captures of " + venue.id(), e);
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: cannot read its captures ({}); skipped", venue.id(), e.getMessage());
            }
        }
        return venues;
    }

    private void listen(String host, int port) {
        this.host = host;
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
                .setMaxWebSocketFrameSize(16 * 1024 * 1024).setMaxWebSocketMessageSize(64 * 1024 * 1024));
        server.webSocketHandshakeHandler(this::handshake).webSocketHandler(this::webSocket).requestHandler(this::request);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the simulator cannot listen on " + host + ":" + port + ": " + cause.getMessage(),
                    cause);
        }
        // Accounts followed on a private stream are matched as the books move, every 100 ms, so that
        // their fills are pushed as they happen (the others are matched when they call).
        vertx.setPeriodic(100, id -> {
            for (VenueState v : venues.values()) {
                accounts.sweepStreamed(v.id(), v::bookNow, System.currentTimeMillis() + clockSkews.getOrDefault(v.id(), 0L));
            }
        });
        LOG.info("simulator on {}: {} venue(s) {}, speed {}, faults {}", baseUrl("http"), venues.size(), venues.keySet(),
                Double.isInfinite(speed) ? "max" : speed, faults.faults().isEmpty() ? "none" : faults.faults().size());
    }

    // ---- serving ------------------------------------------------------------------------------

    /**
     * Gives the connection the capture's clock before the client learns it is connected, so that the
     * feed finds the clock as soon as its socket opens.
     */
    private void handshake(io.vertx.core.http.ServerWebSocketHandshake h) {
        String[] split = split(h.path());
        if (split != null && accounts.streams(split[0], split[1])) {
            h.accept(); // a venue's private stream: no market data, no capture clock
            return;
        }
        VenueState venue = split == null ? null : venues.get(split[0]);
        int port = h.remoteAddress() == null ? -1 : h.remoteAddress().port();
        if (venue != null && port > 0 && clocksWanted) {
            venue.handshake(port);
        }
        h.accept().onFailure(e -> {
            if (venue != null) {
                venue.forgetClock(port, venue.clock(port));
            }
        });
    }

    private void webSocket(ServerWebSocket ws) {
        String[] split = split(ws.path());
        if (split != null && accounts.streams(split[0], split[1])) {
            String id = split[0];
            VenueState market = venues.get(id);
            java.util.function.Function<String, io.dpp.sim.trading.SimBook> books = market == null ? symbol -> null : market::bookNow;
            accounts.privateStream(id, ws, () -> System.currentTimeMillis() + clockSkews.getOrDefault(id, 0L), books, (call, serve) -> {
                Served s = withFaults(id, call, serve);
                return s.answered() ? s.answer() : null;
            });
            return;
        }
        VenueState venue = split == null ? null : venues.get(split[0]);
        if (venue == null) {
            ws.close((short) 1008, "no venue at " + ws.path() + "; venues: " + String.join(", ", venues.keySet()));
            return;
        }
        SimConnection c = new SimConnection(this, venue, ws, split[1], venueSpeeds.getOrDefault(venue.id(), speed));
        venue.opened(c);
        c.open();
    }

    private void request(HttpServerRequest req) {
        String path = req.path();
        if (path.equals("/sim/status")) {
            String body;
            try {
                body = status().encodePrettily();
            } catch (RuntimeException e) {
                // A status that cannot be built still answers: a client must never wait on it.
                LOG.warn("/sim/status failed", e);
                req.response().setStatusCode(500).end("status failed: " + e);
                return;
            }
            req.response().putHeader("content-type", "application/json").end(body);
            return;
        }
        if (path.equals("/sim/config")) {
            req.response().putHeader("content-type", "application/yaml").end(configYaml());
            return;
        }
        if (path.equals("/sim/end")) {
            endMarkets(req);
            return;
        }
        if (path.startsWith("/sim/venues/")) {
            control(req, path.substring("/sim/venues/".length()));
            return;
        }
        if (path.equals("/sim/accounts/transfers")) {
            if (req.method() != io.vertx.core.http.HttpMethod.POST) {
                req.response().setStatusCode(405).putHeader("Allow", "POST").putHeader("content-type", "application/json")
                        .end(new JsonObject().put("error", "method_not_allowed").put("message", "use POST").encode());
                return;
            }
            withBody(req, body -> answer(req, accounts.transfer(body)));
            return;
        }
        if (path.equals("/sim/accounts")) {
            if (req.method() == io.vertx.core.http.HttpMethod.GET) {
                answer(req, accounts.truth(String.valueOf(req.getParam("venue")), String.valueOf(req.getParam("api_key"))));
                return;
            }
            if (req.method() != io.vertx.core.http.HttpMethod.POST) {
                req.response().setStatusCode(405).putHeader("Allow", "GET, POST").putHeader("content-type", "application/json")
                        .end(new JsonObject().put("error", "method_not_allowed").put("message", "use GET or POST").encode());
                return;
            }
            withBody(req, body -> answer(req, accounts.open(body)));
            return;
        }
        String[] split = split(path);
        VenueState venue = split == null ? null : venues.get(split[0]);
        if (venue == null) {
            if (split != null && accounts.handles(split[0], split[1])) {
                // A trading venue served without market data (no capture of it): its accounts still answer.
                privateCall(req, split[0], split[1], symbol -> null);
                return;
            }
            notFound(req, "no venue at " + path + "; venues: " + String.join(", ", venues.keySet()));
            return;
        }
        if (accounts.handles(venue.id(), split[1])) {
            privateCall(req, venue.id(), split[1], venue::bookNow);
            return;
        }
        String pathAndQuery = split[1] + (req.query() == null ? "" : "?" + req.query());
        String token = venue.sim().connectToken(pathAndQuery, venueUrl("ws", venue.id()));
        if (token != null) {
            req.response().putHeader("content-type", "application/json").end(token);
            return;
        }
        if (venue.isSnapshot(pathAndQuery)) {
            venue.countSnapshotRequest();
            FaultSpec.Fault f = restFault(venue.id());
            if (f != null) {
                faultInjected(venue.id(), f.kind());
                if (f.kind() == FaultSpec.Kind.REST_429) {
                    req.response().setStatusCode(429).putHeader("Retry-After", String.valueOf(f.retryAfter()))
                            .putHeader("content-type", "application/json")
                            .end("{\"code\":-1003,\"msg\":\"Too many requests (simulated).\"}");
                } else {
                    req.response().setStatusCode(503).putHeader("content-type", "application/json")
                            .end("{\"code\":-1001,\"msg\":\"Service unavailable (simulated).\"}");
                }
                return;
            }
        }
        byte[] body = venue.rest(pathAndQuery);
        if (body == null) {
            notFound(req, venue.id() + " has no recorded response for " + pathAndQuery);
            return;
        }
        java.util.concurrent.CompletableFuture<?> held = snapshotsHeld;
        if (held != null && !held.isDone() && venue.isSnapshot(pathAndQuery)) {
            io.vertx.core.Context context = vertx.getOrCreateContext();
            held.whenComplete((r, e) -> context.runOnContext(v ->
                    req.response().putHeader("content-type", "application/json").end(Buffer.buffer(body))));
            return;
        }
        req.response().putHeader("content-type", "application/json").end(Buffer.buffer(body));
    }

    /** Largest request body the simulator reads. */
    private static final int MAX_BODY = 64 * 1024;

    /** Reads a request's body, at most {@link #MAX_BODY} bytes (413 beyond, the connection closed). */
    private static void withBody(HttpServerRequest req, java.util.function.Consumer<String> then) {
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        req.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY) {
                over[0] = true;
                req.response().setStatusCode(413).putHeader("content-type", "application/json").putHeader("Connection", "close")
                        .end(new JsonObject().put("error", "too_large").put("message", "bodies are at most " + MAX_BODY + " bytes").encode());
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!over[0]) {
                then.accept(body.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
        });
    }

    private static void answer(HttpServerRequest req, io.dpp.sim.trading.SimAccounts.Answer a) {
        req.response().setStatusCode(a.status()).putHeader("content-type", "application/json").end(a.body());
    }

    /** A venue's private REST call: the request as it arrived (path below the venue, headers, body), signature checked. */
    private void privateCall(HttpServerRequest req, String venue, String path,
                             java.util.function.Function<String, io.dpp.sim.trading.SimBook> books) {
        withBody(req, body -> {
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            req.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
            if (req.authority() != null && headers.keySet().stream().noneMatch("host"::equalsIgnoreCase)) {
                // HTTP/2 (the JDK client's h2c upgrade) carries the host as :authority, not a Host header.
                headers.put("host", req.authority().host() + (req.authority().port() >= 0 ? ":" + req.authority().port() : ""));
            }
            io.dpp.trading.live.HttpCall call = new io.dpp.trading.live.HttpCall(req.method().name(), path, req.query(), body, headers);
            long now = System.currentTimeMillis() + clockSkews.getOrDefault(venue, 0L);
            Served s = withFaults(venue, call, () -> accounts.serve(venue, call, now, books));
            if (!s.answered()) {
                return; // the venue took the call; its answer never comes
            }
            if (s.answer().status() == 429) {
                req.response().putHeader("Retry-After", "1");
            }
            answer(req, s.answer());
        });
    }

    /** A private call's fate: its answer, or none (the venue took it and the answer was lost). */
    private record Served(io.dpp.sim.trading.SimAccounts.Answer answer) {
        boolean answered() {
            return answer != null;
        }
    }

    /**
     * A venue's private call ({@code serve} answers it) through the faults armed for its order
     * placements and amendments, whichever way it came (REST, or a socket that takes orders).
     */
    private Served withFaults(String venue, io.dpp.trading.live.HttpCall call, java.util.function.Supplier<io.dpp.sim.trading.SimAccounts.Answer> serve) {
        boolean amend = io.dpp.sim.trading.SimAccounts.isAmend(venue, call);
        String fault = io.dpp.sim.trading.SimAccounts.isPlace(venue, call) ? nextOrderFault(venue) : amend ? nextAmendFault(venue) : null;
        if (fault == null) {
            return new Served(serve.get());
        }
        faultsCounted.computeIfAbsent(venue + "|" + (amend ? "amend-" : "order-") + fault, k -> new AtomicLong()).incrementAndGet();
        return switch (fault) {
            // The venue takes the order and the answer never comes: the order's state is unknown to the client.
            case "timeout" -> {
                serve.get();
                yield new Served(null);
            }
            case "5xx" -> new Served(new io.dpp.sim.trading.SimAccounts.Answer(503, new JsonObject().put("code", -1001)
                    .put("msg", "Internal error; unable to process your request. Please try again.").encode()));
            case "429" -> new Served(new io.dpp.sim.trading.SimAccounts.Answer(429, new JsonObject().put("code", -1003)
                    .put("msg", "Too many requests (simulated).").encode()));
            default -> new Served(io.dpp.sim.trading.SimAccounts.genericReject(venue, System.currentTimeMillis() + clockSkews.getOrDefault(venue, 0L)));
        };
    }

    /**
     * {@code POST /sim/end}: every synthetic market ends now (in market time: now when paced in real
     * time), as if {@code --duration} had run out; its venues then report their replay done once
     * everything sent was received. For a demo or test that decides when the market is over.
     */
    private void endMarkets(HttpServerRequest req) {
        if (req.method() != io.vertx.core.http.HttpMethod.POST) {
            req.response().setStatusCode(405).putHeader("Allow", "POST").putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", "method_not_allowed").put("message", "use POST").encode());
            return;
        }
        long now = io.dpp.core.time.Timestamps.now();
        JsonArray ended = new JsonArray();
        for (VenueState v : venues.values()) {
            if (v.synthetic()) {
                v.endAt(now);
                ended.add(v.id());
            }
        }
        LOG.info("synthetic markets ended on request: {}", ended);
        req.response().putHeader("content-type", "application/json").end(new JsonObject().put("ended", ended).encode());
    }

    /**
     * {@code POST /sim/venues/ID/stall[?for=DURATION]} stalls a whole venue (until resumed when
     * {@code for} is absent); {@code POST /sim/venues/ID/resume} ends it. For demos and tests of
     * what a hung venue looks like downstream (feed status, the stale-feed alert).
     */
    private void control(HttpServerRequest req, String rest) {
        int slash = rest.indexOf('/');
        VenueState venue = slash < 0 ? null : venues.get(rest.substring(0, slash));
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        if (venue == null || !(action.equals("stall") || action.equals("resume") || action.equals("clock") || action.equals("orders")
                || action.equals("amendments") || action.equals("executions") || action.equals("private"))) {
            notFound(req, "use POST /sim/venues/ID/stall[?for=DURATION], POST /sim/venues/ID/resume, "
                    + "POST /sim/venues/ID/clock?skew=MILLIS, POST /sim/venues/ID/orders?fault=KIND&count=N, "
                    + "POST /sim/venues/ID/amendments?fault=KIND&count=N, POST /sim/venues/ID/private?fault=drop|forget or "
                    + "POST /sim/venues/ID/executions?fault=duplicate&count=N with ID one of "
                    + String.join(", ", venues.keySet()));
            return;
        }
        if (req.method() != io.vertx.core.http.HttpMethod.POST) {
            req.response().setStatusCode(405).putHeader("Allow", "POST").putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", "method_not_allowed").put("message", "use POST").encode());
            return;
        }
        if (action.equals("private")) {
            // drop: every private stream connection of the venue ends at once, as when its gateway
            // fails. forget: the venue's stream service restarts and forgets every subscription (a
            // listen key, a signed subscription) while the connections stay open.
            String fault = String.valueOf(req.getParam("fault"));
            int hit = switch (fault) {
                case "drop" -> accounts.dropStreams(venue.id());
                case "forget" -> accounts.forgetStreams(venue.id());
                default -> -2;
            };
            if (hit < 0) {
                req.response().setStatusCode(400).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("error", "bad_request").put("message", hit == -2 ? "fault is drop or forget"
                                : venue.id() + "'s private stream keeps no subscription apart from its connection: use fault=drop").encode());
                return;
            }
            faultsCounted.computeIfAbsent(venue.id() + "|private-" + fault, k -> new AtomicLong()).addAndGet(hit);
            LOG.info("{}: private stream fault {} on {} connection(s)", venue.id(), fault, hit);
            req.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("venue", venue.id()).put(fault.equals("drop") ? "dropped" : "forgotten", hit).encode());
            return;
        }
        if (action.equals("executions")) {
            // The next trade lists of the venue's accounts repeat every trade, out of order: what a
            // client must book once each, by the venue's trade id.
            int count;
            try {
                count = Integer.parseInt(String.valueOf(req.getParam("count")));
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (!"duplicate".equals(req.getParam("fault")) || count < 1 || count > 10_000) {
                req.response().setStatusCode(400).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("error", "bad_request").put("message", "fault is duplicate and count from 1 to 10000").encode());
                return;
            }
            int armed = accounts.echoTrades(venue.id(), count);
            faultsCounted.computeIfAbsent(venue.id() + "|duplicate", k -> new AtomicLong()).incrementAndGet();
            LOG.info("{}: the next {} trade list(s) of {} account(s) repeat every trade, out of order", venue.id(), count, armed);
            req.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("venue", venue.id()).put("accounts", armed).encode());
            return;
        }
        if (action.equals("orders") || action.equals("amendments")) {
            // The next placements (or amendments) of orders at this venue fail: taken but never
            // answered (timeout), a 5xx or a 429 without taking it, or the venue's generic rejection (reject).
            String kind = String.valueOf(req.getParam("fault"));
            int count;
            try {
                count = Integer.parseInt(String.valueOf(req.getParam("count")));
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (!java.util.Set.of("timeout", "5xx", "429", "reject").contains(kind) || count < 1 || count > 10_000) {
                req.response().setStatusCode(400).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("error", "bad_request")
                                .put("message", "fault is timeout, 5xx, 429 or reject and count from 1 to 10000").encode());
                return;
            }
            java.util.Deque<String> q = (action.equals("orders") ? orderFaults : amendFaults).computeIfAbsent(venue.id(),
                    k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
            for (int i = 0; i < count; i++) {
                q.addLast(kind);
            }
            LOG.info("{}: the next {} order {} fail with {}", venue.id(), count, action.equals("orders") ? "placement(s)" : "amendment(s)", kind);
            req.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("venue", venue.id()).put("armed", q.size()).encode());
            return;
        }
        if (action.equals("clock")) {
            // The venue's clock for its private API runs this far from the machine's: what a
            // trading adapter's clock-drift correction is for.
            long skew;
            try {
                skew = Long.parseLong(String.valueOf(req.getParam("skew")));
            } catch (NumberFormatException e) {
                skew = Long.MIN_VALUE;
            }
            if (Math.abs(skew) > 86_400_000L) {
                req.response().setStatusCode(400).putHeader("content-type", "application/json")
                        .end(new JsonObject().put("error", "bad_request")
                                .put("message", "skew must be milliseconds from -86400000 to 86400000").encode());
                return;
            }
            clockSkews.put(venue.id(), skew);
            LOG.info("{}: the venue's clock now runs {} ms from the machine's", venue.id(), skew);
            req.response().putHeader("content-type", "application/json")
                    .end(new JsonObject().put("venue", venue.id()).put("clock_skew_ms", skew).encode());
            return;
        }
        if (action.equals("resume")) {
            LOG.info("{}: venue resumed", venue.id());
            venue.resume(vertx);
        } else {
            java.time.Duration duration = null;
            String text = req.getParam("for");
            if (text != null) {
                try {
                    duration = new io.dpp.runtime.config.DurationConverter().convert(text);
                } catch (RuntimeException e) {
                    duration = java.time.Duration.ZERO;
                }
                if (duration.isNegative() || duration.isZero()) {
                    req.response().setStatusCode(400).putHeader("content-type", "application/json")
                            .end(new JsonObject().put("error", "bad_request")
                                    .put("message", "for must be a positive duration such as 30s or 2m, not '" + text + "'")
                                    .encode());
                    return;
                }
            }
            LOG.info("{}: venue stalled {}", venue.id(), duration == null ? "until resumed" : "for " + duration);
            faultInjected(venue.id(), FaultSpec.Kind.STALL);
            venue.stall(duration, vertx);
        }
        req.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("venue", venue.id()).put("stalled", venue.stalled())
                        .put("connections", venue.connections().size()).encode());
    }

    private static void notFound(HttpServerRequest req, String message) {
        req.response().setStatusCode(404).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", "not_found").put("message", message).encode());
    }

    /** "/kraken/ws/x" as ["kraken", "/ws/x"]; "/kraken" as ["kraken", "/"]. */
    private static String[] split(String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return null;
        }
        int slash = path.indexOf('/', 1);
        return slash < 0 ? new String[] {path.substring(1), "/"} : new String[] {path.substring(1, slash), path.substring(slash)};
    }

    // ---- faults -------------------------------------------------------------------------------

    FaultSpec faults() {
        return faults;
    }

    /** The message fault that hits received message {@code number} of a capture, or null. */
    FaultSpec.Fault messageFault(String venue, String capture, long number) {
        for (FaultSpec.Fault f : faults.faults()) {
            if (f.isMessageFault() && f.message() == number && f.appliesTo(venue, capture)) {
                return f;
            }
        }
        return null;
    }

    private FaultSpec.Fault restFault(String venue) {
        for (Map.Entry<FaultSpec.Fault, AtomicInteger> e : restFaultsLeft.entrySet()) {
            if (e.getKey().appliesTo(venue, null) && e.getValue().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return e.getKey();
            }
        }
        return null;
    }

    void faultInjected(String venue, FaultSpec.Kind kind) {
        injected.computeIfAbsent(venue, v -> new EnumMap<>(FaultSpec.Kind.class));
        synchronized (injected) {
            injected.get(venue).computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    // ---- what others ask ----------------------------------------------------------------------

    Vertx vertx() {
        return vertx;
    }

    /** The port the simulator listens on. */
    public int port() {
        return server.actualPort();
    }

    /** The base URL of a venue: {@code ws://127.0.0.1:PORT/kraken} or {@code http://...}. */
    public String venueUrl(String scheme, String venue) {
        return baseUrl(scheme) + "/" + venue;
    }

    private String baseUrl(String scheme) {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return scheme + "://" + h + ":" + port();
    }

    /** The venues served, by id. */
    public List<String> venues() {
        return List.copyOf(venues.keySet());
    }

    /**
     * Feed setups that point every venue at the simulator, with the streams and listing the
     * captures used: what {@code dpp up --replay} runs.
     */
    public Map<String, FeedSetup> feedSetups() {
        Map<String, FeedSetup> out = new LinkedHashMap<>();
        for (VenueState v : venues.values()) {
            out.put(v.id(), new FeedSetup(v.venue(), venueUrl("ws", v.id()), venueUrl("http", v.id()), v.listingPaths(),
                    List.of(), List.of(), v.streams()));
        }
        return out;
    }

    @Override
    public boolean done(String venue, Map<Integer, Long> receivedByLocalPort) {
        VenueState v = venues.get(venue);
        return v != null && v.deliveredTo(receivedByLocalPort);
    }

    @Override
    public void feedsAttached() {
        clocksWanted = true;
    }

    @Override
    public ReplayProgress.ReplayClock clock(String venue, int localPort) {
        VenueState v = venues.get(venue);
        return v == null ? null : v.clock(localPort);
    }

    @Override
    public boolean demo(String venue) {
        VenueState v = venues.get(venue);
        return v != null && (v.synthetic() || v.recordedDemo());
    }

    /** Progress of every venue, as served at /sim/status. */
    public JsonObject status() {
        JsonArray list = new JsonArray();
        for (VenueState v : venues.values()) {
            JsonArray sessions = new JsonArray();
            long sent = 0;
            for (SimSession s : v.sessions()) {
                sessions.add(new JsonObject().put("capture", s.name()).put("path", s.path())
                        .put("streams", s.keys().size())
                        .put("replayed", s.receivedSoFar()).put("messages", s.receivedTotal())
                        .put("attached", s.attached() != null).put("done", s.done())
                        .put("replay_decode_errors", s.stats().decodeErrors()));
            }
            JsonArray connections = new JsonArray();
            for (SimConnection c : v.connections()) {
                sent += c.framesSent();
                connections.add(new JsonObject().put("path", c.path()).put("client_port", c.remotePort())
                        .put("sessions", c.sessions().size()).put("frames_sent", c.framesSent())
                        .put("age_ms", TimeUnit.NANOSECONDS.toMillis(c.ageNanos())));
            }
            JsonObject faultCounts = new JsonObject();
            Map<FaultSpec.Kind, AtomicLong> counts = injected.get(v.id());
            if (counts != null) {
                synchronized (injected) {
                    counts.forEach((k, n) -> faultCounts.put(k.name().toLowerCase().replace('_', '-'), n.get()));
                }
            }
            faultsCounted.forEach((k, n) -> {
                if (k.startsWith(v.id() + "|")) {
                    faultCounts.put(k.substring(v.id().length() + 1), n.get());
                }
            });
            double pace = venueSpeeds.getOrDefault(v.id(), speed);
            list.add(new JsonObject().put("venue", v.id()).put("speed", Double.isInfinite(pace) ? "max" : String.valueOf(pace))
                    .put("done", v.done()).put("stalled", v.stalled())
                    .put("sessions", sessions).put("connections", connections)
                    .put("frames_sent_on_open_connections", sent)
                    .put("rest_snapshot_requests", v.restRequests())
                    .put("rest_weight_max_in_window", v.restWeightMax())
                    .put("rest_weight_limit", v.protocol().limits().restWeight().permits())
                    .put("rest_weight_window_seconds", v.protocol().limits().restWeight().window().toSeconds())
                    .put("faults_injected", faultCounts));
        }
        return new JsonObject().put("speed", Double.isInfinite(speed) ? "max" : String.valueOf(speed))
                .put("venues", list);
    }

    /** A YAML configuration that points dpp up at this simulator (GET /sim/config). */
    public String configYaml() {
        StringBuilder sb = new StringBuilder("# dpp up --config FILE: every venue of the simulator at ")
                .append(baseUrl("http")).append('\n').append("streams:\n  venues:\n");
        for (FeedSetup s : feedSetups().values()) {
            sb.append("    ").append(s.venue().id()).append(":\n      enabled: true\n");
            sb.append("      ws-url: ").append(s.wsUrl()).append('\n');
            sb.append("      rest-url: ").append(s.restUrl()).append('\n');
            sb.append("      listing-paths: [").append(String.join(", ", s.listingPaths().stream().map(p -> "\"" + p + "\"").toList()))
                    .append("]\n");
            sb.append("      symbols: [").append(String.join(", ", s.streams().stream().map(x -> "\"" + x.symbol() + "\"")
                    .distinct().toList())).append("]\n");
            sb.append("      channels: [").append(String.join(", ", s.streams().stream().map(x -> "\"" + x.channel() + "\"")
                    .distinct().toList())).append("]\n");
        }
        // The venues' private APIs (balances, and orders where the simulator trades) are here too.
        List<String> trading = venues().stream().filter(io.dpp.trading.live.VenueSigner.VENUES::contains).toList();
        if (!trading.isEmpty()) {
            sb.append("ems:\n  venues:\n");
            for (String venue : trading) {
                sb.append("    ").append(venue).append(":\n      rest-url: ").append(venueUrl("http", venue)).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("simulator close: {}", e.toString());
        }
    }
}
