package io.dpp.serve.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream client's outbound queue on a real Vert.x server and client over loopback: the frames
 * it writes straight into the channel must be what a standard WebSocket client (Netty's strict
 * decoder, through Vert.x) reads as text messages, for every length encoding, in order, across a
 * socket that fills up and drains again, and through Vert.x when the client asked for compression.
 */
class StreamClientTest {

    private Vertx vertx;
    private HttpServer server;
    private final CompletableFuture<StreamClient> accepted = new CompletableFuture<>();
    private final StreamStats stats = new StreamStats();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            req.toWebSocket().onSuccess(ws -> {
                // The direct frame writes need the socket's Netty channel: a Vert.x version that no
                // longer exposes it fails here instead of quietly writing through Vert.x.
                io.netty.channel.Channel channel = io.dpp.runtime.http.WebSocketChannels.channel(ws);
                if (channel == null) {
                    accepted.completeExceptionally(new AssertionError("Vert.x no longer exposes a WebSocket's Netty channel"));
                    return;
                }
                accepted.complete(new StreamClient(1, ws, channel, vertx.getOrCreateContext(), 100_000, stats));
            });
        }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    /**
     * Clients made for the test are kept here until it ends: a WebSocket client nobody references
     * is closed when the garbage collector finds it, and its connections with it.
     */
    private final List<io.vertx.core.http.WebSocketClient> clients = new ArrayList<>();

    private WebSocket connect(boolean compression, List<String> received) throws Exception {
        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22).setTryUsePerMessageCompression(compression));
        clients.add(client);
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.actualPort()).setURI("/"))
                .await(10, TimeUnit.SECONDS);
        ws.textMessageHandler(received::add);
        return ws;
    }

    /** A JSON body of about {@code length} bytes with a non-ASCII character. */
    private static byte[] body(int n, int length) {
        StringBuilder sb = new StringBuilder("{\"type\":\"trade\",\"n\":").append(n).append(",\"pad\":\"é");
        while (sb.length() < length - 2) {
            sb.append((char) ('a' + sb.length() % 26));
        }
        return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String expected(int sub, long seq, byte[] body) {
        return "{\"sub\":" + sub + ",\"seq\":" + seq + "," + new String(body, 1, body.length - 1, StandardCharsets.UTF_8);
    }

    @Test
    void framesOfEveryLengthArriveAsSentAndInOrder() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        connect(false, received);
        StreamClient client = accepted.get(10, TimeUnit.SECONDS);
        assertThat(client.writesFramesDirectly()).as("frames written straight to the channel").isTrue();
        List<String> sent = new ArrayList<>();
        // 7-bit, 16-bit and 64-bit payload lengths, around each boundary, with and without the prefix.
        int[] lengths = {20, 100, 125, 126, 127, 1000, 65_000, 65_535, 65_536, 70_000, 300_000};
        int n = 0;
        for (int length : lengths) {
            byte[] b = body(n, length);
            client.enqueue(7, 1_000_000_000L + n, b, false);
            sent.add(expected(7, 1_000_000_000L + n, b));
            n++;
            String whole = new String(body(n, length), StandardCharsets.UTF_8);
            client.enqueue(whole, false);
            sent.add(whole);
            n++;
        }
        client.schedule();
        awaitCount(received, sent.size());
        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void theJdkClientReadsTheSameFrames() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.actualPort() + "/"), new java.net.http.WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();

                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence text, boolean last) {
                        partial.append(text);
                        if (last) {
                            received.add(partial.toString());
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public void onError(java.net.http.WebSocket w, Throwable error) {
                        errors.add(error);
                    }
                }).get(10, TimeUnit.SECONDS);
        StreamClient client = accepted.get(10, TimeUnit.SECONDS);
        List<String> sent = new ArrayList<>();
        int[] lengths = {20, 125, 126, 127, 65_535, 65_536, 70_000, 300_000, 50, 2_000_000};
        for (int i = 0; i < lengths.length; i++) {
            byte[] b = body(i, lengths[i]);
            client.enqueue(2, i + 1, b, true);
            sent.add(expected(2, i + 1, b));
        }
        client.schedule();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.size() < sent.size() && errors.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(errors).isEmpty();
        assertThat(received).containsExactlyElementsOf(sent);
        ws.abort();
    }

    @Test
    void aFullSocketHoldsTheQueueUntilTheClientReadsAgainAndLosesNothing() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocket ws = connect(false, received);
        StreamClient client = accepted.get(10, TimeUnit.SECONDS);
        ws.pause();
        // About 20 MB: far beyond the socket buffers and Netty's high-water mark.
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] b = body(i, 1000);
            client.enqueue(3, i + 1, b, i % 2 == 0);
            sent.add(expected(3, i + 1, b));
            if (i % 100 == 0) {
                client.schedule();
            }
        }
        client.schedule();
        Thread.sleep(500);
        assertThat(client.queued()).as("the rest waits in the queue while the socket is full").isGreaterThan(0);
        assertThat(client.capacity()).as("the ring grew with the backlog").isGreaterThan(1024);
        assertThat(received).isEmpty();
        ws.resume();
        awaitCount(received, sent.size());
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(client.queued()).isZero();
        assertThat(client.capacity()).as("the ring shrinks once the backlog is written").isEqualTo(16);
        // And grows again for the next burst, losing nothing.
        List<String> more = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            byte[] b = body(i, 100);
            client.enqueue(4, i + 1, b, false);
            more.add(expected(4, i + 1, b));
        }
        client.schedule();
        awaitCount(received, sent.size() + more.size());
        assertThat(received.subList(sent.size(), received.size())).containsExactlyElementsOf(more);
    }

    @Test
    void aClientThatNegotiatedCompressionGetsTheSameMessagesThroughVertx() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        WebSocket ws = connect(true, received);
        assertThat(ws.headers().get("sec-websocket-extensions")).as("compression agreed").contains("permessage-deflate");
        StreamClient client = accepted.get(10, TimeUnit.SECONDS);
        assertThat(client.writesFramesDirectly()).as("compressed frames go through Vert.x").isFalse();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] b = body(i, 50 + i * 997);
            client.enqueue(9, i + 1, b, false);
            sent.add(expected(9, i + 1, b));
        }
        client.schedule();
        awaitCount(received, sent.size());
        assertThat(received).containsExactlyElementsOf(sent);
    }

    private static void awaitCount(List<String> received, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.size() < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(received).as("messages received").hasSize(n);
    }
}
