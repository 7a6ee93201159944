package io.dpp.streams.live;

import io.dpp.streams.capture.Capture;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the live feeds exchange with the venues as native captures in the fixture format
 * ({@code dpp record --capture-out DIR}), so that users build their own replay sets for
 * {@code dpp replay}, {@code dpp sim} and {@code dpp up --replay}:
 *
 * <ul>
 *   <li>{@code <VENUE>.0}: the instrument listing, {@code URL -> t: JSON} per response;</li>
 *   <li>{@code <VENUE>.ws.<connection>.<n>}: one file per WebSocket connection opened:
 *       {@code URL <-> t}, then {@code URL <- t: JSON} for each message sent and {@code t: JSON} for
 *       each message received;</li>
 *   <li>{@code <VENUE>.http.0.<n>}: the REST book snapshots, {@code URL -> t: JSON}.</li>
 * </ul>
 *
 * {@code t} is the receive time in epoch seconds with six decimals. Files of earlier runs in the
 * folder are kept: new files take the next free number. Writes are buffered and flushed every
 * second and when a connection closes.
 */
public final class CaptureRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureRecorder.class);

    private final Path dir;
    private final Set<Writer> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Writer> rest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capture-flush");
        t.setDaemon(true);
        return t;
    });

    public CaptureRecorder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the capture folder " + this.dir, e);
        }
        flusher.scheduleWithFixedDelay(() -> open.forEach(Writer::flush), 1, 1, TimeUnit.SECONDS);
    }

    /** The folder captures go to. */
    public Path dir() {
        return dir;
    }

    /** The instrument listing as fetched (rewritten on each fetch of this run). */
    public void listing(String venue, List<Capture.RestResponse> responses) {
        Path file = dir.resolve(prefix(venue) + ".0");
        StringBuilder sb = new StringBuilder();
        for (Capture.RestResponse r : responses) {
            sb.append(r.url()).append(" -> ").append(seconds(r.time())).append(": ")
                    .append(oneLine(new String(r.body(), StandardCharsets.UTF_8))).append('\n');
        }
        try {
            Files.writeString(file, sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("capture: cannot write {}: {}", file, e.toString());
        }
    }

    /** A new file for a WebSocket connection just opened to {@code url}. */
    public Writer connection(String venue, int index, String url, long time) {
        Writer w = new Writer(next(prefix(venue) + ".ws." + index + "."));
        w.line(url + " <-> " + seconds(time));
        return w;
    }

    /** A REST snapshot response. */
    public void rest(String venue, String url, long time, byte[] body) {
        Writer w = rest.computeIfAbsent(venue, v -> new Writer(next(prefix(v) + ".http.0.")));
        w.line(url + " -> " + seconds(time) + ": " + oneLine(new String(body, StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        for (Writer w : open) {
            w.close();
        }
    }

    private synchronized Path next(String stem) {
        for (int n = 0; ; n++) {
            Path p = dir.resolve(stem + n);
            if (!Files.exists(p)) {
                try {
                    Files.createFile(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create " + p, e);
                }
                return p;
            }
        }
    }

    private static String prefix(String venue) {
        return venue.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static String seconds(long micros) {
        long s = Math.floorDiv(micros, 1_000_000L);
        long f = Math.floorMod(micros, 1_000_000L);
        return s + "." + String.format(Locale.ROOT, "%06d", f);
    }

    private static String oneLine(String text) {
        return text.indexOf('\n') < 0 && text.indexOf('\r') < 0 ? text : text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** One capture file, written from the connection's thread; flushed every second. */
    public final class Writer {

        private final Path file;
        private OutputStream out;

        Writer(Path file) {
            this.file = file;
            try {
                this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open " + file, e);
            }
            open.add(this);
        }

        /** A message sent to the venue. */
        public void sent(String url, long time, String message) {
            line(url + " <- " + seconds(time) + ": " + oneLine(message));
        }

        /** A message received (a whole, reassembled frame). */
        public void received(long time, byte[] bytes, int offset, int length) {
            String head = seconds(time) + ": ";
            synchronized (this) {
                if (out == null) {
                    return;
                }
                try {
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    int start = offset;
                    for (int i = offset; i < offset + length; i++) {
                        if (bytes[i] == '\n' || bytes[i] == '\r') {
                            out.write(bytes, start, i - start);
                            out.write(' ');
                            start = i + 1;
                        }
                    }
                    out.write(bytes, start, offset + length - start);
                    out.write('\n');
                } catch (IOException e) {
                    failed(e);
                }
            }
        }

        synchronized void line(String line) {
            if (out == null) {
                return;
            }
            try {
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            } catch (IOException e) {
                failed(e);
            }
        }

        synchronized void flush() {
            if (out != null) {
                try {
                    out.flush();
                } catch (IOException e) {
                    failed(e);
                }
            }
        }

        /** Flushes and closes the file. */
        public synchronized void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.warn("capture: cannot close {}: {}", file, e.toString());
                }
                out = null;
            }
            open.remove(this);
        }

        private void failed(IOException e) {
            LOG.warn("capture: writing {} failed ({}); this capture stops here", file, e.toString());
            try {
                out.close();
            } catch (IOException ignored) {
                // already failing
            }
            out = null;
            open.remove(this);
        }
    }
}
