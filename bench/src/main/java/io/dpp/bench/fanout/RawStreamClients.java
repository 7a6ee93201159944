package io.dpp.bench.fanout;

import io.dpp.core.time.Timestamps;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The stream clients of {@code dpp bench fanout}: minimal RFC 6455 clients on plain NIO sockets,
 * a few selector threads for all of them. Each does the HTTP upgrade, sends its requests as masked
 * text frames, answers pings, and reads frames in place from one buffer per connection: per text
 * message it checks the subscription's sequence number (counting what is missing), and records
 * the time from the event's {@code local_timestamp} (set when it was published) to its arrival.
 * Nothing is allocated per message, so that on a small machine the measuring clients, which share
 * its cores with the server, cost as little as a client can.
 */
final class RawStreamClients implements AutoCloseable {

    private static final byte[] SUB = "{\"sub\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = ",\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOCAL = "\"local_timestamp\":\"".getBytes(StandardCharsets.US_ASCII);

    private final Recorder latency;
    private final AtomicLong delivered;
    private final AtomicLong lost;
    private final AtomicLong errors = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Selector> selectors = new ArrayList<>();
    private final List<Conn> conns = new ArrayList<>();
    private volatile boolean running = true;

    /** One connection: its socket, its read buffer and the last sequence number of each subscription. */
    private static final class Conn {
        final SocketChannel channel;
        ByteBuffer in = ByteBuffer.allocateDirect(32 * 1024);
        final int[] subs = new int[8];
        final long[] lastSeq = new long[8];
        int subCount;
        String closeReason;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /** Cached epoch day of the last date seen ("yyyy-MM-dd"), per selector thread. */
    private static final class DayCache {
        final byte[] date = new byte[10];
        long epochDay = Long.MIN_VALUE;
    }

