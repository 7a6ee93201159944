package io.dpp.bench.fanout;

import io.dpp.serve.stream.StreamApiModule;
import io.dpp.bus.Bus;
import io.dpp.bus.BusModule;
import io.dpp.core.decimal.Decimal64;
import io.dpp.core.instrument.Instrument;
import io.dpp.core.instrument.InstrumentType;
import io.dpp.core.model.Quote;
import io.dpp.core.model.Side;
import io.dpp.core.model.Trade;
import io.dpp.core.time.Timestamps;
import io.dpp.runtime.config.DppConfig;
import io.dpp.runtime.http.HttpModule;
import io.dpp.runtime.module.Lifecycle;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * {@code dpp bench fanout}: the stream API on loopback with real WebSocket clients. A publisher puts
 * trades and quotes on the in-process bus at a fixed rate, spread over a set of instruments; each
 * client subscribes to the trades and quotes of its own random instruments and measures, per
 * message, the time from publish (the event's receive time) to its arrival, and checks its
 * sequence numbers. Optional slow clients never read: they must be dropped without hurting the
 * others.
 */
public final class FanoutBenchmark {

    /**
     * The figures, with what proves the work: {@code expected} deliveries (every event published in
     * the measured window times the reading clients subscribed to its instrument) against those
     * {@code delivered} in it (the two windows are offset by the messages in flight), sequence gaps
     * ({@code lost}), whether the clients connected with API keys, and how many clients were
     * written ready-made frames ({@code frames_clients}; the others went through Vert.x's writes).
     */
    public record Result(int clients, double inputPerSec, double deliveredPerSec, long expected, long delivered, boolean keys,
                         double p50Ms, double p99Ms, double p999Ms,
                         long lost, int slowClients, int slowDisconnected, String slowReason, ClientKind client, long errors,
                         long framesClients) {
        public String json() {
            return String.format(Locale.ROOT, "{\"clients\":%d,\"keys\":%b,\"input_per_sec\":%.0f,\"delivered_per_sec\":%.0f,"
                            + "\"expected\":%d,\"delivered\":%d,"
                            + "\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"p999_ms\":%.2f,\"lost\":%d,\"slow_clients\":%d,"
                            + "\"slow_disconnected\":%d%s,\"client\":\"%s\",\"bad_messages\":%d,\"frames_clients\":%d}", clients, keys,
                    inputPerSec,
                    deliveredPerSec, expected, delivered, p50Ms, p99Ms, p999Ms, lost, slowClients, slowDisconnected,
                    slowReason == null ? "" : ",\"slow_reason\":" + io.vertx.core.json.Json.encode(slowReason),
                    client.name().toLowerCase(Locale.ROOT), errors, framesClients);
        }
    }

    /**
     * The clients that read: {@code RAW}, minimal WebSocket clients on NIO selectors that allocate
     * nothing per message ({@link RawStreamClients}), or {@code VERTX}, Vert.x WebSocket clients
     * that decode each message into a String, as a typical client library does.
     */
    public enum ClientKind {
        RAW, VERTX
    }

    private FanoutBenchmark() {
    }

    /**
     * @param config      the process configuration (http.port 0 is best)
     * @param clients     clients that read
     * @param rate        events published per second (half trades, half quotes)
     * @param instruments instruments the events are spread over
     * @param perClient   instruments each client subscribes to (trades and quotes)
     * @param slow        clients that subscribe to everything and never read
     */
    public static Result run(DppConfig config, int clients, int rate, int instruments, int perClient, int slow,
                             Duration warmup, Duration measure, ClientKind kind) throws Exception {
        return run(config, io.dpp.runtime.access.OpenAccess.module(), List.of(), clients, rate, instruments, perClient, slow, warmup,
                measure, kind);
    }

    /**
     * As above, behind {@code access} (the accounts' key check, as a platform runs it): client
     * {@code c} connects with {@code keys.get(c % keys.size())} in its handshake.
     */
    public static Result run(DppConfig config, io.dpp.runtime.module.ModuleDescriptor access, List<String> keys, int clients,
                             int rate, int instruments, int perClient, int slow, Duration warmup, Duration measure,
                             ClientKind kind) throws Exception {
        Lifecycle platform = new Lifecycle(List.of(HttpModule.descriptor(), access, BusModule.descriptor(),
                io.dpp.runtime.events.UserEventsModule.descriptor(), StreamApiModule.descriptor(List.of("binance"))),
                config, new PrometheusRegistry());
        platform.start(Duration.ofSeconds(30));
        Vertx vertx = Vertx.vertx();
        RawStreamClients raw = null;
        try {
            int port = platform.module(HttpModule.class).port();
            Bus bus = platform.module(BusModule.class).bus();
            Instrument[] symbols = new Instrument[instruments];
            for (int i = 0; i < instruments; i++) {
                symbols[i] = Instrument.builder("binance", "S" + i + "USDT").assets("S" + i, "USDT").type(InstrumentType.SPOT).build();
            }
            WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + slow + 10)
                    .setMaxFrameSize(1 << 20));
            Recorder latency = new Recorder(3);
            AtomicLong delivered = new AtomicLong();
            AtomicLong lost = new AtomicLong();
            Random random = new Random(1);
            List<WebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<List<String>> choices = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<String> mine = new ArrayList<>();
                while (mine.size() < perClient) {
                    String s = symbols[random.nextInt(instruments)].nativeSymbol();
                    if (!mine.contains(s)) {
                        mine.add(s);
                    }
                }
                choices.add(mine);
            }
            // How many reading clients want each instrument: what a published event should reach.
            int[] subscribers = new int[instruments];
            java.util.Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < instruments; i++) {
                index.put(symbols[i].nativeSymbol(), i);
            }
            for (List<String> mine : choices) {
                for (String sym : mine) {
                    subscribers[index.get(sym)]++;
                }
            }
            // The clients are spread over one event loop per core, like a server's connections.
            int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
            if (kind == ClientKind.RAW) {
                List<List<String>> requests = new ArrayList<>();
                for (List<String> mine : choices) {
                    List<String> r = new ArrayList<>();
                    for (String channel : new String[] {"trades", "quotes"}) {
                        r.add(new JsonObject().put("op", "subscribe").put("id", channel).put("channel", channel)
                                .put("venue", "binance").put("symbols", new JsonArray(mine)).encode());
                    }
                    requests.add(r);
                }
                raw = new RawStreamClients(port, requests, keys, loops, latency, delivered, lost);
            }
            for (int loop = 0; loop < (kind == ClientKind.VERTX ? loops : 0); loop++) {
                int first = loop;
                vertx.deployVerticle(new io.vertx.core.VerticleBase() {
                    @Override
                    public io.vertx.core.Future<?> start() {
                        List<io.vertx.core.Future<WebSocket>> connects = new ArrayList<>();
                        for (int c = first; c < clients; c += loops) {
                            List<String> mine = choices.get(c);
                            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                                    .setURI("/api/v1/stream");
                            if (!keys.isEmpty()) {
                                options.addHeader("X-API-Key", keys.get(c % keys.size()));
                            }
                            connects.add(ws.connect(options).onSuccess(socket -> {
                                        java.util.Map<Integer, long[]> lastSeq = new java.util.HashMap<>();
                                        socket.textMessageHandler(text -> {
                                            int seqAt = text.indexOf("\"seq\":");
                                            if (seqAt < 0) {
                                                return;
                                            }
                                            long now = Timestamps.now();
                                            int sub = (int) number(text, text.indexOf("\"sub\":") + 6);
                                            long seq = number(text, seqAt + 6);
                                            long[] last = lastSeq.computeIfAbsent(sub, k -> new long[1]);
                                            if (last[0] != 0 && seq != last[0] + 1) {
                                                lost.addAndGet(seq - last[0] - 1);
                                            }
                                            last[0] = seq;
                                            int t = text.indexOf("\"local_timestamp\":\"");
                                            if (t >= 0) {
                                                latency.recordValue(Math.max(0, now - isoMicros(text, t + 19)));
                                            }
                                            delivered.incrementAndGet();
                                        });
                                        for (String channel : new String[] {"trades", "quotes"}) {
                                            socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("id", channel)
                                                    .put("channel", channel).put("venue", "binance")
                                                    .put("symbols", new JsonArray(mine)).encode());
                                        }
                                        sockets.add(socket);
                                    }));
                        }
                        return io.vertx.core.Future.all(connects);
                    }
                }).await(60, TimeUnit.SECONDS);
            }
            List<RawSlowClient> slowClients = new ArrayList<>();
            for (int c = 0; c < slow; c++) {
                slowClients.add(new RawSlowClient(port, keys.isEmpty() ? null : keys.get((clients + c) % keys.size()),
                        "{\"op\":\"subscribe\",\"id\":\"t\",\"channel\":\"trades\",\"venue\":\"*\",\"symbols\":[\"*\"]}",
                        "{\"op\":\"subscribe\",\"id\":\"q\",\"channel\":\"quotes\",\"venue\":\"*\",\"symbols\":[\"*\"]}"));
            }
            StreamApiModule api = platform.module(StreamApiModule.class);
            Thread.sleep(500); // subscriptions in place

            long warmupEnd = System.nanoTime() + warmup.toNanos();
            long[] published = new long[1];
            Thread publisher = new Thread(() -> publish(bus, symbols, rate, warmupEnd + measure.toNanos(), published),
                    "bench-publisher");
            publisher.start();
            while (System.nanoTime() < warmupEnd) {
                Thread.sleep(50);
            }
            latency.reset();
            long d0 = delivered.get();
            long p0 = published[0];
            long lost0 = lost.get();
            long t0 = System.nanoTime();
            publisher.join();
            Thread.sleep(200); // the last messages arrive
            double seconds = (System.nanoTime() - t0) / 1e9;
            var h = latency.getIntervalHistogram();
            // The reason travels in the close frame behind what the client never read; read it now.
            List<String> slowReasons = new ArrayList<>();
            for (RawSlowClient c : slowClients) {
                String reason = c.closeReason(1000);
                if (reason != null) {
                    slowReasons.add(reason);
                }
                c.close();
            }
            long expected = 0;
            for (long n = p0; n < published[0]; n++) {
                expected += subscribers[(int) (n / 2 % instruments)];
            }
            Result r = new Result(clients, (published[0] - p0) / seconds, (delivered.get() - d0) / seconds, expected,
                    delivered.get() - d0, !keys.isEmpty(),
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0, lost.get() - lost0, slow, (int) api.slowDisconnects(),
                    slowReasons.isEmpty() ? null : slowReasons.get(0), kind, raw == null ? 0 : raw.errors(),
                    api.clientsWrittenAsFrames());
            for (WebSocket s : sockets) {
                s.close();
            }
            return r;
        } finally {
            if (raw != null) {
                raw.close();
            }
            platform.stop(Duration.ofSeconds(10), Duration.ZERO);
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // paused (slow) client sockets may not finish closing; the process ends anyway
            }
        }
    }

    /** Trades and quotes in turn, round-robin over the instruments, {@code rate} per second until {@code end}. */
    private static void publish(Bus bus, Instrument[] symbols, int rate, long end, long[] published) {
        Trade trade = new Trade();
        Quote quote = new Quote();
        long start = System.nanoTime();
        long n = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            long due = (now - start) * rate / 1_000_000_000L;
            while (n < due) {
                Instrument i = symbols[(int) (n / 2 % symbols.length)];
                long t = Timestamps.now();
                if ((n & 1) == 0) {
                    trade.instrument(i);
                    trade.times(t, t);
                    trade.id().set(n);
                    bus.publish(trade.set(Decimal64.of(6_000_000 + n % 1000, 2), Decimal64.of(1 + n % 500, 4), Side.BUY));
                } else {
                    quote.instrument(i);
                    quote.times(t, t);
                    bus.publish(quote.set(Decimal64.of(5_999_900, 2), Decimal64.of(15, 1), Decimal64.of(6_000_100, 2),
                            Decimal64.of(7, 1)));
                }
                n++;
                published[0] = n;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static long number(String s, int from) {
        long v = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Microseconds of "yyyy-MM-ddTHH:mm:ss.SSSSSSZ" at {@code i} (same UTC day arithmetic as Timestamps). */
    private static long isoMicros(String s, int i) {
        int y = (int) number(s, i);
        int mo = (int) number(s, i + 5);
        int d = (int) number(s, i + 8);
        long h = number(s, i + 11);
        long mi = number(s, i + 14);
        long se = number(s, i + 17);
        long us = number(s, i + 20);
        long days = java.time.LocalDate.of(y, mo, d).toEpochDay();
        return ((days * 24 + h) * 60 + mi) * 60_000_000L + se * 1_000_000L + us;
    }
}
