package io.dpp.sim.trading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dpp.trading.live.BalanceRead;
import io.dpp.trading.live.HttpCall;
import io.dpp.trading.live.PrivateStream;
import io.dpp.trading.live.VenueKey;
import io.dpp.trading.live.VenueSigner;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A venue's private stream as the simulator serves it, over a real socket: an account opened, the
 * stream served by a Vert.x server as the simulator serves it, a JDK WebSocket client connected to
 * it, and the account's REST calls answered by {@link SimAccounts} as the venue's.
 */
abstract class PrivateSimHarness {

    protected final SimAccounts sim = new SimAccounts();
    protected final String venue;
    protected final PrivateStream stream;
    protected final VenueSigner signer;
    protected final VenueKey key;
    protected final Function<String, SimBook> books;
    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    protected final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    /** The paths of the connections the simulator has set up its side of (listening to the account where it knows it). */
    private final BlockingQueue<String> served = new LinkedBlockingQueue<>();
    private String connected;
    /** The close codes the simulator ended connections with. */
    protected final BlockingQueue<Integer> closes = new LinkedBlockingQueue<>();
    private Vertx vertx;
    private HttpServer server;
    protected WebSocket ws;

    PrivateSimHarness(String venue, VenueKey key, Function<String, SimBook> books) {
        this.venue = venue;
        this.stream = PrivateStream.of(venue);
        this.signer = VenueSigner.of(venue);
        this.key = key;
        this.books = books;
    }

    /** The account's opening balances, as JSON. */
    abstract String balances();

    @BeforeEach
    void start() throws Exception {
        assertThat(sim.open("{\"venue\":\"" + venue + "\",\"api_key\":\"" + key.apiKey() + "\",\"secret\":\"" + key.secret()
                + "\",\"balances\":" + balances() + "}").status()).isEqualTo(201);
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().webSocketHandler(s -> {
            if (sim.streams(venue, s.path())) {
                sim.privateStream(venue, s, System::currentTimeMillis, books, (call, serve) -> serve.get()); // listens to the account before it returns
                served.add(s.path());
            } else {
                s.close((short) 1008, "not the venue's private stream: " + s.path());
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Connects to the venue's private stream, at the address a connection made with {@code token} has (null: none). */
    protected void connect(String token) throws Exception {
        if (ws != null) {
            ws.abort();
        }
        connected = stream.path(token);
        ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.actualPort() + connected), new WebSocket.Listener() {
                    private final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            heard.add(part.toString());
                            part.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                        closes.add(status);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPong(WebSocket w, ByteBuffer message) {
                        pongs.add("pong");
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (ws != null) {
            ws.abort();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until the simulator has set up its side of the last connection (after the client's
     * handshake completes): a stream that needs no login has no answer to wait for.
     */
    protected void awaitServed() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String path;
        do {
            path = served.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(path).as("the simulator serving " + connected).isNotNull();
        } while (!path.endsWith(connected));
    }

    /** The next message the simulator sends on the stream, as text (a venue's "pong" is no JSON). */
    protected String nextText() throws Exception {
        String m = heard.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message from the simulator").isNotNull();
        return m;
    }

    /** The next message the simulator sends on the stream. */
    protected JsonNode next() throws Exception {
        String m = heard.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message from the simulator").isNotNull();
        return BalanceRead.JSON.readTree(m);
    }

    /** One signed REST call of the account, answered by the simulator now; it must succeed. */
    protected JsonNode call(HttpCall call) throws Exception {
        SimAccounts.Answer a = answer(call);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return BalanceRead.JSON.readTree(a.body());
    }

    /** One signed REST call of the account, answered by the simulator now. */
    protected SimAccounts.Answer answer(HttpCall call) {
        long now = System.currentTimeMillis();
        // Signed for its host, as the EMS's client signs it (Coinbase's JWT names it).
        return sim.serve(venue, signer.sign(call.withHeader("host", "127.0.0.1"), key, now), now, books);
    }
}