    /**
     * Connects one client per entry of {@code requests} (each the JSON requests it sends after the
     * upgrade) and spreads them over {@code threadCount} selector threads; client {@code c} sends
     * the API key {@code keys.get(c % keys.size())} in its handshake (none when {@code keys} is empty).
     */
    RawStreamClients(int port, List<List<String>> requests, List<String> keys, int threadCount, Recorder latency,
                     AtomicLong delivered, AtomicLong lost) throws IOException {
        this.latency = latency;
        this.delivered = delivered;
        this.lost = lost;
        for (int t = 0; t < threadCount; t++) {
            selectors.add(Selector.open());
        }
        for (int c = 0; c < requests.size(); c++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            ch.socket().setTcpNoDelay(true);
            Conn conn = new Conn(ch);
            handshake(conn, port, keys.isEmpty() ? null : keys.get(c % keys.size()));
            for (String r : requests.get(c)) {
                writeFully(ch, ByteBuffer.wrap(RawSlowClient.maskedText(r.getBytes(StandardCharsets.UTF_8))));
            }
            ch.configureBlocking(false);
            ch.register(selectors.get(c % threadCount), SelectionKey.OP_READ, conn);
            conns.add(conn);
        }
        for (int t = 0; t < threadCount; t++) {
            Selector selector = selectors.get(t);
            Thread thread = new Thread(() -> loop(selector), "bench-ws-client-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Messages that were not well-formed stream messages (bad frame, no prefix where one was due). */
    long errors() {
        return errors.get();
    }

    private static void handshake(Conn conn, int port, String apiKey) throws IOException {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        writeFully(conn.channel, ByteBuffer.wrap(("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + (apiKey == null ? "" : "X-API-Key: " + apiKey + "\r\n") + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = conn.in;
        while (true) {
            if (conn.channel.read(in) < 0) {
                throw new IOException("the server closed during the WebSocket handshake");
            }
            int end = indexOf(in, 0, in.position(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end >= 0) {
                String head = StandardCharsets.US_ASCII.decode(in.duplicate().position(0).limit(end)).toString();
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IOException("WebSocket upgrade refused: " + head.lines().findFirst().orElse(""));
                }
                // Keep whatever followed the answer: it is the first frames.
                in.flip().position(end + 4);
                in.compact();
                return;
            }
            if (!in.hasRemaining()) {
                throw new IOException("WebSocket handshake answer too long");
            }
        }
    }

    private void loop(Selector selector) {
        DayCache days = new DayCache();
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    try {
                        if (c.channel.read(c.in) < 0) {
                            key.cancel();
                            continue;
                        }
                        frames(c, Timestamps.now(), days);
                    } catch (IOException e) {
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // closing
        }
    }

    /** Handles every whole frame in the buffer; all of them arrived at {@code now}. */
    private void frames(Conn c, long now, DayCache days) throws IOException {
        ByteBuffer b = c.in;
        int end = b.position();
        int at = 0;
        while (end - at >= 2) {
            int b0 = b.get(at) & 0xff;
            int b1 = b.get(at + 1) & 0xff;
            long len = b1 & 0x7f;
            int header = 2;
            if (len == 126) {
                if (end - at < 4) {
                    break;
                }
                len = b.getShort(at + 2) & 0xffff;
                header = 4;
            } else if (len == 127) {
                if (end - at < 10) {
                    break;
                }
                len = b.getLong(at + 2);
                header = 10;
            }
            if ((b1 & 0x80) != 0 || len > 1 << 24) {
                throw new IOException("bad frame from the server: masked or " + len + " bytes");
            }
            int frame = header + (int) len;
            if (frame > b.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(Integer.highestOneBit(frame) * 2);
                b.limit(end).position(at);
                bigger.put(b);
                c.in = bigger;
                return;
            }
            if (end - at < frame) {
                break;
            }
            int payload = at + header;
            switch (b0 & 0x0f) {
                case 0x1 -> text(c, b, payload, payload + (int) len, now, days);
                case 0x9 -> {
                    byte[] data = new byte[(int) len];
                    b.get(payload, data);
                    writeFully(c.channel, ByteBuffer.wrap(RawSlowClient.masked(0xA, data)));
                }
                case 0x8 -> {
                    byte[] data = new byte[(int) len];
                    b.get(payload, data);
                    c.closeReason = data.length >= 2 ? ((data[0] & 0xff) << 8 | (data[1] & 0xff)) + " "
                            + new String(data, 2, data.length - 2, StandardCharsets.UTF_8) : "";
                }
                default -> {
                    // pong or binary: nothing to check
                }
            }
            at += frame;
        }
        b.limit(end).position(at);
        b.compact();
    }

    /** One stream message: its sequence number and its latency. */
    private void text(Conn c, ByteBuffer b, int from, int to, long now, DayCache days) {
        if (!startsWith(b, from, to, SUB)) {
            return; // a reply or a heartbeat
        }
        int i = from + SUB.length;
        long sub = 0;
        while (i < to && b.get(i) >= '0' && b.get(i) <= '9') {
            sub = sub * 10 + b.get(i++) - '0';
        }
        if (!startsWith(b, i, to, SEQ)) {
            errors.incrementAndGet();
            return;
        }
        i += SEQ.length;
        long seq = 0;
        while (i < to && b.get(i) >= '0' && b.get(i) <= '9') {
            seq = seq * 10 + b.get(i++) - '0';
        }
        int k = 0;
        while (k < c.subCount && c.subs[k] != sub) {
            k++;
        }
        if (k == c.subCount && k < c.subs.length) {
            c.subs[k] = (int) sub;
            c.subCount++;
        } else if (k < c.subCount && seq != c.lastSeq[k] + 1) {
            lost.addAndGet(seq - c.lastSeq[k] - 1);
        }
        if (k < c.subs.length) {
            c.lastSeq[k] = seq;
        }
        int t = indexOf(b, i, to, LOCAL);
        if (t >= 0 && t + LOCAL.length + 27 <= to) {
            latency.recordValue(Math.max(0, now - isoMicros(b, t + LOCAL.length, days)));
        }
        delivered.incrementAndGet();
    }

    /** Microseconds of "yyyy-MM-ddTHH:mm:ss.SSSSSSZ" at {@code i}. */
    private static long isoMicros(ByteBuffer b, int i, DayCache days) {
        boolean same = days.epochDay != Long.MIN_VALUE;
        for (int k = 0; k < 10 && same; k++) {
            same = days.date[k] == b.get(i + k);
        }
        if (!same) {
            for (int k = 0; k < 10; k++) {
                days.date[k] = b.get(i + k);
            }
            days.epochDay = java.time.LocalDate.of((int) number(b, i, 4), (int) number(b, i + 5, 2), (int) number(b, i + 8, 2))
                    .toEpochDay();
        }
        long h = number(b, i + 11, 2);
        long mi = number(b, i + 14, 2);
        long se = number(b, i + 17, 2);
        long us = number(b, i + 20, 6);
        return ((days.epochDay * 24 + h) * 60 + mi) * 60_000_000L + se * 1_000_000L + us;
    }

    private static long number(ByteBuffer b, int at, int digits) {
        long v = 0;
        for (int k = 0; k < digits; k++) {
            v = v * 10 + b.get(at + k) - '0';
        }
        return v;
    }

    private static boolean startsWith(ByteBuffer b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b.get(from + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ByteBuffer b, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b.get(i + k) != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void writeFully(SocketChannel ch, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            if (ch.write(data) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    /** Close frames received so far, as "code reason". */
    List<String> closeReasons() {
        List<String> out = new ArrayList<>();
        for (Conn c : conns) {
            if (c.closeReason != null) {
                out.add(c.closeReason);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        running = false;
        for (Selector s : selectors) {
            s.wakeup();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Conn c : conns) {
            c.channel.close();
        }
        for (Selector s : selectors) {
            s.close();
        }
    }
}
