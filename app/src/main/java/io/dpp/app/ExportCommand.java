package io.dpp.app;

import io.dpp.runtime.config.ConfigException;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dpp export}: history of one instrument and channel from a running platform into a file,
 * CSV through the history API or JSON lines (the live stream's event format) through the replay
 * WebSocket, with a progress bar on the terminal.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export recorded history of one instrument and channel from a running DPP (dpp up, or "
            + "dpp up --target historical) to a file: CSV as the history API serves it, or JSON lines in the "
            + "live stream's event format. Shows progress on the terminal."})
final class ExportCommand implements Callable<Integer> {

    private static final List<String> CSV_CHANNELS = List.of("trades", "book_changes", "quotes", "liquidations",
            "derivative_tickers");
    private static final List<String> JSONL_CHANNELS = List.of("trades", "book_changes", "quotes", "liquidations",
            "derivative_tickers", "candles", "feed_status");

    @Option(names = "--venue", required = true, description = "Venue id, e.g. binance.")
    String venue;

    @Option(names = "--symbol", required = true, description = "Native (BTCUSDT) or normalized (BTC-USDT) symbol.")
    String symbol;

    @Option(names = "--channel", required = true, description = "trades, book_changes, quotes, liquidations, "
            + "derivative_tickers; with jsonl also candles and feed_status.")
    String channel;

    @Option(names = "--from", required = true, description = "Start, ISO-8601 UTC (2024-05-01T00:00:00Z) or a date.")
    String from;

    @Option(names = "--to", required = true, description = "End (exclusive), ISO-8601 UTC or a date.")
    String to;

    @Option(names = "--format", defaultValue = "csv", description = "csv (default) or jsonl.")
    String format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Output file (default: <venue>_<symbol>_<channel>_<from>_<to>.<format> here; - for stdout).")
    String out;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Give up, with a message, when the platform sends nothing for this long (default 60 s).")
    @Bounded(min = 1, max = 86_400)
    long idleTimeout;

    @Option(names = "--url", description = "The platform's HTTP address (default: http://127.0.0.1:<http.port>).")
    String url;

    @Mixin
    ApiKeyOption apiKey;

    private String key() {
        return apiKey.key();
    }

    /** A request with the API key header, when there is a key. */
    private HttpRequest.Builder request(String uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri));
        if (key() != null) {
            b.header("X-API-Key", key());
        }
        return b;
    }

    @Mixin
    ConfigFileOption configFile;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("csv") && !format.equals("jsonl")) {
            return usage("--format must be csv or jsonl, not \"" + format + "\"");
        }
        List<String> channels = format.equals("csv") ? CSV_CHANNELS : JSONL_CHANNELS;
        if (!channels.contains(channel)) {
            return usage("--channel must be one of " + channels + " with --format " + format + ", not \"" + channel + "\"");
        }
        Instant start;
        Instant end;
        try {
            start = instant(from);
            end = instant(to);
        } catch (DateTimeParseException e) {
            return usage("--from and --to take ISO-8601 times (2024-05-01T12:00:00Z) or dates (2024-05-01)");
        }
        if (!end.isAfter(start)) {
            return usage("--to must be after --from");
        }
        String base = url;
        if (base == null) {
            try {
                base = configFile.localAddress("http");
            } catch (ConfigException e) {
                return usage(e.getMessage());
            }
        }
        base = base.replaceAll("/+$", "");
        String query = "venue=" + enc(venue) + "&symbol=" + enc(symbol) + "&from=" + enc(start.toString()) + "&to=" + enc(end.toString());
        Path file = out == null ? Path.of(String.format("%s_%s_%s_%s_%s.%s", venue, symbol.replaceAll("[^A-Za-z0-9-]", ""),
                channel, start.toString().replace(":", ""), end.toString().replace(":", ""), format)) : null;
        boolean stdout = "-".equals(out);
        if (out != null && !stdout) {
            file = Path.of(out);
        }
        ProgressBar progress = new ProgressBar(start, end, !stdout);
        long t0 = System.nanoTime();
        long rows;
        // Written beside the file under a temporary name and moved into place once complete: a
        // file of the export's name is always a whole export. Interrupted (Ctrl-C), the part goes.
        Path part = file == null ? null : file.resolveSibling(file.getFileName() + ".part");
        Thread cleanup = part == null ? null : new Thread(() -> {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // nothing more to do on the way out
            }
        }, "dpp-export-cleanup");
        if (cleanup != null) {
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
        boolean complete = false;
        try {
            try (OutputStream sink = stdout ? new BufferedOutputStream(System.out, 1 << 16)
                    : new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                rows = format.equals("csv") ? csv(base, query, sink, progress) : jsonl(base, sink, progress, start, end);
            }
            if (part != null) {
                Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            complete = true;
        } catch (ConnectException e) {
            System.err.println("\ndpp export: no DPP platform answers at " + base + "; start one (./dpp up) or give --url");
            return Main.EXIT_FAILURE;
        } catch (ExportException e) {
            System.err.println("\ndpp export: " + e.getMessage());
            return Main.EXIT_FAILURE;
        } finally {
            if (part != null) {
                if (!complete) {
                    Files.deleteIfExists(part);
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C while exporting: the hook is running and removes the part itself
                }
            }
        }
        progress.done(rows, "rows");
        System.err.printf(Locale.ROOT, "dpp export: %d rows of %s %s %s to %s in %.1f s%n", rows, venue, symbol, channel,
                stdout ? "stdout" : file.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
        return Main.EXIT_OK;
    }

    private long csv(String base, String query, OutputStream sink, ProgressBar progress) throws Exception {
        HttpClient http = client();
        HttpResponse<java.io.InputStream> r = http.send(request(
                base + "/api/v1/" + channel + "?" + query + "&format=csv").timeout(Duration.ofSeconds(idleTimeout)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw ExportException.fromBody(new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        // The designated time: venue time for trades and liquidations, receive time otherwise.
        int timeColumn = channel.equals("trades") || channel.equals("liquidations") ? 0 : 1;
        long rows = 0;
        Watchdog watchdog = new Watchdog(idleTimeout, () -> {
            r.body().close();
            return null;
        });
        try (watchdog; BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8), 1 << 16)) {
            String line = reader.readLine();
            if (line == null) {
                throw new ExportException("the platform sent an empty answer");
            }
            sink.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            while ((line = reader.readLine()) != null) {
                watchdog.alive();
                sink.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                rows++;
                if ((rows & 1023) == 0) {
                    progress.at(rows, field(line, timeColumn));
                }
            }
        } catch (IOException e) {
            if (watchdog.fired()) {
                throw silent();
            }
            throw e;
        }
        if (watchdog.fired()) {
            throw silent();
        }
        return rows;
    }

    private long jsonl(String base, OutputStream sink, ProgressBar progress, Instant start, Instant end) throws Exception {
        String ws = base.replaceFirst("^http", "ws") + "/api/v1/replay?venues=" + enc(venue) + "&symbols=" + enc(symbol)
                + "&channels=" + channel + "&from=" + enc(start.toString()) + "&to=" + enc(end.toString()) + "&speed=max";
        HttpClient http = client();
        // An unknown venue or symbol is answered over plain HTTP first, with the reason.
        HttpResponse<String> check = http.send(request(base + "/api/v1/trades?venue=" + enc(venue)
                + "&symbol=" + enc(symbol) + "&limit=1").timeout(Duration.ofSeconds(idleTimeout)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (check.statusCode() != 200) {
            throw ExportException.fromBody(check.body());
        }
        Lines lines = new Lines(sink, progress, channel.equals("trades") || channel.equals("liquidations")
                ? "\"timestamp\":\"" : "\"local_timestamp\":\"");
        try {
            java.net.http.WebSocket.Builder wsb = http.newWebSocketBuilder();
            if (key() != null) {
                wsb.header("X-API-Key", key());
            }
            wsb.buildAsync(URI.create(ws), lines).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                throw ExportException.fromBody(String.valueOf(h.getResponse().body()));
            }
            throw e;
        }
        // Waits for the end of the replay while lines keep coming.
        long seen = -1;
        while (true) {
            try {
                lines.done.get(idleTimeout, TimeUnit.SECONDS);
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                if (lines.received == seen) {
                    throw silent();
                }
                seen = lines.received;
            }
        }
        if (lines.failure != null) {
            throw new ExportException(lines.failure);
        }
        return lines.rows;
    }

    /** Writes each replayed event as one line; completes at the close. */
    private static final class Lines implements WebSocket.Listener {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        final OutputStream sink;
        final ProgressBar progress;
        final String timeKey;
        long rows;
        String failure;

        Lines(OutputStream sink, ProgressBar progress, String timeKey) {
            this.sink = sink;
            this.progress = progress;
            this.timeKey = timeKey;
        }

        /** Messages received so far (the idle check reads it). */
        volatile long received;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            received++;
            partial.append(data);
            if (last) {
                String line = partial.toString();
                partial.setLength(0);
                if (!line.startsWith("{\"type\":\"replay_end\"")) {
                    try {
                        sink.write(line.getBytes(StandardCharsets.UTF_8));
                        sink.write('\n');
                    } catch (IOException e) {
                        failure = "cannot write: " + e.getMessage();
                        ws.abort();
                        done.complete(null);
                        return null;
                    }
                    rows++;
                    if ((rows & 1023) == 0) {
                        int i = line.indexOf(timeKey);
                        progress.at(rows, i < 0 ? null : line.substring(i + timeKey.length(), Math.min(line.length(),
                                i + timeKey.length() + 27)));
                    }
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            if (code != WebSocket.NORMAL_CLOSURE) {
                failure = "the replay ended with " + code + " " + reason;
            }
            done.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            failure = error.toString();
            done.complete(null);
        }
    }

    private HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(idleTimeout, 30))).build();
    }

    private ExportException silent() {
        return new ExportException("the platform sent nothing for " + idleTimeout + " s; the export is incomplete and was not kept"
                + " (--idle-timeout waits longer)");
    }

    /** Calls {@code onSilence} once when {@link #alive} has not been called for {@code seconds}. */
    private static final class Watchdog implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "dpp-export-watchdog");
                    t.setDaemon(true);
                    return t;
                });
        private volatile long last = System.nanoTime();
        private volatile boolean fired;

        Watchdog(long seconds, java.util.concurrent.Callable<?> onSilence) {
            long limit = TimeUnit.SECONDS.toNanos(seconds);
            timer.scheduleWithFixedDelay(() -> {
                if (!fired && System.nanoTime() - last > limit) {
                    fired = true;
                    try {
                        onSilence.call();
                    } catch (Exception e) {
                        // the reader sees the stream closed either way
                    }
                }
            }, 1, 1, TimeUnit.SECONDS);
        }

        void alive() {
            last = System.nanoTime();
        }

        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private static String field(String csvLine, int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start = csvLine.indexOf(',', start) + 1;
            if (start == 0) {
                return null;
            }
        }
        int end = csvLine.indexOf(',', start);
        return csvLine.substring(start, end < 0 ? csvLine.length() : end);
    }

    private static Instant instant(String text) {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                : OffsetDateTime.parse(text).toInstant();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int usage(String message) {
        System.err.println("dpp export: " + message);
        return Main.EXIT_USAGE;
    }

    /** The platform refused or broke off the export; the message says why. */
    private static final class ExportException extends Exception {
        ExportException(String message) {
            super(message);
        }

        /** The message of a JSON error body ({"status":..,"error":..,"message":".."}), else the body. */
        static ExportException fromBody(String body) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
            return new ExportException(m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : body);
        }
    }
}
